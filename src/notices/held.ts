/**
 * The sender notices of the hold decision (FX-3, FX-6…FX-9). A held message: when it will go,
 * where to act on it, why, and the guideline's four questions. A case worker has no shell, so
 * the notice leads with the web app's one-time link; the administrator's CLI commands are in the
 * README, never here. Without the web app the sender is told to ask the administrator, naming the
 * queue id. A message that FX-3 refused to hold (urgent, a legal notification, a deadline
 * unreadable or too close; for a flagged recipient or under the angry hold): that it went now,
 * why it was not held, and the questions whose hints say what the sender may still do. Only a
 * flagged recipient's notice speaks of the register; an angry message's notice does not.
 */
import type { Lang } from '../i18n/catalog.ts';
import { translate } from '../i18n/catalog.ts';
import type { DecisionReason, FxQuestion } from '../decision/types.ts';
import { messages } from './messages.ts';
import { formatWhen, generatedRoot } from './mime.ts';

export interface HeldNoticeInput {
  lang: Lang;
  /** The queue id of the held delivery. */
  id: string;
  from: string;
  to: string;
  subject: string;
  recipients: string[];
  releaseAt: Date;
  timeZone: string;
  reasons: DecisionReason[];
  questions: FxQuestion[];
  hostname: string;
  date: Date;
  /** A one-time link to the held message in the web app (absent when the web app is off). */
  link?: string;
  /** The recipient's consideration flag is past its review date (FX-4): the sender is told. */
  reviewOverdue?: boolean;
}

type Key = keyof (typeof messages)['en'];

/** The reasons and the questions with their hints, under the headings the notice gives them. */
function details(t: (key: Key) => string, reasons: DecisionReason[], questions: FxQuestion[], questionsKey: Key): string[] {
  const lines: string[] = [];
  if (reasons.length) lines.push(t('heldReasons'), ...reasons.map((r) => `  - ${r.text}`), '');
  if (questions.length) {
    lines.push(t(questionsKey));
    for (const q of questions) lines.push(`  ${q.clause}: ${q.question}${q.hint ? ` (${q.hint})` : ''}`);
    lines.push('');
  }
  return lines;
}

export function heldNoticeText(input: HeldNoticeInput): string {
  const t = (key: Key, params?: Record<string, string>) => translate(messages, input.lang, key, params);
  const release = formatWhen(input.releaseAt, input.lang, input.timeZone);
  const lines = [t('heldIntro', { subject: input.subject, recipients: input.recipients.join(', '), release }), ''];
  if (input.link) lines.push(t('heldLink'), `  ${input.link}`, '');
  else lines.push(t('heldNoWeb', { id: input.id }), '');
  if (input.reviewOverdue) lines.push(t('heldReviewOverdue'), '');
  lines.push(...details(t, input.reasons, input.questions, 'heldQuestions'));
  lines.push(t('heldId', { id: input.id }), '', '-- ', t('heldFooter'));
  return lines.join('\r\n') + '\r\n';
}

/** The notice's own subject: the mail log records the notice under it, not under the letter's. */
export function heldNoticeSubject(input: Pick<HeldNoticeInput, 'lang' | 'subject' | 'releaseAt' | 'timeZone'>): string {
  return translate(messages, input.lang, 'heldSubject', {
    subject: input.subject,
    release: formatWhen(input.releaseAt, input.lang, input.timeZone),
  });
}

export async function buildHeldNotice(input: HeldNoticeInput): Promise<Buffer> {
  const root = generatedRoot('text/plain; charset=utf-8', { ...input, subject: heldNoticeSubject(input) });
  root.setContent(heldNoticeText(input));
  return root.build();
}

/** A hold was refused (FX-3): the message went now. */
export type NotHeldNoticeInput = Omit<HeldNoticeInput, 'releaseAt' | 'timeZone' | 'link' | 'reviewOverdue'> & {
  /** A recipient is flagged (FX-4); otherwise only the angry hold (FX-5) was refused. */
  flagged: boolean;
};

export function notHeldNoticeText(input: NotHeldNoticeInput): string {
  const t = (key: Key, params?: Record<string, string>) => translate(messages, input.lang, key, params);
  const intro = input.flagged ? 'notHeldIntro' : 'notHeldAngryIntro';
  const lines = [t(intro, { subject: input.subject, recipients: input.recipients.join(', ') }), ''];
  lines.push(...details(t, input.reasons, input.questions, 'notHeldQuestions'));
  lines.push(t('heldId', { id: input.id }), '', '-- ', t(input.flagged ? 'notHeldFooter' : 'notHeldAngryFooter'));
  return lines.join('\r\n') + '\r\n';
}

/** The not-held notice's own subject, as the mail log records it. */
export function notHeldNoticeSubject(input: Pick<NotHeldNoticeInput, 'lang' | 'subject'>): string {
  return translate(messages, input.lang, 'notHeldSubject', { subject: input.subject });
}

export async function buildNotHeldNotice(input: NotHeldNoticeInput): Promise<Buffer> {
  const root = generatedRoot('text/plain; charset=utf-8', { ...input, subject: notHeldNoticeSubject(input) });
  root.setContent(notHeldNoticeText(input));
  return root.build();
}
