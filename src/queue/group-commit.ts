/**
 * Group commit: writes that arrive while one commit is running are gathered and committed
 * together in the next, so one fsync covers many of them (SQLite with synchronous=FULL syncs
 * once per commit, and better-sqlite3 blocks the event loop while it does). Each caller's
 * promise settles only after the commit that holds its entry — an SMTP client still gets its
 * 250 only once its message is durable.
 */
export class GroupCommit<T, R> {
  readonly #commit: (entries: T[]) => Promise<R[]>;
  readonly #maxBatch: number;
  #pending: Array<{ entry: T; resolve(r: R): void; reject(err: unknown): void }> = [];
  #flushing = false;

  /** `commit` writes a batch in one transaction and returns one result per entry, in order. */
  constructor(commit: (entries: T[]) => Promise<R[]>, maxBatch = 200) {
    this.#commit = commit;
    this.#maxBatch = maxBatch;
  }

  submit(entry: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ entry, resolve, reject });
      if (!this.#flushing) this.#flush();
    });
  }

  #flush(): void {
    this.#flushing = true;
    // One turn of the event loop lets entries that are ready together join the batch.
    setImmediate(() => {
      const batch = this.#pending.splice(0, this.#maxBatch);
      this.#commit(batch.map((p) => p.entry))
        .then(
          (results) => batch.forEach((p, i) => p.resolve(results[i]!)),
          (err: unknown) => batch.forEach((p) => p.reject(err)),
        )
        .finally(() => {
          if (this.#pending.length > 0) this.#flush();
          else this.#flushing = false;
        });
    });
  }
}
