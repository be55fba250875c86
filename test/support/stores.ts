/**
 * Every store test runs against both dialects. PostgreSQL is the real server (default
 * 127.0.0.1:5432, database `test`); when it is unreachable the test FAILS with a clear message,
 * it never skips.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store, type DialectName } from '../../src/store/db.ts';

export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

export const TEST_PG_URL = process.env.POSTVAKT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore extends Store {
  /** Close and remove everything the test created (temp dir or PostgreSQL schema). */
  dispose(): Promise<void>;
}

/** A URL for a fresh, empty store of the given dialect (for tests that start child processes). */
export function freshStoreUrl(dialect: DialectName): { url: string; cleanup: () => Promise<void> } {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'postvakt-test-'));
    return { url: `sqlite:${join(dir, 'postvakt.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  return {
    url: `${TEST_PG_URL}?schema=${schema}`,
    cleanup: async () => {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

export async function openTestStore(dialect: DialectName): Promise<TestStore> {
  const { url, cleanup } = freshStoreUrl(dialect);
  let store: Store;
  try {
    store = await openStore(url);
  } catch (err) {
    await cleanup().catch(() => undefined);
    if (dialect === 'postgres') {
      throw new Error(
        `PostgreSQL is required for store tests and is unreachable at ${TEST_PG_URL} (${(err as Error).message}). ` +
          'Start it (pg_ctlcluster <version> main start) or set POSTVAKT_TEST_PG_URL; this test never skips.',
      );
    }
    throw err;
  }
  return { ...store, dispose: async () => { await store.close(); await cleanup(); } };
}
