/**
 * Each Digital Post letter received, keyed by its MeMo uuid, with the durable queue item that
 * forwards it. Where the letter stands (held, forwarded, failed) is the queue item's state, so
 * the receipt is never out of step with the queue. No personal data: the recipient's CPR lives
 * only in the queued letter itself and, masked, in the mail log.
 */
export interface DigitalPostTables {
  digitalpost_letters: {
    memo_uuid: string;
    /** The intake client's configured name. */
    client: string;
    /** SHA-256 of the bytes received, so a client's retry of the same letter is recognised. */
    sha256: string;
    /** hold or deliver: what the hold shows, never whether the recipient is flagged (queue/stored-decision.ts). */
    verdict: string;
    queue_id: string;
    /** When the hold ends (Postvakt's queue or, in doNotDeliverUntilDate mode, Digital Post's). */
    hold_until: number | null;
    /** JSON `LetterDetails`: the decision's reasons and the findings, for the receipt. */
    details: string;
    received_at: number;
  };
}
