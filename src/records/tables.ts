/**
 * Public records (issue 18). A document is one stored message, keyed by `document_id`: the queue
 * item id of the message's first delivery (`queue_items.id`, its bytes in `queue_bodies`), or for
 * a journaled message, which has no queue item, its `inbound_messages.id`. Either way it is the
 * `queue_id` its mail-log rows carry. Both tables are append-only event rows: the current status
 * and the current registration are each document's newest row (highest id).
 */
import type { Generated } from 'kysely';

/** BK-18 public, BK-19 not public (ground), secret (provision), BK-20 little or temporary importance. */
export const RECORD_STATUSES = ['public', 'not-public', 'secret', 'little-importance'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** `decided`: the first decision; `corrected`: a person changed it later, naming the new status. */
export type StatusEventKind = 'decided' | 'corrected';

export type RecordDirection = 'in' | 'out';

/** Where a registration came from: the web worklist, the CLI, or a case system over the API. */
export type RegistrationVia = 'web' | 'cli' | 'api';

export interface RecordsTables {
  record_status_events: {
    id: Generated<number>;
    document_id: string;
    at: number;
    kind: StatusEventKind;
    status: RecordStatus;
    /** A ground id from the catalogue (records/grounds.ts): required for not-public and secret. */
    ground: string | null;
    /** Who decided: a web user name, CLI user, never a system. */
    actor: string;
    /** What Postvakt suggested when the person decided (to audit how often it is overruled). */
    suggested_status: RecordStatus | null;
    suggested_ground: string | null;
    /** The suggestion's reason code (records/suggest.ts), never the content that led to it. */
    suggested_reason: string | null;
  };
  record_registrations: {
    id: Generated<number>;
    document_id: string;
    at: number;
    /** Matches the municipality's `records.caseNumber.pattern`. */
    case_number: string;
    title: string;
    /** A code of the configured classification scheme (KLE for DK, the municipality's own for SE). */
    classification: string;
    direction: RecordDirection;
    /** The document's date as registered (epoch ms). */
    document_date: number;
    /** The registrar's user name, or `api:<client>` for a case system. */
    registrar: string;
    via: RegistrationVia;
  };
  /** When the mailbox owner and the unit's registrars were last reminded of an unregistered document. */
  record_reminders: {
    document_id: string;
    last_sent_at: number;
    count: number;
  };
}
