/**
 * The durable queue (spool) shared by every outgoing channel. One row per delivery: the
 * recipients of one message that got the same decision (and the same DSN parameters) travel
 * together. `queue_events` is append-only: every state change and every human override is a row.
 */
import type { Generated } from 'kysely';

export type QueueStatus = 'held' | 'queued' | 'delivering' | 'delivered' | 'failed' | 'cancelled';

export interface QueueTables {
  queue_items: {
    id: string;
    /** `inbound`: mail from outside, relayed to the internal mail system. */
    channel: 'email' | 'digitalpost' | 'inbound';
    status: QueueStatus;
    /** Channel envelope as JSON (SMTP: from, to, DSN params; Digital Post: the MeMo uuid). */
    envelope: string;
    /** The sender's language, for notices and DSNs. */
    lang: string;
    subject: string;
    message_id: string | null;
    /** Items made from one incoming message share it (the SMTP transaction's id). */
    origin_id: string;
    created_at: number;
    /** Set while held: when the hold ends. */
    release_at: number | null;
    /** When the scheduler may next claim the item (release time or next retry). */
    next_attempt_at: number;
    attempts: number;
    lease_owner: string | null;
    lease_expires_at: number | null;
    /** Decision reasons, questions and findings as JSON, for notices, the CLI and the web app. */
    decision: string;
    last_result: string | null;
    /** Whether the citizen was told in advance (FX-9): 0/1. */
    told: number;
    updated_at: number;
  };
  /** The exact bytes to deliver, one row per item (apart, so status updates do not rewrite them). */
  queue_bodies: {
    item_id: string;
    raw: Buffer;
  };
  queue_events: {
    id: Generated<number>;
    item_id: string;
    at: number;
    kind: string;
    actor: string | null;
    reason: string | null;
    data: string | null;
  };
}
