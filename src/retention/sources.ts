/**
 * What retention asks other modules (issue 20): a message's record status (the records module,
 * BK-20/BK-27/BK-30) and legal holds (requests for documents and their appeal periods, BK-23…26;
 * manual holds). Each is a function over the store, so retention needs neither module's internals.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';
import type { RECORD_STATUSES } from './config.ts';

export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** A queue item's record status and when it got it, for the items asked about (queue_items.id). */
export type RecordStatusSource = (db: Kysely<DB>, itemIds: string[]) => Promise<Map<string, { status: RecordStatus; at: Date }>>;

/** Queue item id → why its body must be kept, as it stands at `at`. */
export type LegalHoldSource = (db: Kysely<DB>, at: Date) => Promise<Map<string, string>>;

export interface NamedHoldSource {
  /** Shown before each reason in the plan, e.g. "manual", "request". */
  name: string;
  holds: LegalHoldSource;
}

export interface RetentionSources {
  recordStatus?: RecordStatusSource;
  holds: NamedHoldSource[];
}
