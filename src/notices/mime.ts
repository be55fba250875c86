/** The headers every Postvakt-generated mail carries (RFC 3834: automatic, do not auto-reply). */
import MimeNode from 'nodemailer/lib/mime-node';
import type { NewItem } from '../queue/queue.ts';

export interface GeneratedMail {
  from: string;
  to: string;
  subject: string;
  hostname: string;
  date: Date;
}

export function generatedRoot(contentType: string, mail: GeneratedMail): MimeNode {
  const root = new MimeNode(contentType, { hostname: mail.hostname, newline: 'win' });
  root.setHeader({
    From: mail.from,
    To: mail.to,
    Subject: mail.subject,
    Date: mail.date.toUTCString().replace('GMT', '+0000'),
    'Auto-Submitted': 'auto-generated',
    'X-Auto-Response-Suppress': 'All',
  });
  return root;
}

export interface PlainNotice {
  hostname: string;
  to: string[];
  lang: string;
  subject: string;
  /** The body's lines, joined with CRLF. */
  lines: string[];
  date: Date;
  originId: string;
  /** The notice's kind (`decision.notice`), by which the notice layer routes it (BK-10). */
  notice: string;
}

/** One of Postvakt's plain-text notices to the organisation's own people, from the null sender, as a queue item. */
export async function plainNotice(n: PlainNotice): Promise<NewItem> {
  const root = generatedRoot('text/plain; charset=utf-8', { from: `Postvakt <postmaster@${n.hostname}>`, to: n.to.join(', '), subject: n.subject, hostname: n.hostname, date: n.date });
  root.setContent(`${n.lines.join('\r\n')}\r\n`);
  return {
    channel: 'email',
    status: 'queued',
    raw: await root.build(),
    envelope: { from: '', to: n.to },
    lang: n.lang,
    subject: n.subject,
    originId: n.originId,
    decision: { notice: n.notice, direction: 'internal' },
  };
}

function localeOf(lang: string): string {
  return lang === 'da' ? 'da-DK' : lang === 'sv' ? 'sv-SE' : 'en-GB';
}

/** Local date and time in the sender's language and the municipality's zone. */
export function formatWhen(t: Date, lang: string, timeZone: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'full', timeStyle: 'short', timeZone }).format(t);
}

/** A local date (YYYY-MM-DD) written out in the reader's language. */
export function formatDay(isoDate: string, lang: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));
}
