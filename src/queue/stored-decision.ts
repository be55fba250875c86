/**
 * What a queue item keeps of its hold decision (FX-4, issue 23). The database stores the
 * recipient in clear beside it, so in clear it keeps only what the hold itself shows: hold or
 * deliver, the release time, the deadline and the rule findings. Whether a recipient is flagged
 * stays out: no `flagged`, no "delivered with a warning". The reasons and questions (which differ
 * for a flagged recipient) are sealed under the register's key, bound to the item and padded, for
 * the held-letter page to open; the FX-7 hint (the flag's unit and review date) is not kept at
 * all, as the page shows the flag itself to those allowed. A held message, and one whose hold
 * was refused (the sender's notice about it is logged), also keeps the mail log's keyed
 * pseudonyms of its recipients, so no log row pairs a citizen with a hold or a notice.
 */
import type { DecisionReason, FxQuestion, RecipientDecision, Verdict } from '../decision/types.ts';

/** The verdict as stored and logged: a hold, or not. */
export type PublicVerdict = 'hold' | 'deliver';

export function publicVerdict(verdict: Verdict): PublicVerdict {
  return verdict === 'hold' ? 'hold' : 'deliver';
}

/** The questions without the FX-7 hint about the flag (its unit and review date). */
export function withoutFlagDetails(questions: FxQuestion[]): FxQuestion[] {
  return questions.map(({ hint, ...q }) => (q.clause === 'FX-7' || hint === undefined ? q : { ...q, hint }));
}

/** The register's keys as the queue needs them (`ConsiderationRegister` provides both). */
export interface DecisionKeeper {
  pseudonym(recipient: string): string;
  sealDetails(itemId: string, details: unknown): string;
}

/** What the seal holds. */
export interface DecisionDetails {
  verdict: Verdict;
  reasons: DecisionReason[];
  questions: FxQuestion[];
}

export interface StoredDecisionInput {
  /** The queue item's id, which the sealed details are bound to. */
  id: string;
  decision: RecipientDecision;
  /** The recipients this delivery carries (the mail log names them by pseudonym when held). */
  recipients: string[];
  keeper: DecisionKeeper;
  findings: unknown[];
  /** The sender gets a notice that the hold was refused, logged beside the letter: name its recipients by pseudonym too. */
  noticed?: boolean;
}

export function storedDecision({ id, decision, recipients, keeper, findings, noticed }: StoredDecisionInput): Record<string, unknown> {
  const details: DecisionDetails = { verdict: decision.verdict, reasons: decision.reasons, questions: withoutFlagDetails(decision.questions) };
  return {
    verdict: publicVerdict(decision.verdict),
    holdUntil: decision.holdUntil?.toISOString() ?? null,
    deadline: decision.deadline?.toISOString() ?? null,
    details: keeper.sealDetails(id, details),
    ...(decision.verdict === 'hold' || noticed ? { logRecipients: recipients.map((r) => keeper.pseudonym(r)) } : {}),
    findings,
  };
}

/**
 * A stored decision's reasons and questions: opened from the seal, or as written by a Postvakt
 * before the seal (migration 0006 took the flag details out of those). Undefined for a notice
 * or a DSN, which carry no decision.
 */
export function decisionDetails(
  stored: Record<string, unknown>,
  itemId: string,
  open: (itemId: string, sealed: string) => unknown,
): Pick<DecisionDetails, 'reasons' | 'questions'> | undefined {
  if (typeof stored.details === 'string') return open(itemId, stored.details) as DecisionDetails;
  if (Array.isArray(stored.reasons)) return { reasons: stored.reasons as DecisionReason[], questions: (stored.questions as FxQuestion[] | undefined) ?? [] };
  return undefined;
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
