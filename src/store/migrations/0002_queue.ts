/** The durable queue shared by e-mail and Digital Post (issue 6), and its append-only events. */
import { type Kysely } from 'kysely';
import { columnTypes } from '../db.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const types = columnTypes(db);
  await db.schema
    .createTable('queue_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('envelope', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('origin_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('release_at', 'bigint')
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('last_result', 'text')
    .addColumn('told', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The scheduler's claim scans by status and due time; the CLI and web app list by status.
  await db.schema.createIndex('queue_items_due').on('queue_items').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('queue_items_origin').on('queue_items').column('origin_id').execute();
  // The message bytes live apart from the row the scheduler updates: SQLite rewrites a whole
  // row on UPDATE, and a claim or a result must not rewrite (and fsync) the message again.
  // Retention can also purge a body while its delivery history stays.
  await db.schema
    .createTable('queue_bodies')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('queue_items.id'))
    .addColumn('raw', types.binary, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('queue_events')
    .addColumn('id', types.serial, (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('queue_items.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('reason', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('queue_events_item').on('queue_events').columns(['item_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('queue_events').execute();
  await db.schema.dropTable('queue_bodies').execute();
  await db.schema.dropTable('queue_items').execute();
}
