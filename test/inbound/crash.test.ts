/**
 * The inbound spool survives SIGKILL like the outbound one (RFC 5321 §6.1): citizens' mails go in
 * through the inbound door while `postvakt serve` is killed twice and restarted. Every mail that
 * got 250 reaches the internal mail system, and its waiting item (committed with it) exists.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { freePort, setup, startSink, type Served, type Setup, type Sink } from '../gateway/harness.ts';
import { crashRun } from '../gateway/crash-run.ts';

const TOTAL = 600;
const KILLS = 2;

let internal: Sink;
let s: Setup;
let served: Served | undefined;
let port: number;

beforeAll(async () => {
  internal = await startSink();
  port = await freePort();
  s = await setup({
    sinkPort: internal.port,
    queue: { lease: '30s', pollInterval: '250ms', retrySchedule: Array.from({ length: 100 }, () => '2s') },
    sections: { inbound: { enabled: true, host: '127.0.0.1', port, deliverTo: { host: '127.0.0.1', port: internal.port } } },
  });
});

afterAll(async () => {
  await served?.stop('SIGKILL');
  await internal?.close();
  await s?.cleanup();
});

const message = (n: number) =>
  Buffer.from(
    [
      'From: borger@example.dk',
      'To: jobcenter@eksempel-kommune.dk',
      `Subject: Spørgsmål ${n}`,
      `Message-ID: <crash-in-${n}@example.dk>`,
      `X-Seq: ${n}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hej. Hvornår får jeg svar på min ansøgning? Venlig hilsen, en borger',
      '',
    ].join('\r\n'),
  );

it(`relays every accepted inbound mail across ${KILLS} SIGKILLs, with its waiting item`, async () => {
  const result = await crashRun(
    s,
    internal,
    { total: TOTAL, kills: KILLS, concurrency: 8, port, envelope: { from: 'borger@example.dk', to: ['jobcenter@eksempel-kommune.dk'] }, message },
    (current) => (served = current),
  );
  console.log(`inbound crash test: ${result.summary}`);
  expect(result.accepted.size).toBe(TOTAL);
  expect([...result.accepted].filter((n) => !result.counts.has(n))).toEqual([]);
  await served?.stop('SIGKILL');
  served = undefined;
  const store = await openStore(s.storeUrl);
  try {
    const rows = await store.db.selectFrom('inbound_waiting').select('message_id').execute();
    const waiting = new Set(rows.map((r) => Number(/crash-in-(\d+)@/.exec(r.message_id ?? '')?.[1])));
    expect([...result.accepted].filter((n) => !waiting.has(n))).toEqual([]);
  } finally {
    await store.close();
  }
}, 600_000);
