/**
 * The out-of-office reply (BK-22, RFC 3834): to the envelope sender, in the language the mail
 * was written in, naming the return date (yyyy-mm-dd) and who to reach meanwhile; marked
 * `Auto-Submitted: auto-replied` and threaded to the mail it answers (In-Reply-To, References).
 * Its subject is the original's with identity numbers masked (RFC 3834 §3.1.5 "Auto:"), so a
 * number a citizen wrote in a subject is not sent back out.
 */
import { translate, type Lang } from '../i18n/catalog.ts';
import { generatedRoot } from '../notices/mime.ts';
import { publicText } from '../maillog/index.ts';
import { messages } from './messages.ts';

export interface OutOfOfficeInput {
  lang: Lang;
  person: string;
  /** The envelope sender of the mail answered. */
  to: string;
  subject: string;
  /** The answered mail's Message-ID and References, for threading (RFC 3834 §3.1.5). */
  messageId?: string;
  references: string[];
  /** yyyy-mm-dd. */
  returnOn: string;
  substitute: string | null;
  municipality: { name: string; phone?: string; email?: string };
  hostname: string;
  date: Date;
}

export function outOfOfficeText(input: OutOfOfficeInput): string {
  const t = (key: keyof (typeof messages)['en'], params: Record<string, string> = {}) => translate(messages, input.lang, key, params);
  const contact = [input.municipality.phone, input.municipality.email].filter((c): c is string => !!c);
  const lines = [t('replyAway', { person: input.person, returnOn: input.returnOn }), ''];
  if (input.substitute) lines.push(t('replySubstitute', { substitute: input.substitute }));
  else lines.push(t('replyNobody', { person: input.person, municipality: input.municipality.name, contact: contact.length ? ` (${contact.join(', ')})` : '' }));
  lines.push('', '-- ', t('replyFooter'));
  return lines.join('\r\n') + '\r\n';
}

export function outOfOfficeSubject(lang: Lang, subject: string): string {
  return translate(messages, lang, 'replySubject', { subject: publicText(subject) });
}

export async function buildOutOfOffice(input: OutOfOfficeInput): Promise<Buffer> {
  const root = generatedRoot('text/plain; charset=utf-8', {
    from: input.person,
    to: input.to,
    subject: outOfOfficeSubject(input.lang, input.subject),
    hostname: input.hostname,
    date: input.date,
  });
  root.setHeader('Auto-Submitted', 'auto-replied');
  root.setHeader('Content-Language', input.lang);
  if (input.messageId) {
    root.setHeader('In-Reply-To', input.messageId);
    root.setHeader('References', [...input.references.filter((r) => r !== input.messageId), input.messageId].join(' '));
  }
  root.setContent(outOfOfficeText(input));
  return root.build();
}
