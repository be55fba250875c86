/**
 * The hash chain of the mail log: each row's hash is SHA-256 over a canonical serialisation of
 * all its columns, including the previous row's hash, so editing, deleting, inserting or
 * reordering any row breaks the chain from that row on.
 */
import { createHash } from 'node:crypto';
import type { MailLogTables } from './tables.ts';

export type MailLogRecord = MailLogTables['mail_log'];

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** Column order of the serialisation; never reorder, only append (with a new version tag). */
const FIELDS = [
  'seq',
  'at',
  'event',
  'direction',
  'channel',
  'sender',
  'recipients',
  'mailboxes',
  'subject',
  'message_id',
  'size',
  'verdict',
  'release_at',
  'result',
  'queue_id',
  'record_class',
  'case_number',
  'retention_class',
  'prev_hash',
] as const satisfies ReadonlyArray<keyof MailLogRecord>;

const VERSION = 'postvakt-maillog-v1';

/**
 * A JSON array in fixed column order: strings, integers and nulls only, so the text is the same
 * whichever database or driver the row came back from.
 */
export function canonical(row: Omit<MailLogRecord, 'hash'>): string {
  return JSON.stringify([VERSION, ...FIELDS.map((f) => row[f] ?? null)]);
}

export function rowHash(row: Omit<MailLogRecord, 'hash'>): string {
  return createHash('sha256').update(canonical(row), 'utf8').digest('hex');
}
