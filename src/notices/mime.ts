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

/** Local date and time in the sender's language and the municipality's zone. */
export function formatWhen(t: Date, lang: string, timeZone: string): string {
  const locale = lang === 'da' ? 'da-DK' : lang === 'sv' ? 'sv-SE' : 'en-GB';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(t);
}
