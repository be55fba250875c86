/**
 * Public records (issue 18, BK-18…BK-20, src/records/tables.ts): each document's record status
 * and its registrations into cases, both as append-only event rows (the current state is the
 * newest row), and the registration reminders' bookkeeping.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes } from '../db.ts';
import { dropAppendOnlyFunction, makeAppendOnly } from '../append-only.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const types = columnTypes(db);
  await db.schema
    .createTable('record_status_events')
    .addColumn('id', types.serial, (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ground', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('suggested_status', 'text')
    .addColumn('suggested_ground', 'text')
    .addColumn('suggested_reason', 'text')
    .execute();
  await db.schema.createIndex('record_status_events_document').on('record_status_events').columns(['document_id', 'id']).execute();
  // Decided once per message (BK-18): a second first decision, even from another instance, fails; later changes are corrections.
  await db.schema.createIndex('record_status_events_decided_once').on('record_status_events').column('document_id').unique().where(sql.ref('kind'), '=', 'decided').execute();
  await makeAppendOnly(db, 'record_status_events');

  await db.schema
    .createTable('record_registrations')
    .addColumn('id', types.serial, (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('case_number', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('document_date', 'bigint', (c) => c.notNull())
    .addColumn('registrar', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('record_registrations_document').on('record_registrations').columns(['document_id', 'id']).execute();
  // The E-ARK export reads a case's documents.
  await db.schema.createIndex('record_registrations_case').on('record_registrations').column('case_number').execute();
  await makeAppendOnly(db, 'record_registrations');

  await db.schema
    .createTable('record_reminders')
    .addColumn('document_id', 'text', (c) => c.primaryKey())
    .addColumn('last_sent_at', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('record_reminders').execute();
  await db.schema.dropTable('record_registrations').execute();
  await dropAppendOnlyFunction(db, 'record_registrations');
  await db.schema.dropTable('record_status_events').execute();
  await dropAppendOnlyFunction(db, 'record_status_events');
}
