/**
 * The sender notice for a held message (FX-6…FX-9): when it will go, where to act on it, why, and
 * the guideline's four questions. A case worker has no shell, so the notice leads with the web
 * app's one-time link; the administrator's CLI commands are in the README, never here. Without
 * the web app the sender is told to ask the administrator, naming the queue id.
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

export function heldNoticeText(input: HeldNoticeInput): string {
  const t = (key: keyof (typeof messages)['en'], params?: Record<string, string>) => translate(messages, input.lang, key, params);
  const release = formatWhen(input.releaseAt, input.lang, input.timeZone);
  const lines = [t('heldIntro', { subject: input.subject, recipients: input.recipients.join(', '), release }), ''];
  if (input.link) lines.push(t('heldLink'), `  ${input.link}`, '');
  else lines.push(t('heldNoWeb', { id: input.id }), '');
  if (input.reviewOverdue) lines.push(t('heldReviewOverdue'), '');
  if (input.reasons.length) lines.push(t('heldReasons'), ...input.reasons.map((r) => `  - ${r.text}`), '');
  if (input.questions.length) {
    lines.push(t('heldQuestions'));
    for (const q of input.questions) lines.push(`  ${q.clause}: ${q.question}${q.hint ? ` (${q.hint})` : ''}`);
    lines.push('');
  }
  lines.push(t('heldId', { id: input.id }), '', '-- ', t('heldFooter'));
  return lines.join('\r\n') + '\r\n';
}

export async function buildHeldNotice(input: HeldNoticeInput): Promise<Buffer> {
  const subject = translate(messages, input.lang, 'heldSubject', {
    subject: input.subject,
    release: formatWhen(input.releaseAt, input.lang, input.timeZone),
  });
  const root = generatedRoot('text/plain; charset=utf-8', { ...input, subject });
  root.setContent(heldNoticeText(input));
  return root.build();
}
