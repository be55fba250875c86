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
  /**
   * SF1601 KombiPostAfsend requests accepted, by the case system's x-TransaktionsId: the same id
   * again gets `response`, the first answer, byte for byte; a different body under it is refused.
   */
  sf1601_transactions: {
    transaction_id: string;
    client: string;
    /** SHA-256 of the kombi_request bytes. */
    sha256: string;
    memo_uuid: string;
    /** The kombi_response XML first answered (it says only what a hold shows, never a flag). */
    response: string;
    received_at: number;
  };
}
