/**
 * The mail log's own retention on both dialects (issue 20 item 4, BK-28): whole years are purged
 * behind a signed checkpoint; `verifyMailLog` proves the rest of the chain from it, and still
 * catches an edited row, a cut-off tail, rows purged beyond the checkpoint, a checkpoint signed by
 * another key, and says so when no key is at hand to check one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendCheckpoint, appendMailLog, readMailLog, verifyMailLog } from '../../src/maillog/index.ts';
import { loadSigningKey, type SigningKey } from '../../src/maillog/signing.ts';
import { purgeLogPeriods } from '../../src/retention/run.ts';
import { logEntry } from '../maillog/entries.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const DAYS = ['2024-03-01', '2024-11-30', '2025-02-01', '2025-12-31', '2026-01-01', '2026-06-01'];

describe.each(DIALECTS)('mail log retention on %s', (dialect) => {
  let store: TestStore;
  let dir: string;
  let key: SigningKey;
  const keyAt = (name: string) => loadSigningKey({ source: 'file', file: join(dir, name) }, { create: true }, {})!;

  beforeEach(async () => {
    store = await openTestStore(dialect);
    dir = mkdtempSync(join(tmpdir(), 'postvakt-logret-'));
    key = keyAt('log.key');
    for (const day of DAYS) await appendMailLog(store.db, logEntry({ at: new Date(`${day}T12:00:00Z`), subject: `Brev ${day}` }));
  });
  afterEach(async () => {
    await store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** As a database administrator would: switch the append-only triggers off first. */
  async function tamper(statements: string[]) {
    if (store.dialect === 'postgres') await sql`ALTER TABLE mail_log DISABLE TRIGGER USER`.execute(store.db);
    else {
      await sql`DROP TRIGGER IF EXISTS mail_log_no_update`.execute(store.db);
      await sql`DROP TRIGGER IF EXISTS mail_log_no_delete`.execute(store.db);
    }
    for (const s of statements) await sql.raw(s).execute(store.db);
  }

  /** Keep one whole year before 2026: 2024 goes (rows 1–2), 2025 stays. */
  const purge2024 = (signer: SigningKey = key) =>
    purgeLogPeriods(store.db, signer, new Date('2025-01-01T00:00:00+01:00'), new Date('2026-12-05T10:00:00Z'));

  it('purges whole periods behind a signed checkpoint, and verify proves the rest from it', async () => {
    // Without a purge gate the database refuses to delete any row.
    await expect(store.db.deleteFrom('mail_log').where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
    expect(await purge2024()).toEqual({ rows: 2, checkpoint: 7 });
    const rows = await readMailLog(store.db);
    expect(rows.map((r) => r.seq)).toEqual([3, 4, 5, 6, 7]);
    expect(rows.at(-1)).toMatchObject({ event: 'checkpoint', sender: 'postvakt' });
    expect(await verifyMailLog(store.db, { publicKey: key.publicKey })).toMatchObject({ ok: true, rows: 5, from: { seq: 3, checkpoint: 7 } });
    // The gate opens for the purged period only.
    await expect(store.db.deleteFrom('mail_log').where('seq', '=', 3).execute()).rejects.toThrow(/append-only/);
    // Nothing older than the cut-off is left: a second run purges nothing.
    expect(await purge2024()).toEqual({ rows: 0 });
  });

  it('still catches an edited row and a cut-off tail after the purge', async () => {
    await purge2024();
    await appendMailLog(store.db, logEntry({ at: new Date('2026-12-05T11:00:00Z') }));
    await tamper([`UPDATE mail_log SET subject = 'Brev ændret' WHERE seq = 4`]);
    expect(await verifyMailLog(store.db, { publicKey: key.publicKey })).toMatchObject({ ok: false, rows: 1, broken: { seq: 4, reason: 'edited' } });
    await tamper([`UPDATE mail_log SET subject = 'Brev 2025-12-31' WHERE seq = 4`, 'DELETE FROM mail_log WHERE seq = 8']);
    expect(await verifyMailLog(store.db, { publicKey: key.publicKey })).toMatchObject({ ok: false, broken: { seq: 8, reason: 'truncated' } });
  });

  it('catches rows deleted beyond the checkpoint, a checkpoint checked with another key, and a missing key', async () => {
    await purge2024();
    expect(await verifyMailLog(store.db)).toMatchObject({ ok: false, broken: { seq: 7, reason: 'unverifiable' } });
    const other = keyAt('other.key');
    expect(await verifyMailLog(store.db, { publicKey: other.publicKey })).toMatchObject({ ok: false, broken: { seq: 7, reason: 'forged' } });
    await tamper(['DELETE FROM mail_log WHERE seq = 3']);
    expect(await verifyMailLog(store.db, { publicKey: key.publicKey })).toMatchObject({ ok: false, broken: { seq: 1, reason: 'missing' } });
  });

  it('refuses a checkpoint signed by a key that is not the installation\'s, met on the way', async () => {
    const other = keyAt('other.key');
    await purge2024(other);
    // Someone who can write the database (and drops the triggers) cannot sign as the installation.
    expect(await verifyMailLog(store.db, { publicKey: key.publicKey })).toMatchObject({ ok: false, broken: { seq: 7, reason: 'forged' } });
    const fresh = await openTestStore(dialect);
    try {
      await appendMailLog(fresh.db, logEntry());
      await purgeLogPeriods(fresh.db, other, new Date('2020-01-01T00:00:00Z'), new Date('2026-12-05T10:00:00Z'));
      await appendCheckpoint(fresh.db, other, new Date('2026-12-05T10:00:00Z'));
      expect(await verifyMailLog(fresh.db, { publicKey: key.publicKey })).toMatchObject({ ok: false, rows: 1, broken: { seq: 2, reason: 'forged' } });
      expect(await verifyMailLog(fresh.db, { publicKey: other.publicKey })).toMatchObject({ ok: true, rows: 2 });
    } finally {
      await fresh.dispose();
    }
  });
});
