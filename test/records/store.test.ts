/**
 * The records data model on both stores (issue 18): which messages are documents (one per
 * message, Postvakt's own notices excluded, journaled mail without bytes), status and registration
 * kept as append-only event rows whose newest row is the current state, and the worklist query.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { fixedClock } from '../../src/clock/clock.ts';
import { Queue, type NewItem } from '../../src/queue/queue.ts';
import { recordInbound } from '../../src/inbound/service.ts';
import { documentOriginal, getDocument, listDocuments } from '../../src/records/documents.ts';
import { insertRegistration, insertStatusEvent, recordState, registrationsOfCase, statusHistory } from '../../src/records/store.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const AT = new Date('2026-12-01T09:00:00Z');

function item(originId: string, to: string[], decision: Record<string, unknown>, raw = `Subject: ${originId}\r\n\r\nbody\r\n`): NewItem {
  return {
    channel: 'email',
    status: 'queued',
    raw: Buffer.from(raw),
    envelope: { from: 'sagsbehandler@eksempel-kommune.dk', to },
    lang: 'da',
    subject: `Emne ${originId}`,
    originId,
    decision,
  };
}

describe.each(DIALECTS)('records store on %s', (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it('names one document per message, leaves out notices, and lists journaled mail without bytes', async () => {
    store = await openTestStore(dialect);
    const queue = new Queue(store.db, fixedClock(AT), { leaseMs: 60_000, retrySchedule: [60_000] });
    // One message split in two deliveries (internal and external recipients) plus a sender notice.
    const [first, second, notice] = await queue.enqueue([
      item('m1', ['borger@example.dk'], { direction: 'out', verdict: 'deliver' }, 'Subject: split\r\n\r\nhello\r\n'),
      item('m1', ['kollega@eksempel-kommune.dk'], { direction: 'out', verdict: 'deliver' }),
      item('m1', ['sagsbehandler@eksempel-kommune.dk'], { notice: 'held', for: 'x', direction: 'internal' }),
    ]);
    await store.db.transaction().execute((trx) =>
      recordInbound(trx, {
        kind: 'accept',
        originId: 'j1',
        items: [],
        direction: 'internal',
        inbound: { id: 'j1', receivedAt: new Date(AT.getTime() + 1000), sender: 'a@eksempel-kommune.dk', recipients: ['b@eksempel-kommune.dk'], messageId: '<j1@x>', subject: 'Journal', size: 10, automatic: false, sensitive: [], queueId: null },
        waiting: [],
      }),
    );
    const docs = await listDocuments(store.db);
    expect(docs.map((d) => [d.id, d.source, d.direction])).toEqual([
      [first, 'queue', 'out'],
      ['j1', 'journal', 'internal'],
    ]);
    expect(docs.some((d) => d.id === second || d.id === notice)).toBe(false);
    expect((await documentOriginal(store.db, first!))!.toString()).toContain('Subject: split');
    expect(await documentOriginal(store.db, 'j1')).toBeUndefined();
    expect((await getDocument(store.db, 'j1'))!.recipients).toEqual(['b@eksempel-kommune.dk']);
  });

  it('keeps status and registration as events: the newest is current, rows cannot change, the worklist follows', async () => {
    store = await openTestStore(dialect);
    const queue = new Queue(store.db, fixedClock(AT), { leaseMs: 60_000, retrySchedule: [60_000] });
    const [a] = await queue.enqueue([item('a', ['borger@example.dk'], { direction: 'out' })]);
    const [b] = await queue.enqueue([item('b', ['borger@example.dk'], { direction: 'out' })]);
    const [c] = await queue.enqueue([item('c', ['borger@example.dk'], { direction: 'out' })]);
    const unregistered = async () => (await listDocuments(store!.db, { unregistered: true })).map((d) => d.id);
    expect(await unregistered()).toEqual([a, b, c]);

    await insertStatusEvent(store.db, { documentId: a!, at: AT, kind: 'decided', status: 'little-importance', ground: null, actor: 'jens', suggested: { status: 'little-importance', ground: null, reason: 'newsletter' } });
    await insertStatusEvent(store.db, { documentId: b!, at: AT, kind: 'decided', status: 'public', ground: null, actor: 'jens' });
    await insertStatusEvent(store.db, { documentId: c!, at: AT, kind: 'decided', status: 'secret', ground: 'dk-offl-30-1', actor: 'jens' });
    expect(await unregistered()).toEqual([b, c]);
    // A correction back to public puts it on the worklist again.
    await insertStatusEvent(store.db, { documentId: a!, at: new Date(AT.getTime() + 1), kind: 'corrected', status: 'public', ground: null, actor: 'lise' });
    expect(await unregistered()).toEqual([a, b, c]);
    expect((await statusHistory(store.db, a!)).map((s) => [s.kind, s.status, s.suggested?.reason ?? null])).toEqual([
      ['decided', 'little-importance', 'newsletter'],
      ['corrected', 'public', null],
    ]);

    const registration = { at: AT, caseNumber: '27.12.08-P20-1-26', title: 'Ansøgning', classification: '27.12.08', direction: 'out' as const, documentDate: AT, registrar: 'journal', via: 'cli' as const };
    await insertRegistration(store.db, { ...registration, documentId: b! });
    await insertRegistration(store.db, { ...registration, documentId: c! });
    await insertRegistration(store.db, { ...registration, documentId: c!, caseNumber: '27.12.08-P20-2-26' });
    expect(await unregistered()).toEqual([a]);
    expect((await registrationsOfCase(store.db, '27.12.08-P20-1-26')).map((r) => r.documentId)).toEqual([b]);
    const state = await recordState(store.db, c!);
    expect([state.status?.status, state.registration?.caseNumber]).toEqual(['secret', '27.12.08-P20-2-26']);

    for (const table of ['record_status_events', 'record_registrations']) {
      await expect(sql`UPDATE ${sql.table(table)} SET at = 0`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM ${sql.table(table)}`.execute(store.db)).rejects.toThrow(/append-only/);
    }
  });
});
