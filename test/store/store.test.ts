/**
 * The store on both dialects: one migration set, applied at open and idempotent; SQLite in WAL
 * with synchronous=FULL; PostgreSQL isolated per schema; a clear error for an unreachable
 * server or a bad schema name.
 */
import { statSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openStore, StoreError } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { DIALECTS, freshStoreUrl, openTestStore, type TestStore } from '../support/stores.ts';

describe.each(DIALECTS)('store on %s', (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it('applies every migration at open, in name order, and a second run applies none', async () => {
    store = await openTestStore(dialect);
    const applied = await store.db
      .selectFrom('kysely_migration' as never)
      .select(sql<string>`name`.as('name'))
      .orderBy(sql`name`)
      .execute();
    expect(applied.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    expect(await migrateToLatest(store.db)).toEqual([]);
  });

  it('creates the register tables with the audit trail append-only', async () => {
    store = await openTestStore(dialect);
    await store.db
      .insertInto('register_audit')
      .values({ at: 1, actor_user: 'a', actor_unit: 'u', actor_role: 'r', action: 'create', flag_id: null, detail: null })
      .execute();
    await expect(store.db.updateTable('register_audit').set({ action: 'view' }).execute()).rejects.toThrow(/append-only/);
    await expect(store.db.deleteFrom('register_audit').execute()).rejects.toThrow(/append-only/);
    if (dialect === 'postgres') await expect(sql`TRUNCATE register_audit`.execute(store.db)).rejects.toThrow(/append-only/);
    const rows = await store.db.selectFrom('register_audit').select('action').execute();
    expect(rows).toEqual([{ action: 'create' }]);
  });

  it('reads BIGINT instants back as numbers', async () => {
    store = await openTestStore(dialect);
    const at = Date.UTC(2026, 10, 27, 12, 30);
    await store.db
      .insertInto('register_audit')
      .values({ at, actor_user: 'a', actor_unit: 'u', actor_role: 'r', action: 'list', flag_id: null, detail: null })
      .execute();
    const row = await store.db.selectFrom('register_audit').select(['at', 'id']).executeTakeFirstOrThrow();
    expect(row.at).toBe(at);
    expect(typeof row.id).toBe('number');
  });

  it('migrates on open only when asked', async () => {
    const { url, cleanup } = freshStoreUrl(dialect);
    try {
      const bare = await openStore(url, { migrate: false });
      expect(await migrateToLatest(bare.db)).toEqual(Object.keys(migrations).sort());
      await bare.close();
    } finally {
      await cleanup();
    }
  });
});

describe('SQLite file', () => {
  it('is created readable by its owner only, with its WAL file', async () => {
    const store = await openTestStore('sqlite');
    try {
      const file = store.url.replace(/^sqlite:/, '');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
    } finally {
      await store.dispose();
    }
  });
});

describe('SQLite durability settings', () => {
  it('runs in WAL mode with synchronous=NORMAL (the store syncs the WAL after commits itself) and foreign keys on', async () => {
    const store = await openTestStore('sqlite');
    try {
      const journal = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(store.db);
      const sync = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(store.db);
      const fk = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(store.db);
      expect(journal.rows[0]!.journal_mode).toBe('wal');
      // 1 = NORMAL: SQLite syncs at checkpoints; WalSync adds FULL's per-commit sync off the event loop.
      expect(sync.rows[0]!.synchronous).toBe(1);
      expect(fk.rows[0]!.foreign_keys).toBe(1);
    } finally {
      await store.dispose();
    }
  });
});

describe('PostgreSQL schemas', () => {
  it('migrates a fresh schema while another schema in the same database is already migrated', async () => {
    const first = await openTestStore('postgres');
    try {
      const second = await openTestStore('postgres');
      try {
        const tables = await second.db.introspection.getTables();
        const own = tables.filter((t) => t.schema === new URL(second.url).searchParams.get('schema')).map((t) => t.name);
        expect(own).toEqual(expect.arrayContaining(['register_flags', 'register_audit']));
      } finally {
        await second.dispose();
      }
    } finally {
      await first.dispose();
    }
  });
});

describe('PostgreSQL errors', () => {
  it('an unreachable server is a clear StoreError naming the host', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const err = await openStore('postgres://postgres@127.0.0.1:1/test').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(/PostgreSQL at 127\.0\.0\.1:1 is unreachable/);
  });

  it('refuses a schema name that could inject SQL', async () => {
    const err = await openStore('postgres://postgres@127.0.0.1:5432/test?schema=x;drop').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(/schema "x;drop" is not allowed/);
  });
});
