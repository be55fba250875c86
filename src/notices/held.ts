/**
 * The sender notice for a held message (FX-6…FX-9): when it will go, why, the guideline's four
 * questions, and how to release it now or cancel it. The web app's one-time link is optional
 * (`link`), so the notice works with the CLI alone.
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
  /** A one-time link to the held message in the web app, once one exists. */
  link?: string;
}

export function heldNoticeText(input: HeldNoticeInput): string {
  const t = (key: keyof (typeof messages)['en'], params?: Record<string, string>) => translate(messages, input.lang, key, params);
  const release = formatWhen(input.releaseAt, input.lang, input.timeZone);
  const lines = [t('heldIntro', { subject: input.subject, recipients: input.recipients.join(', '), release }), ''];
  if (input.reasons.length) lines.push(t('heldReasons'), ...input.reasons.map((r) => `  - ${r.text}`), '');
  if (input.questions.length) {
    lines.push(t('heldQuestions'));
    for (const q of input.questions) lines.push(`  ${q.clause}: ${q.question}${q.hint ? ` (${q.hint})` : ''}`);
    lines.push('');
  }
  lines.push(t('heldReleaseNow'), `  postvakt queue release ${input.id} --reason "…"`, '');
  lines.push(t('heldCancel'), `  postvakt queue cancel ${input.id}`, '');
  if (input.link) lines.push(t('heldLink'), `  ${input.link}`, '');
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
