/**
 * What a queue item keeps of its hold decision (FX-4, issue 23): the database stores the
 * recipient in clear beside it, so it keeps only what the hold itself shows — the verdict (hold or
 * deliver), the release time, the deadline and the rule findings. Whether a recipient is flagged
 * stays out: no `flagged`, no "delivered with a warning" (said only for flagged recipients), no
 * reasons for a message that was not held, and no FX-7 hint (it names the flag's unit and review
 * date; the web app shows the flag itself to those allowed to see it). A held message keeps its
 * reasons and questions for the held-letter page, and the mail log's keyed pseudonyms of its
 * recipients, so no log row pairs a citizen with a hold.
 */
import type { FxQuestion, RecipientDecision, Verdict } from '../decision/types.ts';

/** The verdict as stored and logged: a hold, or not. */
export type PublicVerdict = 'hold' | 'deliver';

export function publicVerdict(verdict: Verdict): PublicVerdict {
  return verdict === 'hold' ? 'hold' : 'deliver';
}

/** The questions without the FX-7 hint about the flag (its unit and review date). */
export function withoutFlagDetails(questions: FxQuestion[]): FxQuestion[] {
  return questions.map(({ hint, ...q }) => (q.clause === 'FX-7' || hint === undefined ? q : { ...q, hint }));
}

export interface StoredDecisionInput {
  decision: RecipientDecision;
  /** The recipients this delivery carries (the mail log names them by pseudonym when held). */
  recipients: string[];
  pseudonym(recipient: string): string;
  findings: unknown[];
}

export function storedDecision({ decision, recipients, pseudonym, findings }: StoredDecisionInput): Record<string, unknown> {
  const held = decision.verdict === 'hold';
  return {
    verdict: publicVerdict(decision.verdict),
    holdUntil: decision.holdUntil?.toISOString() ?? null,
    deadline: decision.deadline?.toISOString() ?? null,
    ...(held
      ? { reasons: decision.reasons, questions: withoutFlagDetails(decision.questions), logRecipients: recipients.map(pseudonym) }
      : {}),
    findings,
  };
}

/**
 * A decision stored before these rules, brought under them (migration 0006): `flagged`, the
 * warning verdict, an unheld message's reasons and the FX-7 hint go. Notices and DSNs carry no
 * verdict and stay as they are.
 */
export function scrubStoredDecision(stored: Record<string, unknown>): Record<string, unknown> {
  if (typeof stored.verdict !== 'string') return stored;
  const { flagged: _flagged, reasons, questions, ...rest } = stored;
  const held = stored.verdict === 'hold';
  return {
    ...rest,
    verdict: publicVerdict(stored.verdict as Verdict),
    ...(held ? { reasons, questions: Array.isArray(questions) ? withoutFlagDetails(questions as FxQuestion[]) : [] } : {}),
  };
}

/** The recipients a mail-log row names for an item: pseudonyms for a held one. */
export function loggedRecipients(decision: Record<string, unknown>, recipients: string[]): string[] {
  const logged = decision.logRecipients;
  return Array.isArray(logged) ? logged.map(String) : recipients;
}
