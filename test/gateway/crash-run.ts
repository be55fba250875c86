/**
 * RFC 5321 §6.1 under fire, for any SMTP door of `postvakt serve`: messages go in while the
 * server is killed with SIGKILL at random moments and restarted. A client that gets no answer
 * sends again, as an MTA does. Returns which messages got 250 and what reached the sink.
 */
import nodemailer from 'nodemailer';
import { startServe, waitFor, type Served, type Setup, type Sink } from './harness.ts';

export interface CrashRun {
  total: number;
  kills: number;
  concurrency: number;
  /** The door to send to. */
  port: number;
  envelope: { from: string; to: string[] };
  /** Message n; must carry an `X-Seq: n` header. */
  message(n: number): Buffer;
}

export const seqOf = (raw: string) => Number(/^X-Seq: (\d+)/m.exec(raw)?.[1]);

export async function crashRun(s: Setup, sink: Sink, run: CrashRun, onServed: (served: Served) => void): Promise<{ accepted: Set<number>; attempts: number; counts: Map<number, number>; duplicates: number; summary: string }> {
  const started = Date.now();
  let served = await startServe(s);
  onServed(served);
  const connect = () => {
    const client = nodemailer.createTransport({ host: '127.0.0.1', port: run.port, pool: true, maxConnections: run.concurrency, ignoreTLS: true, connectionTimeout: 5000, socketTimeout: 10_000 });
    // A killed server resets pooled connections; the send that was using one fails and is retried.
    client.on('error', () => undefined);
    return client;
  };
  const accepted = new Set<number>();
  let attempts = 0;
  let client = connect();
  // Random moments: after this many accepted messages.
  const killAt = Array.from({ length: run.kills }, (_, i) => Math.floor(((i + 0.2 + Math.random() * 0.6) * run.total) / (run.kills + 1))).sort((a, b) => a - b);
  let restarting: Promise<void> | undefined;

  async function killAndRestart(): Promise<void> {
    await served.stop('SIGKILL');
    client.close();
    served = await startServe(s);
    onServed(served);
    client = connect();
  }

  let next = 0;
  async function worker(): Promise<void> {
    while (next < run.total) {
      const n = next++;
      for (;;) {
        if (restarting) await restarting;
        attempts++;
        try {
          const info = await client.sendMail({ envelope: run.envelope, raw: run.message(n) });
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
  await Promise.all(Array.from({ length: run.concurrency }, worker)).finally(() => clearInterval(ticker));
  if (restarting) await restarting;
  if (killAt.length) throw new Error(`only ${run.kills - killAt.length} of ${run.kills} kills happened`);
  client.close();

  const sendingDone = Date.now();
  const delivered = () => new Set(sink.messages.map((m) => seqOf(m.raw)));
  await waitFor(() => [...accepted].every((n) => delivered().has(n)), 240_000).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 1000));
  const counts = new Map<number, number>();
  for (const m of sink.messages) counts.set(seqOf(m.raw), (counts.get(seqOf(m.raw)) ?? 0) + 1);
  const duplicates = [...counts.values()].reduce((sum, c) => sum + c - 1, 0);
  const summary =
    `${run.total} messages, ${run.kills} SIGKILLs, ${attempts} SMTP transactions, ${accepted.size} accepted, ` +
    `${counts.size} distinct delivered, ${duplicates} duplicates at the sink; sending took ${((sendingDone - started) / 1000).toFixed(0)} s, ` +
    `draining ${((Date.now() - sendingDone) / 1000).toFixed(0)} s`;
  return { accepted, attempts, counts, duplicates, summary };
}
