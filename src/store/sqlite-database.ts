/**
 * The better-sqlite3 database as Kysely's SQLite dialect sees it (any object with `prepare` and
 * `close` will do), with two things the plain database lacks:
 * - Prepared statements are kept by SQL text. Kysely prepares every query anew and better-sqlite3
 *   compiles each time; under gateway load that compile was about 7% of the main thread.
 * - Every write that ends a transaction tells `onCommit`, so the WAL can be synced off the event
 *   loop (see `wal-sync.ts`).
 * Hand-written because no package offers either for Kysely.
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

interface Cached {
  statement: Database.Statement;
  /** What Kysely gets: the statement itself for reads, a commit-aware front for writes. */
  front: SqliteStatement;
}

export function sqliteDatabase(sqlite: Database.Database, options: { onCommit(): void; capacity?: number }): SqliteDatabase {
  const capacity = options.capacity ?? 256;
  const cache = new Map<string, Cached>();

  function prepare(source: string): Cached {
    const statement = sqlite.prepare(source);
    if (statement.reader) return { statement, front: statement };
    // A rollback ends a transaction too, but leaves nothing to sync.
    const commits = source.trim().toLowerCase() !== 'rollback';
    const front: SqliteStatement = {
      reader: false,
      all: (params) => statement.all(params),
      iterate: (params) => statement.iterate(params),
      run(params) {
        const result = statement.run(params);
        // A COMMIT, or a write in autocommit mode, leaves no transaction open.
        if (commits && !sqlite.inTransaction) options.onCommit();
        return result;
      },
    };
    return { statement, front };
  }

  return {
    prepare(source) {
      const hit = cache.get(source);
      // A statement still being iterated cannot run again; such a caller gets its own.
      if (hit?.statement.busy) return prepare(source).front;
      if (hit) {
        // Re-inserting keeps the Map in least-recently-used order.
        cache.delete(source);
        cache.set(source, hit);
        return hit.front;
      }
      const made = prepare(source);
      cache.set(source, made);
      if (cache.size > capacity) cache.delete(cache.keys().next().value!);
      return made.front;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}
