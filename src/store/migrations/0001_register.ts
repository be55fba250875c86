/** The consideration register (issue 5, FX-4/FX-7): flags and their append-only audit trail. */
import type { Kysely } from 'kysely';
import { columnTypes } from '../db.ts';
import { dropAppendOnlyFunction, makeAppendOnly } from '../append-only.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const types = columnTypes(db);
  await db.schema
    .createTable('register_flags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject_hmac', 'text', (c) => c.notNull().unique())
    .addColumn('hmac_key_id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('secret_iv', types.binary, (c) => c.notNull())
    .addColumn('secret_tag', types.binary, (c) => c.notNull())
    .addColumn('secret', types.binary, (c) => c.notNull())
    .addColumn('case_worker', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('review_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('register_flags_unit').on('register_flags').column('unit').execute();
  await db.schema.createIndex('register_flags_expires').on('register_flags').column('expires_on').execute();

  await db.schema
    .createTable('register_audit')
    .addColumn('id', types.serial, (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_user', 'text', (c) => c.notNull())
    .addColumn('actor_unit', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('flag_id', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('register_audit_flag').on('register_audit').columns(['flag_id', 'id']).execute();

  // The audit trail is evidence (FX-4: audited access to sensitive data), so the database itself
  // refuses to rewrite or erase it, whatever code runs against it.
  await makeAppendOnly(db, 'register_audit');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('register_audit').execute();
  await dropAppendOnlyFunction(db, 'register_audit');
  await db.schema.dropTable('register_flags').execute();
}
