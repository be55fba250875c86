/**
 * The mail log (BK-28): one append-only row per event in a message's life, hash-chained. Later
 * issues fill the planned columns (public-record classification BK-18, case registration BK-20,
 * retention) by appending new event rows, never by editing old ones.
 */
export interface MailLogTables {
  mail_log: {
    /** Position in the chain: 1, 2, 3 … without gaps. */
    seq: number;
    /** Epoch ms of the event. */
    at: number;
    event: string;
    direction: string;
    channel: string;
    sender: string;
    /** JSON array of recipients, identity numbers masked. */
    recipients: string;
    /** " sender recipient … " lower-cased, for searching by mailbox (BK-29). */
    mailboxes: string;
    subject: string;
    message_id: string | null;
    size: number;
    verdict: string;
    release_at: number | null;
    result: string | null;
    queue_id: string | null;
    record_class: string | null;
    case_number: string | null;
    retention_class: string | null;
    prev_hash: string;
    hash: string;
  };
  /** One row: the chain's last seq and hash. Locked by each append; lets verify see a cut-off tail. */
  mail_log_head: {
    id: number;
    seq: number;
    hash: string;
  };
  /**
   * The signed checkpoint rows of the log (event `checkpoint`) by what they vouch for: the row
   * `through` and its hash, so verify can start after rows purged in whole periods.
   */
  mail_log_checkpoints: {
    seq: number;
    through: number;
  };
}
