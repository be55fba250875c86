/**
 * What the end-to-end admin test cannot reach within one run: releases by the schedule and by a
 * person read from the queue's events (on both store dialects, made by another queue object as a
 * CLI process would), and the store probe on a store that takes no writes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Queue, type NewItem } from '../../src/queue/queue.ts';
import { registry, watchStore } from '../../src/metrics/metrics.ts';
import { bounded, storeProbe } from '../../src/admin/health.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { sample } from '../support/prometheus.ts';

const T0 = new Date('2026-12-04T13:00:00Z');
const HOUR = 3_600_000;

function held(originId: string): NewItem {
  return {
    channel: 'email',
    status: 'held',
    raw: Buffer.from('Subject: x\r\n\r\nx\r\n'),
    envelope: { from: 'a@example.dk', to: ['b@example.dk'] },
    lang: 'da',
    subject: 'x',
    originId,
    releaseAt: new Date(T0.getTime() + HOUR),
    decision: {},
  };
}

describe.each(DIALECTS)('metrics over the queue (%s)', (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it('counts releases by the schedule and by a person, and reads depth and oldest hold from the store', async () => {
    store = await openTestStore(dialect);
    let now = T0.getTime();
    const queue = new Queue(store.db, { now: () => new Date(now) }, { leaseMs: 60_000, retrySchedule: [60_000] });
    watchStore(store.db, () => new Date(now));
    const scrape = async () => registry.metrics();
    const before = await scrape();
    const bySchedule = sample(before, 'postvakt_deliveries_released_total', { by: 'schedule' }) ?? 0;
    const byPerson = sample(before, 'postvakt_deliveries_released_total', { by: 'person' }) ?? 0;

    const [first] = await queue.enqueue([held('m1'), held('m2'), held('m3')]);
    now += 10 * 60_000;
    let after = await scrape();
    expect(sample(after, 'postvakt_queue_depth', { status: 'held' })).toBe(3);
    expect(sample(after, 'postvakt_queue_oldest_held_seconds')).toBe(600);

    await queue.release(first!, { actor: 'a-case-worker', reason: 'asked for it' });
    now = T0.getTime() + HOUR;
    expect(await queue.releaseDue(new Date(now))).toHaveLength(2);
    // Overlapping scrapes read the new events once between them.
    await Promise.all([scrape(), scrape()]);
    after = await scrape();
    expect(sample(after, 'postvakt_deliveries_released_total', { by: 'person' })).toBe(byPerson + 1);
    expect(sample(after, 'postvakt_deliveries_released_total', { by: 'schedule' })).toBe(bySchedule + 2);
    expect(sample(after, 'postvakt_queue_depth', { status: 'held' })).toBe(0);
    expect(sample(after, 'postvakt_queue_depth', { status: 'queued' })).toBe(3);
    expect(sample(after, 'postvakt_queue_oldest_held_seconds')).toBe(0);
  });

  it('the store probe passes on a writable store and leaves nothing behind', async () => {
    store = await openTestStore(dialect);
    await expect(storeProbe(store)()).resolves.toEqual({ ok: true });
    await expect(storeProbe(store)()).resolves.toEqual({ ok: true });
  });
});

describe('the store probe', () => {
  it('reports not ready when the store cannot take a write', async () => {
    const store = await openTestStore('sqlite');
    await store.dispose();
    const result = await bounded(storeProbe(store)(), 5_000, 'store');
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^store: /);
  });
});
