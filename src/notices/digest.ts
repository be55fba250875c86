/**
 * One digest mail (BK-10): a short list of what it holds, then each notice whole as a
 * message/rfc822 part of a multipart/digest (RFC 2046 §5.1.5), so links and texts are as sent.
 */
import MimeNode from 'nodemailer/lib/mime-node';
import { translate, type Lang } from '../i18n/catalog.ts';
import { messages } from './messages.ts';
import { generatedRoot } from './mime.ts';

export interface DigestInput {
  lang: Lang;
  to: string;
  notices: Array<{ subject: string; raw: Buffer }>;
  hostname: string;
  date: Date;
  timeZone: string;
}

export function digestSubject(lang: Lang, count: number): string {
  return translate(messages, lang, 'digestSubject', { count });
}

export async function buildDigest(input: DigestInput): Promise<Buffer> {
  const t = (key: keyof (typeof messages)['en'], params?: Record<string, string | number>) => translate(messages, input.lang, key, params);
  const root = generatedRoot('multipart/mixed', {
    from: `Postvakt <postmaster@${input.hostname}>`,
    to: input.to,
    subject: digestSubject(input.lang, input.notices.length),
    hostname: input.hostname,
    date: input.date,
  });
  const lines = [t('digestIntro', { count: input.notices.length }), '', ...input.notices.map((n) => `  - ${n.subject}`), '', '-- ', t('digestFooter')];
  root.createChild('text/plain; charset=utf-8').setContent(lines.join('\r\n') + '\r\n');
  const digest = root.createChild('multipart/digest');
  for (const notice of input.notices) {
    const part: MimeNode = digest.createChild('message/rfc822');
    part.setContent(notice.raw);
  }
  return root.build();
}
