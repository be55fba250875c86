/**
 * Absences (BK-21, BK-22): who is away when, who stands in (a person or a function mailbox; null
 * when nobody does), and the claims that keep each alert and each out-of-office reply to once.
 */
export interface AbsenceTables {
  absences: {
    id: string;
    /** The absent person's address (their personal mailbox). */
    person: string;
    /** The unit whose managers are told when nobody stands in. */
    unit: string;
    starts_at: number;
    ends_at: number;
    substitute: string | null;
    created_by: string;
    created_at: number;
    removed_at: number | null;
    removed_by: string | null;
    /** When the managers were told, before the start, that nobody stands in. */
    alerted_before_at: number | null;
    /** When the managers were last told that mail arrived while nobody watches. */
    unwatched_alert_at: number | null;
  };
  absence_replies: {
    absence_id: string;
    /** The envelope sender the out-of-office reply went to. */
    sender: string;
    sent_at: number;
  };
}
