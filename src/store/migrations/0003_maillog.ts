/** The tamper-evident mail log (BK-28) and its chain head. */
import { sql, type Kysely } from 'kysely';
import { GENESIS_HASH } from '../../maillog/chain.ts';
import { dropAppendOnlyFunction, makeAppendOnly } from '../append-only.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mail_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('mailboxes', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('release_at', 'bigint')
    .addColumn('result', 'text')
    .addColumn('queue_id', 'text')
    .addColumn('record_class', 'text')
    .addColumn('case_number', 'text')
    .addColumn('retention_class', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .execute();
  // Exports and requests for the log (BK-29) select a period; the gateway looks up by queue id.
  await db.schema.createIndex('mail_log_at').on('mail_log').column('at').execute();
  await db.schema.createIndex('mail_log_queue').on('mail_log').column('queue_id').execute();

  await db.schema
    .createTable('mail_log_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO mail_log_head (id, seq, hash) VALUES (1, 0, ${GENESIS_HASH})`.execute(db);

  // The log is a public record: the database refuses edits and deletions whatever code runs.
  // The hash chain still catches what someone with the rights to drop these triggers does.
  await makeAppendOnly(db, 'mail_log');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mail_log_head').execute();
  await db.schema.dropTable('mail_log').execute();
  await dropAppendOnlyFunction(db, 'mail_log');
}
