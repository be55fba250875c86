/** The headers every Postvakt-generated mail carries (RFC 3834: automatic, do not auto-reply). */
import MimeNode from 'nodemailer/lib/mime-node';

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
