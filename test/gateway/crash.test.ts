/**
 * RFC 5321 §6.1 under fire: 2,000 messages go in while `postvakt serve` is killed with SIGKILL
 * three times at random moments and restarted. A client that gets no answer sends again, as an
 * MTA does. At the end every message that got 250 must be at the sink; duplicates (the 250 that
 * was lost in a crash, or the upstream 250 whose commit was lost) are counted and reported.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { openStore } from '../../src/store/db.ts';
import { Queue } from '../../src/queue/queue.ts';
import { realClock } from '../../src/clock/clock.ts';
import { setup, startServe, startSink, waitFor, type Served, type Setup, type Sink } from './harness.ts';

const TOTAL = 2000;
const KILLS = 3;
const CONCURRENCY = 16;

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

function connect() {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port: s.smtpPort, pool: true, maxConnections: CONCURRENCY, ignoreTLS: true, connectionTimeout: 5000, socketTimeout: 10_000 });
  // A killed server resets pooled connections; the send that was using one fails and is retried.
  client.on('error', () => undefined);
  return client;
}

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

const seqOf = (raw: string) => Number(/^X-Seq: (\d+)/m.exec(raw)?.[1]);

it(`delivers every accepted message across ${KILLS} SIGKILLs, and reports duplicates`, async () => {
  const started = Date.now();
  served = await startServe(s);
  const accepted = new Set<number>();
  let attempts = 0;
  let client = connect();
  // Random moments: after this many accepted messages.
  const killAt = Array.from({ length: KILLS }, (_, i) => Math.floor(((i + 0.2 + Math.random() * 0.6) * TOTAL) / (KILLS + 1))).sort((a, b) => a - b);
  let restarting: Promise<void> | undefined;

  async function killAndRestart(): Promise<void> {
    await served!.stop('SIGKILL');
    client.close();
    served = await startServe(s);
    client = connect();
  }

  let next = 0;
  async function worker(): Promise<void> {
    while (next < TOTAL) {
      const n = next++;
      for (;;) {
        if (restarting) await restarting;
        attempts++;
        try {
          const info = await client.sendMail({ envelope: { from: 'sagsbehandler@eksempel-kommune.dk', to: ['borger@example.dk'] }, raw: message(n) });
          if (/^250 /.test(info.response)) accepted.add(n);
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      if (killAt.length && accepted.size >= killAt[0]! && !restarting) {
        killAt.shift();
        restarting = killAndRestart().finally(() => (restarting = undefined));
      }
    }
  }
  const ticker = setInterval(() => process.stderr.write(`crash test: ${accepted.size} accepted, ${sink.messages.length} at the sink\n`), 10_000);
  await Promise.all(Array.from({ length: CONCURRENCY }, worker)).finally(() => clearInterval(ticker));
  if (restarting) await restarting;
  expect(killAt).toEqual([]);
  expect(accepted.size).toBe(TOTAL);

  const sendingDone = Date.now();
  const delivered = () => new Set(sink.messages.map((m) => seqOf(m.raw)));
  await waitFor(() => [...accepted].every((n) => delivered().has(n)), 240_000).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 1000));
  const counts = new Map<number, number>();
  for (const m of sink.messages) counts.set(seqOf(m.raw), (counts.get(seqOf(m.raw)) ?? 0) + 1);
  const duplicates = [...counts.values()].reduce((sum, c) => sum + c - 1, 0);
  console.log(
    `crash test: ${TOTAL} messages, ${KILLS} SIGKILLs, ${attempts} SMTP transactions, ${accepted.size} accepted, ` +
      `${counts.size} distinct delivered, ${duplicates} duplicates at the sink; sending took ${((sendingDone - started) / 1000).toFixed(0)} s, ` +
      `draining ${((Date.now() - sendingDone) / 1000).toFixed(0)} s`,
  );
  const missing = [...accepted].filter((n) => !counts.has(n));
  if (missing.length) {
    const store = await openStore(s.storeUrl);
    const queue = new Queue(store.db, realClock, { leaseMs: 30_000, retrySchedule: [2000] });
    console.log('queue by status:', await queue.counts(), 'sample:', (await queue.list({ status: ['failed', 'queued', 'delivering'], limit: 3 })).map((i) => [i.status, i.attempts, i.lastResult]));
    await store.close();
  }
  expect(missing).toEqual([]);
  client.close();
}, 600_000);
