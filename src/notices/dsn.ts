/**
 * RFC 3464 delivery status notifications for deliveries Postvakt gave up on: a
 * multipart/report with a human part in the sender's language, the machine-readable
 * message/delivery-status part, and the original (whole, or headers only for RET=HDRS).
 * Written with nodemailer's MIME tree, which handles boundaries and header encoding.
 */
import type { Lang } from '../i18n/catalog.ts';
import { translate } from '../i18n/catalog.ts';
import { messages } from './messages.ts';
import { generatedRoot } from './mime.ts';

export interface DsnInput {
  lang: Lang;
  /** Our host name (Reporting-MTA). */
  hostname: string;
  from: string;
  /** The original envelope sender; never empty (no DSN is ever sent to `<>`). */
  to: string;
  subject: string;
  envid?: string;
  /** ORCPT of the recipients, when the client gave one. */
  orcpt?: string;
  ret?: 'FULL' | 'HDRS';
  arrivalDate: Date;
  date: Date;
  recipients: string[];
  /** The last answer or error, e.g. "550 5.1.1 no such user". */
  error: string;
  original: Buffer;
}

/** "550 5.1.1 …" → 5.1.1; otherwise a generic permanent failure (RFC 3463). */
export function statusCode(error: string): string {
  const enhanced = /\b([45])\.(\d{1,3})\.(\d{1,3})\b/.exec(error);
  if (enhanced) return `5.${enhanced[2]}.${enhanced[3]}`;
  return /^4\d\d/.test(error) ? '4.4.7' : '5.0.0';
}

function rfc822Date(t: Date): string {
  return t.toUTCString().replace('GMT', '+0000');
}

/** Header fields may not hold line breaks; DSN fields are single lines. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, 900);
}

export function deliveryStatus(input: DsnInput): string {
  const perMessage = [
    `Reporting-MTA: dns; ${input.hostname}`,
    ...(input.envid ? [`Original-Envelope-Id: ${oneLine(input.envid)}`] : []),
    `Arrival-Date: ${rfc822Date(input.arrivalDate)}`,
  ];
  const diagnostic = /^\d{3}[ -]/.test(input.error) ? `smtp; ${oneLine(input.error)}` : `X-Postvakt; ${oneLine(input.error)}`;
  const perRecipient = input.recipients.map((rcpt) =>
    [
      ...(input.orcpt ? [`Original-Recipient: ${oneLine(input.orcpt)}`] : []),
      `Final-Recipient: rfc822; ${rcpt}`,
      'Action: failed',
      `Status: ${statusCode(input.error)}`,
      `Diagnostic-Code: ${diagnostic}`,
      `Last-Attempt-Date: ${rfc822Date(input.date)}`,
    ].join('\r\n'),
  );
  return [perMessage.join('\r\n'), ...perRecipient].join('\r\n\r\n') + '\r\n';
}

function headersOf(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  return end === -1 ? raw : raw.subarray(0, end + 2);
}

/** The DSN's own subject: the mail log records the DSN under it, not under the failed letter's. */
export function dsnSubject(input: Pick<DsnInput, 'lang' | 'subject'>): string {
  return translate(messages, input.lang, 'dsnSubject', { subject: input.subject });
}

export async function buildDsn(input: DsnInput): Promise<Buffer> {
  const t = (key: keyof (typeof messages)['en'], params?: Record<string, string>) => translate(messages, input.lang, key, params);
  const root = generatedRoot('multipart/report; report-type=delivery-status', { ...input, subject: dsnSubject(input) });
  const human = [
    t('dsnIntro', { subject: input.subject }),
    '',
    ...input.recipients.map((recipient) => `  ${t('dsnRecipient', { recipient, error: oneLine(input.error) })}`),
    '',
    t('dsnKeep'),
  ];
  root.createChild('text/plain; charset=utf-8').setContent(human.join('\r\n') + '\r\n');
  root.createChild('message/delivery-status').setContent(deliveryStatus(input));
  if (input.ret === 'HDRS') root.createChild('text/rfc822-headers').setContent(headersOf(input.original));
  else root.createChild('message/rfc822').setContent(input.original);
  return root.build();
}
