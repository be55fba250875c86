/**
 * The consideration register's tables (FX-4, FX-7). Nothing here names a citizen: the
 * identifier is kept only as a keyed HMAC and the reason, notes and a masked label live in one
 * AES-256-GCM sealed box, so a copy of the database shows that flags exist, never who or why.
 */
import type { Generated } from 'kysely';

export interface RegisterTables {
  register_flags: {
    id: string;
    /** HMAC-SHA256 (hex) of the normalised identifier under the register's HMAC key. */
    subject_hmac: string;
    /** Fingerprint of the HMAC key, so a key change is detected instead of silently missing flags. */
    hmac_key_id: string;
    /** Fingerprint of the encryption key that sealed `secret` (key rotation). */
    key_id: string;
    secret_iv: Buffer;
    secret_tag: Buffer;
    /** AES-256-GCM ciphertext of {reason, notes, label}; authenticated together with `id`. */
    secret: Buffer;
    /** The case worker who owns the assessment. */
    case_worker: string;
    unit: string;
    /** Local date YYYY-MM-DD by which the assessment is reviewed. */
    review_on: string;
    /** Local date YYYY-MM-DD after which the flag is deleted; null: until removed. */
    expires_on: string | null;
    created_at: number;
    updated_at: number;
  };
  /** Review reminders: one row per flag that was held for or reminded about; no identifier. */
  register_reminders: {
    flag_id: string;
    /** The language of the last sender whose letter the overdue flag held: the reminder's language. */
    lang: string | null;
    /** The review date the last reminder was about; a new date starts the reminders over. */
    review_on: string | null;
    last_sent_at: number | null;
  };
  /** Append-only (triggers refuse UPDATE and DELETE): who did what to which flag, when. */
  register_audit: {
    id: Generated<number>;
    at: number;
    actor_user: string;
    actor_unit: string;
    actor_role: string;
    action: string;
    flag_id: string | null;
    /** JSON: names of changed fields, counts; never an identifier, reason or note. */
    detail: string | null;
  };
}
