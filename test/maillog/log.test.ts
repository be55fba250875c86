/**
 * The mail log on both dialects: masking, the hash chain catching edits, deletions and
 * reordering (with the append-only triggers dropped, as someone with admin rights could),
 * concurrent appends from several processes, exports per mailbox and period.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendMailLog, exportMailLog, readMailLog, verifyMailLog } from '../../src/maillog/index.ts';
import { logEntry } from './entries.ts';
import { csvField } from '../../src/maillog/export.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { rowHash } from '../../src/maillog/chain.ts';

const run = promisify(execFile);

/** Five rows, seq 1–5, one per day from 1 December. */
async function fiveRows(store: TestStore) {
  for (let i = 0; i < 5; i++) {
    await appendMailLog(store.db, logEntry({ at: new Date(Date.UTC(2026, 11, 1 + i, 10)), subject: `Besked ${i + 1}` }));
  }
}

/** Tamper as a database administrator would: first switch the append-only triggers off. */
async function tamper(store: TestStore, statements: string[]) {
  if (store.dialect === 'postgres') await sql`ALTER TABLE mail_log DISABLE TRIGGER USER`.execute(store.db);
  else {
    await sql`DROP TRIGGER IF EXISTS mail_log_no_update`.execute(store.db);
    await sql`DROP TRIGGER IF EXISTS mail_log_no_delete`.execute(store.db);
  }
  for (const s of statements) await sql.raw(s).execute(store.db);
}

describe.each(DIALECTS)('mail log on %s', (dialect) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.dispose();
  });

  it('appends chained rows and masks identity numbers, the log being a public record (BK-28)', async () => {
    const [row] = await appendMailLog(
      store.db,
      logEntry({ channel: 'digitalpost', recipients: ['0102031234', 'x@example.dk'], subject: 'Sag om 010203-1234', sender: 'Fagsystem' }),
    );
    expect(row!.recipients).toEqual(['010203-XXXX', 'x@example.dk']);
    expect(row!.subject).toBe('Sag om 010203-XXXX');
    const stored = await sql<{ all: string }>`SELECT recipients || subject || mailboxes AS "all" FROM mail_log`.execute(store.db);
    expect(stored.rows[0]!.all).not.toMatch(/1234/);
    const [second] = await appendMailLog(store.db, logEntry());
    expect(second!.seq).toBe(2);
    expect(second!.prevHash).toBe(row!.hash);
    expect(await verifyMailLog(store.db)).toMatchObject({ ok: true, rows: 2, headHash: second!.hash });
  });

  it.each([
    ['an accepted', 'accepted', null],
    ['a refused', 'refused', '550 5.7.1 Afvist af Postvakt: Emnefeltet afslører sociale forhold: "Anbringelse".'],
  ] as const)('masks sensitive terms in %s subject and its reply, as it masks identity numbers (BK-28)', async (_what, event, result) => {
    const rows = await appendMailLog(store.db, [
      logEntry({ event, subject: 'Anbringelse af dit barn', result }),
      logEntry({ event, subject: 'Angående din depression og sag 010203-1234', result }),
      logEntry({ event, subject: 'Vård enligt LVU' }),
    ]);
    expect(rows.map((r) => r.subject)).toEqual(['*** af dit barn', 'Angående din *** og sag 010203-XXXX', 'Vård enligt ***']);
    const stored = await sql<{ all: string }>`SELECT subject || coalesce(result, '') AS "all" FROM mail_log`.execute(store.db);
    expect(stored.rows.map((r) => r.all).join(' ')).not.toMatch(/anbringelse|depression|lvu|1234/i);
    expect((await verifyMailLog(store.db)).ok).toBe(true);
  });

  it('the database refuses updates and deletes', async () => {
    await fiveRows(store);
    await expect(sql`UPDATE mail_log SET subject = 'x' WHERE seq = 2`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM mail_log WHERE seq = 2`.execute(store.db)).rejects.toThrow(/append-only/);
  });

  it('verify finds an edited row', async () => {
    await fiveRows(store);
    await tamper(store, [`UPDATE mail_log SET subject = 'Uskyldig besked' WHERE seq = 3`]);
    expect(await verifyMailLog(store.db)).toMatchObject({ ok: false, rows: 2, broken: { seq: 3, reason: 'edited' } });
  });

  it('verify finds an edit whose hash was recomputed, at the next row', async () => {
    await fiveRows(store);
    const row = await store.db.selectFrom('mail_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
    const { hash: _old, ...content } = { ...row, subject: 'Uskyldig besked' };
    await tamper(store, [`UPDATE mail_log SET subject = 'Uskyldig besked', hash = '${rowHash(content)}' WHERE seq = 3`]);
    expect(await verifyMailLog(store.db)).toMatchObject({ ok: false, rows: 3, broken: { seq: 4, reason: 'unlinked' } });
  });

  it('verify finds a deleted row in the middle and at the end', async () => {
    await fiveRows(store);
    await tamper(store, ['DELETE FROM mail_log WHERE seq = 2']);
    expect(await verifyMailLog(store.db)).toMatchObject({ ok: false, rows: 1, broken: { seq: 2, reason: 'missing' } });
    await tamper(store, ['DELETE FROM mail_log WHERE seq >= 2']);
    expect(await verifyMailLog(store.db)).toMatchObject({ ok: false, rows: 1, broken: { seq: 2, reason: 'truncated' } });
  });

  it('verify finds reordered rows', async () => {
    await fiveRows(store);
    await tamper(store, ['UPDATE mail_log SET seq = -1 WHERE seq = 2', 'UPDATE mail_log SET seq = 2 WHERE seq = 3', 'UPDATE mail_log SET seq = 3 WHERE seq = -1']);
    expect(await verifyMailLog(store.db)).toMatchObject({ ok: false, rows: 1, broken: { seq: 2, reason: 'moved' } });
  });

  it('verify finds a deleted row whose successors were renumbered and relinked', async () => {
    await fiveRows(store);
    await tamper(store, ['DELETE FROM mail_log WHERE seq = 5']);
    // Row 5 gone, then the head is set back so only the chain itself can tell.
    await sql`UPDATE mail_log_head SET seq = 4, hash = (SELECT hash FROM mail_log WHERE seq = 4)`.execute(store.db);
    expect(await verifyMailLog(store.db)).toMatchObject({ ok: true, rows: 4 });
    await tamper(store, ['DELETE FROM mail_log WHERE seq = 3', 'UPDATE mail_log SET seq = 3 WHERE seq = 4']);
    expect(await verifyMailLog(store.db)).toMatchObject({ ok: false, rows: 2, broken: { seq: 3 } });
  });

  it('concurrent appends from three processes keep one valid chain', async () => {
    const child = join(import.meta.dirname, 'append-child.ts');
    await Promise.all(['a', 'b', 'c'].map((name) => run(process.execPath, ['--import', 'tsx', child, store.url, name, '40'])));
    // And in-process concurrency on the same store (PostgreSQL uses several pool connections).
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendMailLog(store.db, logEntry({ subject: `Parallel ${i}` }))));
    const verification = await verifyMailLog(store.db);
    expect(verification).toMatchObject({ ok: true, rows: 140 });
    const senders = (await readMailLog(store.db)).map((r) => r.sender);
    for (const name of ['a', 'b', 'c']) expect(senders.filter((s) => s === `${name}@example.dk`)).toHaveLength(40);
  }, 120_000);

  it('a result is a new event row; exports filter by mailbox and period', async () => {
    await appendMailLog(store.db, [
      logEntry({ at: new Date('2026-11-30T22:59:59Z'), recipients: ['Borger@Example.dk'], subject: 'Før perioden' }),
      logEntry({ at: new Date('2026-11-30T23:00:00Z'), event: 'held', recipients: ['borger@example.dk'], queueId: 'q1', releaseAt: new Date('2026-12-07T07:00:00Z') }),
      logEntry({ at: new Date('2026-12-07T07:00:01Z'), event: 'delivered', recipients: ['borger@example.dk'], queueId: 'q1', result: '250 2.0.0 Ok' }),
      logEntry({ at: new Date('2026-12-02T10:00:00Z'), recipients: ['other_person@example.dk'] }),
      logEntry({ at: new Date('2026-12-02T10:00:00Z'), sender: 'borger@example.dk', direction: 'in', recipients: ['post@example.dk'] }),
    ]);
    const query = { mailbox: 'BORGER@example.dk', from: new Date('2026-11-30T23:00:00Z'), to: new Date('2026-12-31T23:00:00Z') };
    const rows = JSON.parse(await exportMailLog(store.db, { ...query, format: 'json', timeZone: 'Europe/Copenhagen' })) as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.seq, r.event, r.direction])).toEqual([
      [2, 'held', 'out'],
      [3, 'delivered', 'out'],
      [5, 'received', 'in'],
    ]);
    expect(rows[0]).toMatchObject({ time: '2026-12-01T00:00:00.000+01:00', releaseAt: '2026-12-07T08:00:00.000+01:00', queueId: 'q1' });
    // "_" in an address is a LIKE wildcard; it must match only itself.
    expect(await readMailLog(store.db, { mailbox: 'other_person@example.dk' })).toHaveLength(1);
    expect(await readMailLog(store.db, { mailbox: 'otherxperson@example.dk' })).toHaveLength(0);
    const csv = await exportMailLog(store.db, { ...query, format: 'csv' });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^seq,time,event,direction,channel,sender,recipients,subject,/);
  });
});

describe('CSV escaping', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hej"')).toBe('"say ""hej"""');
    expect(csvField('line\r\nbreak')).toBe('"line\r\nbreak"');
    expect(csvField('=HYPERLINK("http://example.dk")')).toBe(`"'=HYPERLINK(""http://example.dk"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(['a@example.dk', 'b@example.dk'])).toBe('a@example.dk; b@example.dk');
    expect(csvField(-5)).toBe('-5');
    expect(csvField(null)).toBe('');
  });
});
