/**
 * Notices at set times (BK-10): each person's choice (immediate, or a digest at chosen local
 * times), and the notices that wait for that person's next digest, kept whole (their MIME bytes).
 */
export interface NoticeTables {
  notice_preferences: {
    address: string;
    mode: 'immediate' | 'digest';
    /** JSON array of local times "HH:MM", sorted. */
    times: string;
    updated_at: number;
  };
  notice_digest: {
    id: string;
    address: string;
    /** The notice's kind (held, not-held, review-reminder, absence-…, coverage-gap). */
    kind: string;
    subject: string;
    lang: string;
    raw: Buffer;
    created_at: number;
    sent_at: number | null;
    /** The queue id of the digest that carried it. */
    digest_id: string | null;
  };
}
