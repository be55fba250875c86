/**
 * Retention and purging (issue 20; BK-20, BK-27, BK-30, FX-4): manual legal holds, the signed
 * checkpoints of the mail log, and the purge gates that let the database's append-only triggers
 * allow exactly one kind of deletion — whole periods the retention run has cut off.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../db.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('retention_holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('ended_by', 'text')
    .execute();
  await db.schema.createIndex('retention_holds_item').on('retention_holds').columns(['item_id', 'ended_at']).execute();

  // One row per kind of deletion the append-only triggers allow: rows of the mail log up to seq
  // `through`, register audit rows older than `through` (epoch ms) whose flag is gone; `run`
  // claims the daily run across instances (epoch ms of the last run).
  await db.schema
    .createTable('retention_gates')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('through', 'bigint', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO retention_gates (name, through) VALUES ('mail_log', 0), ('register_audit', 0), ('run', 0)`.execute(db);

  // Where verify finds the signed checkpoint that vouches for the row before the oldest kept one.
  await db.schema
    .createTable('mail_log_checkpoints')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('through', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mail_log_checkpoints_through').on('mail_log_checkpoints').column('through').execute();

  if (dialectOf(db) === 'postgres') {
    // The same trigger name, now for UPDATE only; DELETE gets a gated trigger of its own.
    await sql`DROP TRIGGER mail_log_no_change ON mail_log`.execute(db);
    await sql`CREATE TRIGGER mail_log_no_change BEFORE UPDATE ON mail_log FOR EACH ROW EXECUTE FUNCTION mail_log_append_only()`.execute(db);
    await sql`CREATE FUNCTION mail_log_purge_gate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.seq > (SELECT through FROM retention_gates WHERE name = 'mail_log') THEN
          RAISE EXCEPTION 'mail_log is append-only';
        END IF;
        RETURN OLD;
      END $$`.execute(db);
    await sql`CREATE TRIGGER mail_log_no_delete BEFORE DELETE ON mail_log FOR EACH ROW EXECUTE FUNCTION mail_log_purge_gate()`.execute(db);

    await sql`DROP TRIGGER register_audit_no_change ON register_audit`.execute(db);
    await sql`CREATE TRIGGER register_audit_no_change BEFORE UPDATE ON register_audit FOR EACH ROW EXECUTE FUNCTION register_audit_append_only()`.execute(db);
    await sql`CREATE FUNCTION register_audit_purge_gate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.at >= (SELECT through FROM retention_gates WHERE name = 'register_audit')
           OR EXISTS (SELECT 1 FROM register_flags WHERE id = OLD.flag_id) THEN
          RAISE EXCEPTION 'register_audit is append-only';
        END IF;
        RETURN OLD;
      END $$`.execute(db);
    await sql`CREATE TRIGGER register_audit_no_delete BEFORE DELETE ON register_audit FOR EACH ROW EXECUTE FUNCTION register_audit_purge_gate()`.execute(db);
  } else {
    await sql`DROP TRIGGER mail_log_no_delete`.execute(db);
    await sql`CREATE TRIGGER mail_log_no_delete BEFORE DELETE ON mail_log
      WHEN OLD.seq > (SELECT through FROM retention_gates WHERE name = 'mail_log')
      BEGIN SELECT RAISE(ABORT, 'mail_log is append-only'); END`.execute(db);
    await sql`DROP TRIGGER register_audit_no_delete`.execute(db);
    await sql`CREATE TRIGGER register_audit_no_delete BEFORE DELETE ON register_audit
      WHEN OLD.at >= (SELECT through FROM retention_gates WHERE name = 'register_audit')
        OR EXISTS (SELECT 1 FROM register_flags WHERE id = OLD.flag_id)
      BEGIN SELECT RAISE(ABORT, 'register_audit is append-only'); END`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    for (const table of ['mail_log', 'register_audit']) {
      await sql.raw(`DROP TRIGGER ${table}_no_delete ON ${table}`).execute(db);
      await sql.raw(`DROP TRIGGER ${table}_no_change ON ${table}`).execute(db);
      await sql.raw(`DROP FUNCTION ${table}_purge_gate()`).execute(db);
      await sql.raw(`CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`).execute(db);
    }
  } else {
    for (const table of ['mail_log', 'register_audit']) {
      await sql.raw(`DROP TRIGGER ${table}_no_delete`).execute(db);
      await sql.raw(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`).execute(db);
    }
  }
  await db.schema.dropTable('mail_log_checkpoints').execute();
  await db.schema.dropTable('retention_gates').execute();
  await db.schema.dropTable('retention_holds').execute();
}
