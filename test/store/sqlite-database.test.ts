/**
 * The SQLite database Kysely sees: statements are prepared once per SQL text, every commit is
 * reported (so the WAL gets synced), and `durable()` settles after the WAL sync.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteDatabase } from '../../src/store/sqlite-database.ts';
import { WalSync } from '../../src/store/wal-sync.ts';

interface T {
  t: { id: number; v: string };
}

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(onCommit: () => void) {
  dir = mkdtempSync(join(tmpdir(), 'postvakt-sqlite-'));
  const file = join(dir, 'x.db');
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.exec('create table t (id integer primary key, v text)');
  const database = sqliteDatabase(raw, { onCommit, capacity: 2 });
  return { file, raw, database, db: new Kysely<T>({ dialect: new SqliteDialect({ database }) }) };
}

describe('sqliteDatabase', () => {
  it('reports each committed transaction and each autocommit write, never reads or writes inside a transaction', async () => {
    let commits = 0;
    const { db } = open(() => commits++);
    await db.insertInto('t').values({ id: 1, v: 'a' }).execute();
    expect(commits).toBe(1);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ id: 2, v: 'b' }).execute();
      await trx.updateTable('t').set({ v: 'c' }).where('id', '=', 1).execute();
      expect(commits).toBe(1);
    });
    expect(commits).toBe(2);
    await db.selectFrom('t').selectAll().execute();
    await expect(db.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ id: 3, v: 'd' }).execute();
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(commits).toBe(2);
    expect((await db.selectFrom('t').select('id').execute()).map((r) => r.id)).toEqual([1, 2]);
    await db.destroy();
  });

  it('prepares a statement once per SQL text, within its capacity', () => {
    const { database, raw } = open(() => undefined);
    const a = database.prepare('select 1');
    expect(database.prepare('select 1')).toBe(a);
    database.prepare('select 2');
    database.prepare('select 3');
    // Capacity 2: the least recently used text was dropped and is prepared again.
    expect(database.prepare('select 1')).not.toBe(a);
    raw.close();
  });

  it('gives a statement that is still being iterated a fresh twin instead of failing', async () => {
    const { db, database } = open(() => undefined);
    await db.insertInto('t').values([{ id: 1, v: 'a' }, { id: 2, v: 'b' }]).execute();
    const text = sql`select id from t order by id`.compile(db).sql;
    const seen: number[] = [];
    for (const row of database.prepare(text).iterate([]) as Iterable<{ id: number }>) {
      seen.push(row.id, ...(database.prepare(text).all([]) as Array<{ id: number }>).map((r) => r.id));
    }
    expect(seen).toEqual([1, 1, 2, 2, 1, 2]);
    await db.destroy();
  });
});

describe('WalSync', () => {
  it('settles durable() for commits before and during a sync, and when nothing was written yet', async () => {
    dir = mkdtempSync(join(tmpdir(), 'postvakt-wal-'));
    const empty = new WalSync(join(dir, 'none.db'));
    await expect(empty.durable()).resolves.toBeUndefined();

    const { file, db } = open(() => undefined);
    const wal = new WalSync(file);
    await db.insertInto('t').values({ id: 1, v: 'a' }).execute();
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    const first = wal.durable();
    await db.insertInto('t').values({ id: 2, v: 'b' }).execute();
    // Asked for while the first sync runs: it waits for a sync that began after this commit.
    const second = wal.durable();
    const third = wal.durable();
    expect(third).toBe(second);
    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
    wal.close();
    await db.destroy();
  });
});
