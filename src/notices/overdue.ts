/**
 * The notice to a mailbox's owners and its unit's managers that mail from outside has waited past
 * its answer time (BK-14): once when due, and once more a working day later. It names the mailbox,
 * the times and the item, and the subject only as the mail log shows it (identity numbers and
 * sensitive terms masked); never the correspondent or anything from the mail's text.
 */
import { translate, type Lang } from '../i18n/catalog.ts';
import { messages } from './messages.ts';
import { formatWhen } from './mime.ts';

export interface OverdueInput {
  lang: Lang;
  round: 1 | 2;
  itemId: string;
  mailbox: string;
  unit: string;
  /** Masked as in the mail log. */
  subject: string;
  receivedAt: Date;
  dueAt: Date;
  /** The answer days the first clock ran (BK-14). */
  answerDays: number;
  acknowledged: boolean;
  timeZone: string;
  /** The "Awaiting answer" page, when the web app runs. */
  link?: string;
}

export function overdueSubject(input: Pick<OverdueInput, 'lang' | 'round' | 'mailbox'>): string {
  return translate(messages, input.lang, input.round === 1 ? 'overdueSubject' : 'overdueSubjectAgain', { mailbox: input.mailbox });
}

/** The body's lines; `plainNotice` makes the mail. */
export function overdueLines(input: OverdueInput): string[] {
  const t = (key: keyof (typeof messages)['en'], params?: Record<string, string | number>) => translate(messages, input.lang, key, params);
  const when = (at: Date) => formatWhen(at, input.lang, input.timeZone);
  const facts = { mailbox: input.mailbox, unit: input.unit, received: when(input.receivedAt), due: when(input.dueAt), days: input.answerDays };
  const lines = [t(input.acknowledged ? 'overdueBodyAcknowledged' : 'overdueBody', facts)];
  if (input.round === 2) lines.push('', t('overdueAgain'));
  lines.push('', t('overdueItem', { subject: input.subject, id: input.itemId }), '', t('overdueAction'));
  if (input.link) lines.push(`  ${input.link}`);
  lines.push('', '-- ', t('overdueFooter'));
  return lines;
}
