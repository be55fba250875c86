/**
 * The reminder to a flag's owner and unit that its review date has passed (FX-4). It names the
 * flag by its id and unit only: no identifier, no reason (mail is no place for either), and links
 * to the register page, where those allowed see the rest.
 */
import { translate, type Lang } from '../i18n/catalog.ts';
import { messages } from './messages.ts';
import { formatDay, generatedRoot } from './mime.ts';

export interface ReminderInput {
  lang: Lang;
  flagId: string;
  unit: string;
  /** YYYY-MM-DD. */
  reviewOn: string;
  from: string;
  to: string[];
  hostname: string;
  date: Date;
  /** The register page in the web app, when there is one. */
  link?: string;
}

export function reminderSubject(input: Pick<ReminderInput, 'lang' | 'flagId'>): string {
  return translate(messages, input.lang, 'reminderSubject', { flag: input.flagId.slice(0, 8) });
}

export function reminderText(input: ReminderInput): string {
  const t = (key: keyof (typeof messages)['en'], params?: Record<string, string>) => translate(messages, input.lang, key, params);
  const lines = [t('reminderBody', { flag: input.flagId, unit: input.unit, date: formatDay(input.reviewOn, input.lang) }), '', t('reminderAction')];
  if (input.link) lines.push(`  ${input.link}`);
  lines.push('', '-- ', t('reminderFooter'));
  return lines.join('\r\n') + '\r\n';
}

export async function buildReminder(input: ReminderInput): Promise<Buffer> {
  const root = generatedRoot('text/plain; charset=utf-8', { ...input, to: input.to.join(', '), subject: reminderSubject(input) });
  root.setContent(reminderText(input));
  return root.build();
}
