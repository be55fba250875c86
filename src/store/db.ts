/**
 * The store: one Kysely query layer over two dialects. SQLite (better-sqlite3) is the embedded
 * default; PostgreSQL lets several gateway instances share one queue. Conventions that keep one
 * schema valid on both:
 * - instants are BIGINT epoch milliseconds, read back as numbers on both dialects;
 * - booleans are INTEGER 0/1; JSON is TEXT; binary uses `columnTypes(db).binary`.
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresAdapter, SqliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';
import { migrations } from './migrations/index.ts';
import { sqliteDatabase } from './sqlite-database.ts';
import { WalSync } from './wal-sync.ts';
import { StoreError } from './errors.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<DB>;
  dialect: DialectName;
  /** The URL it was opened with (PostgreSQL schema included), for child processes and logs. */
  url: string;
  /**
   * Resolves once everything committed before the call is on disk. Await it before a reply
   * that promises durability (SMTP 250, the Digital Post intake's 202).
   */
  durable(): Promise<void>;
  close(): Promise<void>;
}

export { StoreError };

export interface OpenOptions {
  /** Run pending migrations before returning (default true: the store is always current). */
  migrate?: boolean;
}

/**
 * Open a store from a URL:
 * - `sqlite:./data/postvakt.db`, `sqlite::memory:` or a bare file path;
 * - `postgres://user@host:5432/db[?schema=name]`, where `schema` isolates one installation
 *   (or one test) inside a shared database.
 */
export async function openStore(url: string, options: OpenOptions = {}): Promise<Store> {
  const store = /^postgres(ql)?:\/\//.test(url) ? await openPostgres(url) : openSqlite(url);
  if (options.migrate !== false) await migrateToLatest(store.db);
  return store;
}

function openSqlite(url: string): Store {
  const file = url.replace(/^sqlite:/, '');
  if (file !== ':memory:') {
    // Queued mail and the register live here: only the service's user may read the file
    // (SQLite gives the -wal and -shm files the database file's permissions).
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  }
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // Mail accepted with 250 must survive power loss (RFC 5321 §6.1), so every commit is synced:
  // NORMAL syncs at checkpoints, and WalSync syncs the WAL after each commit off the event loop.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Deleted content is overwritten with zeros, so a purged message body (issue 20, BK-27) or an
  // expired flag cannot be read back from free pages of the file.
  sqlite.pragma('secure_delete = ON');
  const wal = file === ':memory:' ? undefined : new WalSync(file);
  // A sync failure reaches whoever awaits durable(); a commit nobody waits on just starts one.
  const database = sqliteDatabase(sqlite, { onCommit: () => void wal?.durable().catch(() => undefined) });
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    dialect: 'sqlite',
    url: `sqlite:${file}`,
    durable: () => wal?.durable() ?? Promise.resolve(),
    close: async () => {
      await wal?.durable();
      wal?.close();
      await db.destroy();
    },
  };
}

/** BIGINT (oid 20) and NUMERIC counts come back as strings from pg; epoch ms fit in a double. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

async function openPostgres(url: string): Promise<Store> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError(`store.url: schema "${schema}" is not allowed; use lower-case letters, digits and _`);
  }
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: 10,
    types: pgTypes,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  try {
    const client = await pool.connect();
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    client.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new StoreError(`PostgreSQL at ${parsed.host} is unreachable: ${(err as Error).message}`);
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // PostgreSQL's COMMIT returns once its own WAL is flushed (synchronous_commit = on).
  return { db, dialect: 'postgres', url, durable: () => Promise.resolve(), close: () => db.destroy() };
}

async function migrator(db: Kysely<DB>): Promise<Migrator> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one: another
  // installation's (or a parallel test's) schema would make it skip creating ours.
  const schema =
    dialectOf(db) === 'postgres'
      ? (await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db)).rows[0]?.schema
      : undefined;
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const { error, results } = await (await migrator(db)).migrateToLatest();
  if (error) throw new StoreError(`migration failed: ${(error as Error).message ?? String(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Every migration this version knows, in order, with when it was applied to this store (if it was). */
export async function migrationStatus(db: Kysely<DB>): Promise<Array<{ name: string; appliedAt?: Date }>> {
  const infos = await (await migrator(db)).getMigrations();
  return infos.map((m) => ({ name: m.name, ...(m.executedAt ? { appliedAt: m.executedAt } : {}) }));
}

export function dialectOf<T>(db: Kysely<T>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Column types that differ by dialect; migrations use these so one migration set serves both. */
export function columnTypes(db: Kysely<unknown>) {
  const postgres = dialectOf(db) === 'postgres';
  return {
    /** Auto-incrementing primary key column type. */
    serial: postgres ? sql`bigserial` : sql`integer`,
    binary: postgres ? sql`bytea` : sql`blob`,
  } as const;
}
