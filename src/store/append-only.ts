/**
 * Tables that are evidence (the register's audit trail, the public mail log) are made
 * append-only by the database itself, so no code path — ours or an operator's SQL — can rewrite
 * or erase them without first dropping these triggers.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from './db.ts';

/** Only our own migration constants reach here; the check keeps the raw SQL safe regardless. */
function identifier(table: string): ReturnType<typeof sql.raw> {
  if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
  return sql.raw(table);
}

export async function makeAppendOnly(db: Kysely<unknown>, table: string): Promise<void> {
  const t = identifier(table);
  const refusal = sql.lit(`${table} is append-only`);
  if (dialectOf(db) === 'postgres') {
    const fn = identifier(`${table}_append_only`);
    await sql`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION ${refusal}; END $$`.execute(db);
    await sql`CREATE TRIGGER ${identifier(`${table}_no_change`)} BEFORE UPDATE OR DELETE ON ${t}
      FOR EACH ROW EXECUTE FUNCTION ${fn}()`.execute(db);
    await sql`CREATE TRIGGER ${identifier(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${t}
      FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`.execute(db);
  } else {
    await sql`CREATE TRIGGER ${identifier(`${table}_no_update`)} BEFORE UPDATE ON ${t}
      BEGIN SELECT RAISE(ABORT, ${refusal}); END`.execute(db);
    await sql`CREATE TRIGGER ${identifier(`${table}_no_delete`)} BEFORE DELETE ON ${t}
      BEGIN SELECT RAISE(ABORT, ${refusal}); END`.execute(db);
  }
}

/** For `down` migrations: the function outlives the dropped table on PostgreSQL. */
export async function dropAppendOnlyFunction(db: Kysely<unknown>, table: string): Promise<void> {
  if (dialectOf(db) === 'postgres') await sql`DROP FUNCTION ${identifier(`${table}_append_only`)}()`.execute(db);
}
