/**
 * The durable queue on both dialects: enqueue, the overrides and their history, exactly-once
 * claiming, leases, retries on the schedule and the failure notice committed with the failure.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, type Clock } from '../../src/clock/clock.ts';
import { openStore } from '../../src/store/db.ts';
import { Queue, QueueError } from '../../src/queue/queue.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { queueItem } from '../support/queue-items.ts';

const T0 = new Date('2026-12-04T13:00:00Z');

const item = queueItem;

describe.each(DIALECTS)('queue on %s', (dialect) => {
  let store: TestStore;
  let now: Date;
  const clock: Clock = { now: () => new Date(now) };
  let queue: Queue;

  beforeEach(async () => {
    store = await openTestStore(dialect);
    now = new Date(T0);
    queue = new Queue(store.db, clock, { leaseMs: 60_000, retrySchedule: [60_000, 600_000] });
  });
  afterEach(async () => store.dispose());

  it('keeps the exact bytes, the envelope and an enqueued event', async () => {
    const raw = Buffer.from([0x53, 0x75, 0x62, 0x6a, 0xff, 0x00, 0x0d, 0x0a]);
    const [id] = await queue.enqueue([item({ raw })]);
    const got = await queue.require(id!);
    expect(got.raw.equals(raw)).toBe(true);
    expect(got.envelope).toEqual({ from: 'cw@example.dk', to: ['citizen@example.dk'] });
    expect(got.status).toBe('queued');
    expect((await queue.events(id!)).map((e) => e.kind)).toEqual(['queued']);
  });

  it('lists items newest first with the size of their bytes, not the bytes', async () => {
    const small = Buffer.from([0x53, 0xff, 0x00, 0x0d, 0x0a]);
    const large = Buffer.alloc(300_000, 0xe6);
    const [first] = await queue.enqueue([item({ raw: small })]);
    now = new Date(T0.getTime() + 1000);
    const [second] = await queue.enqueue([item({ raw: large, status: 'held', releaseAt: new Date(T0.getTime() + 3_600_000) })]);
    const listed = await queue.list();
    expect(listed.map((i) => [i.id, i.size])).toEqual([
      [second, 300_000],
      [first, 5],
    ]);
    expect(listed.every((i) => !('raw' in i))).toBe(true);
    expect((await queue.list({ status: ['held'] })).map((i) => i.id)).toEqual([second]);
  });

  it('gives new items time-ordered ids (UUID version 7), so index inserts append', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(...(await queue.enqueue([item(), item()])));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a held item without a release time', async () => {
    await expect(queue.enqueue([item({ status: 'held' })])).rejects.toThrow(QueueError);
  });

  it('releases a held item only with a reason, and records who and why', async () => {
    const [id] = await queue.enqueue([item({ status: 'held', releaseAt: new Date('2026-12-07T08:00:00Z') })]);
    await expect(queue.release(id!, { actor: 'cli:a-case-worker', reason: ' ' })).rejects.toThrow(/reason/);
    const released = await queue.release(id!, { actor: 'cli:a-case-worker', reason: 'The citizen asked for it today' });
    expect(released.status).toBe('queued');
    const last = (await queue.events(id!)).at(-1)!;
    expect(last).toMatchObject({ kind: 'released', actor: 'cli:a-case-worker', reason: 'The citizen asked for it today' });
    const refusal = await queue.release(id!, { actor: 'x', reason: 'again' }).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(QueueError);
    expect((refusal as QueueError).message).toMatch(/is queued/);
    // The same refusal as a Danish or Swedish reader sees it.
    expect((refusal as QueueError).describe('da')).toBe(`elementet ${id!} har status queued; "released" kræver status held`);
    expect((refusal as QueueError).describe('sv')).toBe(`objektet ${id!} har status queued; "released" kräver status held`);
  });

  it('reschedules, marks "told in advance" and cancels a held item', async () => {
    const [id] = await queue.enqueue([item({ status: 'held', releaseAt: new Date('2026-12-07T08:00:00Z') })]);
    const later = new Date('2026-12-08T08:00:00Z');
    expect((await queue.reschedule(id!, later, { actor: 'web:7' })).releaseAt).toEqual(later);
    expect((await queue.markTold(id!, { actor: 'web:7', reason: 'phoned Friday' })).told).toBe(true);
    expect((await queue.cancel(id!, { actor: 'web:7', reason: 'sent by post instead' })).status).toBe('cancelled');
    expect((await queue.events(id!)).map((e) => e.kind)).toEqual(['held', 'rescheduled', 'told', 'cancelled']);
    now = new Date('2026-12-09T00:00:00Z');
    expect(await queue.releaseDue(now)).toEqual([]);
    expect(await queue.claimDue('a', now, 10)).toEqual([]);
  });

  it('releases a held item at its time, exactly once, and then it can be claimed', async () => {
    const [id] = await queue.enqueue([item({ status: 'held', releaseAt: new Date('2026-12-07T08:00:00Z') })]);
    expect(await queue.releaseDue(new Date('2026-12-07T07:59:59Z'))).toEqual([]);
    expect(await queue.claimDue('a', new Date('2026-12-07T07:59:59Z'), 10)).toEqual([]);
    const at = new Date('2026-12-07T08:00:00Z');
    expect(await queue.releaseDue(at)).toEqual([id]);
    expect(await queue.releaseDue(at)).toEqual([]);
    const claimed = await queue.claimDue('a', at, 10);
    expect(claimed.map((c) => c.id)).toEqual([id]);
    expect(claimed[0]).toMatchObject({ status: 'delivering', attempts: 1 });
  });

  it('gives each due item to one claimant, and takes it over only after the lease expires', async () => {
    const ids = await queue.enqueue(Array.from({ length: 30 }, () => item()));
    const [a, b] = await Promise.all([queue.claimDue('a', now, 20), queue.claimDue('b', now, 20)]);
    const claimed = [...a, ...b].map((c) => c.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual([...ids].sort());
    expect(await queue.claimDue('c', new Date(T0.getTime() + 59_999), 50)).toEqual([]);
    const taken = await queue.claimDue('c', new Date(T0.getTime() + 60_000), 50);
    expect(taken).toHaveLength(30);
    // The first owner comes back after its lease ran out: its result is not written.
    expect(await queue.finish(a[0]!, 'a', { kind: 'delivered', response: '250 ok' })).toBe('lost-lease');
    const mine = taken.find((t) => t.id === a[0]!.id)!;
    expect(await queue.finish(mine, 'c', { kind: 'delivered', response: '250 ok' })).toBe('delivered');
    expect((await queue.require(mine.id)).status).toBe('delivered');
  });

  it('never claims a delivered item again', async () => {
    await queue.enqueue([item()]);
    const [claimed] = await queue.claimDue('a', now, 1);
    await queue.finish(claimed!, 'a', { kind: 'delivered', response: '250 2.0.0 ok' });
    expect(await queue.claimDue('a', new Date(T0.getTime() + 10 * 86_400_000), 10)).toEqual([]);
  });

  it('retries transient failures on the schedule, then fails and commits the notice with the failure', async () => {
    const [id] = await queue.enqueue([item()]);
    const notice = (failed: { id: string }, error: string) => Promise.resolve([item({ envelope: { from: '', to: ['cw@example.dk'] }, decision: { dsn: failed.id, error } })]);
    let [c] = await queue.claimDue('a', now, 1);
    expect(await queue.finish(c!, 'a', { kind: 'transient', error: '451 try later' }, notice)).toBe('deferred');
    expect((await queue.require(id!)).nextAttemptAt).toEqual(new Date(T0.getTime() + 60_000));
    expect(await queue.claimDue('a', new Date(T0.getTime() + 59_000), 1)).toEqual([]);
    now = new Date(T0.getTime() + 60_000);
    [c] = await queue.claimDue('a', now, 1);
    expect(await queue.finish(c!, 'a', { kind: 'transient', error: '451 try later' }, notice)).toBe('deferred');
    expect((await queue.require(id!)).nextAttemptAt).toEqual(new Date(now.getTime() + 600_000));
    now = new Date(now.getTime() + 600_000);
    [c] = await queue.claimDue('a', now, 1);
    expect(c!.attempts).toBe(3);
    expect(await queue.finish(c!, 'a', { kind: 'transient', error: '451 try later' }, notice)).toBe('failed');
    const failed = await queue.require(id!);
    expect(failed.status).toBe('failed');
    expect(failed.lastResult).toMatch(/gave up after 3 attempts/);
    const all = await queue.list();
    expect(all.find((i) => i.decision.dsn === id)).toMatchObject({ status: 'queued', envelope: { from: '' } });
    // An operator retries it: a fresh schedule.
    expect((await queue.retry(id!, { actor: 'cli:ops' })).attempts).toBe(0);
  });

  it('fails at once on a permanent refusal', async () => {
    await queue.enqueue([item()]);
    const [c] = await queue.claimDue('a', now, 1);
    expect(await queue.finish(c!, 'a', { kind: 'permanent', error: '550 5.1.1 no such user' })).toBe('failed');
    expect((await queue.require(c!.id)).lastResult).toBe('550 5.1.1 no such user');
  });
});

describe('claiming across connections on postgres', () => {
  it('gives every item to exactly one of four concurrent claimants', async () => {
    const store = await openTestStore('postgres');
    const others = await Promise.all([1, 2, 3].map(() => openStore(store.url)));
    try {
      const at = fixedClock(T0);
      const queues = [store, ...others].map((s) => new Queue(s.db, at, { leaseMs: 60_000, retrySchedule: [1000] }));
      const ids = await queues[0]!.enqueue(Array.from({ length: 400 }, () => item()));
      const seen: string[][] = [[], [], [], []];
      await Promise.all(
        queues.map(async (q, n) => {
          for (;;) {
            const batch = await q.claimDue(`owner-${n}`, T0, 7);
            if (batch.length === 0) return;
            seen[n]!.push(...batch.map((b) => b.id));
          }
        }),
      );
      const all = seen.flat();
      expect(all).toHaveLength(400);
      expect(new Set(all).size).toBe(400);
      expect(all.sort()).toEqual([...ids].sort());
      expect(seen.filter((s) => s.length > 0).length).toBeGreaterThan(1);
    } finally {
      await Promise.all(others.map((o) => o.close()));
      await store.dispose();
    }
  });
});
