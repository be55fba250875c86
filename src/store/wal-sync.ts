/**
 * Durable commits without stalling the event loop. With synchronous=FULL, SQLite fsyncs the WAL
 * inside every COMMIT, and better-sqlite3 runs that on the main thread: under load every SMTP
 * session waited for the disk (a commit took 1–5 ms, sometimes 100). So the store runs
 * synchronous=NORMAL, where SQLite still syncs the WAL before each checkpoint and the database
 * after it, and this module adds FULL's missing per-commit sync of the WAL file on libuv's thread
 * pool (fsync covers the file, whichever descriptor wrote it). One sync covers every commit made
 * before it began: group commit for free. `durable()` resolves once everything committed before
 * the call is on disk, and a reply that promises durability (SMTP 250, the intake's 202) waits
 * for it. Hand-written: neither better-sqlite3 nor Kysely syncs asynchronously.
 */
import { closeSync, fsync, open } from 'node:fs';
import { promisify } from 'node:util';

const openFile = promisify(open);
const syncFile = promisify(fsync);

export class WalSync {
  readonly #path: string;
  #fd: number | undefined;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;

  constructor(databaseFile: string) {
    this.#path = `${databaseFile}-wal`;
  }

  /** Resolves once every commit made before the call is on disk. */
  durable(): Promise<void> {
    if (!this.#running) {
      this.#running = this.#sync().finally(() => {
        this.#running = undefined;
      });
      return this.#running;
    }
    // The sync in flight may have begun before the caller's commit: the next one covers it,
    // whether the one in flight succeeds or fails (its failure is its own callers' to see).
    this.#next ??= this.#running.catch(() => undefined).then(() => {
      this.#next = undefined;
      return this.durable();
    });
    return this.#next;
  }

  async #sync(): Promise<void> {
    // The -wal file exists from the first write on and keeps its inode while the store is open.
    this.#fd ??= await openFile(this.#path, 'r').catch(() => undefined);
    if (this.#fd !== undefined) await syncFile(this.#fd);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
