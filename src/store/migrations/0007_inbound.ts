/** Inbound mail: messages received from outside and items waiting for an answer (src/inbound/tables.ts). */
import type { Kysely } from 'kysely';
import { columnTypes } from '../db.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const types = columnTypes(db);
  await db.schema
    .createTable('inbound_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('automatic', 'integer', (c) => c.notNull())
    .addColumn('sensitive', 'text', (c) => c.notNull())
    .addColumn('queue_id', 'text')
    .execute();
  await db.schema.createIndex('inbound_messages_received').on('inbound_messages').column('received_at').execute();

  await db.schema
    .createTable('inbound_waiting')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inbound_id', 'text', (c) => c.notNull().references('inbound_messages.id'))
    .addColumn('message_id', 'text')
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('correspondent', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('answered_at', 'bigint')
    .addColumn('answered_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // An outgoing reply finds its items by the Message-ID it refers to; lists go by mailbox and state.
  await db.schema.createIndex('inbound_waiting_message').on('inbound_waiting').column('message_id').execute();
  await db.schema.createIndex('inbound_waiting_mailbox').on('inbound_waiting').columns(['mailbox', 'state', 'due_at']).execute();
  await db.schema.createIndex('inbound_waiting_due').on('inbound_waiting').columns(['state', 'due_at']).execute();

  await db.schema
    .createTable('inbound_waiting_events')
    .addColumn('id', types.serial, (c) => c.primaryKey())
    .addColumn('waiting_id', 'text', (c) => c.notNull().references('inbound_waiting.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('inbound_waiting_events_item').on('inbound_waiting_events').columns(['waiting_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('inbound_waiting_events').execute();
  await db.schema.dropTable('inbound_waiting').execute();
  await db.schema.dropTable('inbound_messages').execute();
}
