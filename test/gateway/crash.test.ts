/**
 * RFC 5321 §6.1 under fire: 2,000 messages go in while `postvakt serve` is killed with SIGKILL
 * three times at random moments and restarted (`crash-run.ts`). At the end every message that got
 * 250 must be at the sink; duplicates (the 250 that was lost in a crash, or the upstream 250
 * whose commit was lost) are counted and reported.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { Queue } from '../../src/queue/queue.ts';
import { realClock } from '../../src/clock/clock.ts';
import { setup, startSink, type Served, type Setup, type Sink } from './harness.ts';
import { crashRun } from './crash-run.ts';

const TOTAL = 2000;
const KILLS = 3;

let sink: Sink;
let s: Setup;
let served: Served | undefined;

beforeAll(async () => {
  sink = await startSink();
  s = await setup({ sinkPort: sink.port, queue: { lease: '30s', pollInterval: '250ms', retrySchedule: Array.from({ length: 100 }, () => '2s') } });
});

afterAll(async () => {
  await served?.stop('SIGKILL');
  await sink?.close();
  await s?.cleanup();
});

function message(n: number): Buffer {
  return Buffer.from(
    [
      'From: sagsbehandler@eksempel-kommune.dk',
      'To: borger@example.dk',
      `Subject: Besked ${n}`,
      `Message-ID: <crash-${n}@eksempel-kommune.dk>`,
      `X-Seq: ${n}`,
      '',
      'Hej. Du kan ringe til os mandag til fredag kl. 8-15 på 70 00 00 00.',
      'Venlig hilsen, en sagsbehandler',
      '',
    ].join('\r\n'),
  );
}

it(`delivers every accepted message across ${KILLS} SIGKILLs, and reports duplicates`, async () => {
  const result = await crashRun(
    s,
    sink,
    { total: TOTAL, kills: KILLS, concurrency: 16, port: s.smtpPort, envelope: { from: 'sagsbehandler@eksempel-kommune.dk', to: ['borger@example.dk'] }, message },
    (current) => (served = current),
  );
  expect(result.accepted.size).toBe(TOTAL);
  console.log(`crash test: ${result.summary}`);
  const missing = [...result.accepted].filter((n) => !result.counts.has(n));
  if (missing.length) {
    const store = await openStore(s.storeUrl);
    const queue = new Queue(store.db, realClock, { leaseMs: 30_000, retrySchedule: [2000] });
    console.log('queue by status:', await queue.counts(), 'sample:', (await queue.list({ status: ['failed', 'queued', 'delivering'], limit: 3 })).map((i) => [i.status, i.attempts, i.lastResult]));
    await store.close();
  }
  expect(missing).toEqual([]);
}, 600_000);
