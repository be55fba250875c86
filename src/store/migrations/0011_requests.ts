/** Requests for public documents (issue 19): src/requests/tables.ts. */
import type { Kysely } from 'kysely';
import { columnTypes } from '../db.ts';
import { dropAppendOnlyFunction, makeAppendOnly } from '../append-only.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const types = columnTypes(db);
  await db.schema
    .createTable('requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('requester', 'text')
    .addColumn('reply_to', 'text')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('secrecy_review', 'integer', (c) => c.notNull())
    .addColumn('review_due_at', 'bigint')
    .addColumn('expected_at', 'bigint')
    .addColumn('log_mailbox', 'text')
    .addColumn('log_from', 'bigint')
    .addColumn('log_to', 'bigint')
    .addColumn('outcome', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('appeal_until', 'bigint')
    .addColumn('override_reason', 'text')
    .addColumn('written_decision_asked_at', 'bigint')
    .addColumn('source_inbound_id', 'text')
    .addColumn('warned_for', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('requests_state_due').on('requests').columns(['state', 'due_at']).execute();

  await db.schema
    .createTable('request_items')
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('queue_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('request_items_pk', ['request_id', 'queue_id'])
    .execute();
  // Legal hold asks by document.
  await db.schema.createIndex('request_items_queue').on('request_items').column('queue_id').execute();

  await db.schema
    .createTable('request_masks')
    .addColumn('id', types.serial, (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('part', 'text', (c) => c.notNull())
    .addColumn('start', 'integer', (c) => c.notNull())
    .addColumn('end', 'integer', (c) => c.notNull())
    .addColumn('ground', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_masks_request').on('request_masks').columns(['request_id', 'document']).execute();

  await db.schema
    .createTable('request_events')
    .addColumn('id', types.serial, (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull().references('requests.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('request_events_request').on('request_events').columns(['request_id', 'id']).execute();
  // The audit trail is evidence (BK-23): the database refuses to rewrite it.
  await makeAppendOnly(db, 'request_events');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('request_events').execute();
  await dropAppendOnlyFunction(db, 'request_events');
  await db.schema.dropTable('request_masks').execute();
  await db.schema.dropTable('request_items').execute();
  await db.schema.dropTable('requests').execute();
}
