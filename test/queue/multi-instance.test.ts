/**
 * Two `postvakt serve` processes share one PostgreSQL queue. 1,000 held messages reach their
 * release time while both run: each is delivered exactly once, and both instances take part.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { Queue } from '../../src/queue/queue.ts';
import { realClock } from '../../src/clock/clock.ts';
import { freshStoreUrl } from '../support/stores.ts';
import { setup, startServe, startSink, waitFor, type Setup, type Sink } from '../gateway/harness.ts';

const TOTAL = 1000;
let sink: Sink;
let store: ReturnType<typeof freshStoreUrl>;
let a: Setup;
let b: Setup;

beforeAll(async () => {
  sink = await startSink();
  store = freshStoreUrl('postgres');
  a = await setup({ sinkPort: sink.port, storeUrl: store.url });
  b = await setup({ sinkPort: sink.port, storeUrl: store.url });
});

afterAll(async () => {
  await sink?.close();
  await a?.cleanup();
  await b?.cleanup();
  await store?.cleanup();
});

it('delivers each of 1,000 held messages exactly once with two instances releasing them', async () => {
  const db = await openStore(store.url);
  const queue = new Queue(db.db, realClock, { leaseMs: 60_000, retrySchedule: [1000] });
  // Held for an hour; once both instances are up, the hour is made to have passed.
  const releaseAt = new Date(Date.now() + 3_600_000);
  await queue.enqueue(
    Array.from({ length: TOTAL }, (_, n) => ({
      channel: 'email' as const,
      status: 'held' as const,
      raw: Buffer.from(`From: sagsbehandler@eksempel-kommune.dk\r\nSubject: Held ${n}\r\nX-Seq: ${n}\r\n\r\nHej\r\n`),
      envelope: { from: 'sagsbehandler@eksempel-kommune.dk', to: [`borger${n}@example.dk`] },
      lang: 'da',
      subject: `Held ${n}`,
      originId: `origin-${n}`,
      releaseAt,
      decision: { verdict: 'hold' },
    })),
  );
  const [first, second] = await Promise.all([startServe(a), startServe(b)]);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    expect(sink.messages).toHaveLength(0);
    const now = Date.now();
    await db.db.updateTable('queue_items').set({ release_at: now, next_attempt_at: now }).execute();
    await waitFor(() => sink.messages.length >= TOTAL, 60_000);
    await new Promise((r) => setTimeout(r, 2000));
    const seqs = sink.messages.map((m) => Number(/^X-Seq: (\d+)/m.exec(m.raw)?.[1]));
    expect(seqs).toHaveLength(TOTAL);
    expect(new Set(seqs).size).toBe(TOTAL);
    const delivered = (log: string[]) => log.filter((l) => l.includes('"outcome":"delivered"')).length;
    expect(delivered(first.log) + delivered(second.log)).toBe(TOTAL);
    expect(delivered(first.log)).toBeGreaterThan(0);
    expect(delivered(second.log)).toBeGreaterThan(0);
    expect(await queue.counts()).toEqual({ delivered: TOTAL });
  } finally {
    await Promise.all([first.stop(), second.stop()]);
    await db.close();
  }
}, 120_000);
