/**
 * Absence, substitutes and out-of-office (BK-21, BK-22), notices at set times (BK-10) and duty
 * rosters of function mailboxes (BK-16): src/absence/tables.ts, src/notices/tables.ts,
 * src/coverage/tables.ts.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from '../db.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const types = columnTypes(db);
  await db.schema
    .createTable('absences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('substitute', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('removed_at', 'bigint')
    .addColumn('removed_by', 'text')
    .addColumn('alerted_before_at', 'bigint')
    .addColumn('unwatched_alert_at', 'bigint')
    .execute();
  await db.schema.createIndex('absences_person').on('absences').columns(['person', 'ends_at']).execute();
  await db.schema.createIndex('absences_starts').on('absences').columns(['starts_at']).execute();

  // One out-of-office reply per sender per absence (RFC 3834 §2): the primary key is the claim.
  await db.schema
    .createTable('absence_replies')
    .addColumn('absence_id', 'text', (c) => c.notNull().references('absences.id'))
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('absence_replies_pk', ['absence_id', 'sender'])
    .execute();

  await db.schema
    .createTable('notice_preferences')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('times', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('notice_digest')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('raw', types.binary, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('digest_id', 'text')
    .execute();
  await db.schema.createIndex('notice_digest_pending').on('notice_digest').columns(['sent_at', 'address', 'created_at']).execute();

  await db.schema
    .createTable('duty_marks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('person', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('from_time', 'text', (c) => c.notNull())
    .addColumn('to_time', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('duty_marks_day').on('duty_marks').columns(['mailbox', 'day']).execute();

  // One coverage alert per function mailbox and day (BK-16): the primary key is the claim.
  await db.schema
    .createTable('coverage_alerts')
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('coverage_alerts_pk', ['mailbox', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['coverage_alerts', 'duty_marks', 'notice_digest', 'notice_preferences', 'absence_replies', 'absences']) {
    await db.schema.dropTable(table).execute();
  }
}
