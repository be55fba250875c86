/**
 * `npm run bench:gateway`: messages per second through `postvakt serve` (all rules on, durable
 * SQLite spool, group commit) against a pass-through relay (no checks, no spool: forwards and
 * answers) in the same run, all delivering to the same sink. A third relay, the pass-through
 * that first analyses each message in Postvakt's own check workers (parse and every rule, no
 * spool, no decision), shows how much of the gap the checks alone make.
 *
 * Load: Postfix's `smtp-source` with a 10 KB Danish message (-F), 16 parallel sessions that
 * each send many messages (-d), as an organisation's MTA does towards its smart host (Postfix's
 * connection cache, Exchange's outbound connector). One message per connection would measure
 * smtp-server's 100 ms greeting pause (its early-talker check) instead: 16 sessions / 0.1 s.
 * Sink: Postfix's `smtp-sink` in its own process, counting deliveries (-c), so the sink neither
 * shares an event loop with the baseline nor piles up received mail in memory.
 * Latency: a separate probe times each transaction's end of DATA → 250 with a Node client
 * (smtp-source reports no per-message times); "added" is Postvakt's minus the baseline's.
 * BENCH_MESSAGES (default 600) sets the smtp-source count per measurement; BENCH_ROUNDS
 * (default 3) measures baseline and Postvakt in turn that many times and reports the medians, as
 * a shared VM drifts by 10–15% from one minute to the next.
 * A fourth target is `serve`'s inbound door (issue 17: checks, spool, waiting items, relayed to the
 * same sink), loaded with mail from outside to a function mailbox; its ratio to the outbound door
 * in the same round is reported.
 * BENCH_BASELINE=DIR adds `serve` run from another checkout (a `git worktree` of an earlier commit,
 * with node_modules) on the same configuration, so a change's cost is a ratio within one run:
 * CPU per message of this checkout's outbound door over the earlier one's, round by round.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/config/load.ts';
import { startCheckers } from '../src/gateway/checkers.ts';
import type { Analyse } from '../src/gateway/analyse.ts';
import { freePort, setup, startServe, waitFor } from '../test/gateway/harness.ts';
import { INBOUND, MESSAGES, OUTBOUND, SESSIONS, smtpSource, startSmtpSink, tenKilobytes, type CountingSink, type Envelope } from './smtp-load.ts';

const PROBES = 200;
const BASELINE = process.env.BENCH_BASELINE;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/**
 * The baseline: accept, forward to the sink, answer what the sink answered; with `analyse`, first
 * parse and check the message as Postvakt does (and ignore the findings).
 */
async function startPassThrough(sinkPort: number, analyse?: Analyse): Promise<{ port: number; close(): Promise<void> }> {
  const upstream = nodemailer.createTransport({ host: '127.0.0.1', port: sinkPort, pool: true, maxConnections: 5, ignoreTLS: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void (analyse ? analyse(raw, new Date()) : Promise.resolve())
          .then(() => upstream.sendMail({
            envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
            raw,
          }))
          .then(
            () => callback(),
            (err: Error) => callback(err),
          );
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as { port: number }).port;
  return { port, close: async () => { upstream.close(); await new Promise<void>((r) => server.close(() => r())); } };
}

/** Per-transaction latency from a Node client, 4 sessions. */
async function probe(port: number, envelope: Envelope = OUTBOUND): Promise<number[]> {
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, pool: true, maxConnections: 4, ignoreTLS: true });
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < PROBES) {
        const n = next++;
        const started = performance.now();
        await client.sendMail({ envelope: { from: envelope.from, to: [envelope.to] }, raw: tenKilobytes(`probe ${n}`).replace(/\n/g, '\r\n') });
        times.push(performance.now() - started);
      }
    }),
  );
  client.close();
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

interface Row {
  name: string;
  acceptRate: number;
  deliveredRate: number;
  p50: number;
  p99: number;
  /** CPU of the relay's process (all its threads) per message, from accept to delivery. */
  cpuMs: number;
}

/** CPU time of a process in ms, all threads, from /proc (Linux; what this machine runs). */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime in 1/100 s ticks
}

async function measure(name: string, port: number, pid: number, sink: CountingSink, file: string, envelope: Envelope): Promise<Row> {
  await probe(port, envelope).catch(() => undefined); // warm-up: JIT, worker threads, pools
  const before = sink.count();
  const cpuBefore = cpuOf(pid);
  const started = performance.now();
  const seconds = await smtpSource(port, file, envelope);
  await waitFor(() => sink.count() - before >= MESSAGES, 600_000);
  const delivered = (performance.now() - started) / 1000;
  const cpuMs = (cpuOf(pid) - cpuBefore) / MESSAGES;
  const latency = await probe(port, envelope);
  return { name, acceptRate: MESSAGES / seconds, deliveredRate: MESSAGES / delivered, p50: pct(latency, 0.5), p99: pct(latency, 0.99), cpuMs };
}

async function main(): Promise<void> {
  const sink = await startSmtpSink();
  const inboundPort = await freePort();
  const s = await setup({
    sinkPort: sink.port,
    queue: { concurrency: 50 },
    sections: { inbound: { enabled: true, host: '127.0.0.1', port: inboundPort, deliverTo: { host: '127.0.0.1', port: sink.port } } },
  });
  const file = join(s.dir, 'message-10k.eml');
  writeFileSync(file, tenKilobytes('load'));
  const baseline = await startPassThrough(sink.port);
  // The same configuration and as many check workers as `serve` starts.
  const config = loadConfig(s.configPath).config;
  const checkers = startCheckers(config);
  const checked = await startPassThrough(sink.port, checkers.analyse);
  const served = await startServe(s);
  // The same configuration as this checkout's serve, with its own ports and store.
  const earlier = BASELINE === undefined ? undefined : await setup({
    sinkPort: sink.port,
    queue: { concurrency: 50 },
    sections: { inbound: { enabled: true, host: '127.0.0.1', port: await freePort(), deliverTo: { host: '127.0.0.1', port: sink.port } } },
  });
  const servedEarlier = earlier && (await startServe(earlier, {}, 'node', join(BASELINE!, 'bin/postvakt.js')));
  try {
    // Check workers are still loading when they are started: let them finish before the
    // baseline is measured, or the baseline pays for their start-up.
    await probe(s.smtpPort);
    await probe(checked.port);
    await probe(inboundPort, INBOUND);
    if (earlier) await probe(earlier.smtpPort);
    const relays = [
      { name: 'pass-through relay', port: baseline.port, pid: process.pid, envelope: OUTBOUND },
      { name: 'pass-through + checks', port: checked.port, pid: process.pid, envelope: OUTBOUND },
      { name: 'postvakt serve', port: s.smtpPort, pid: served.child.pid!, envelope: OUTBOUND },
      { name: 'postvakt inbound door', port: inboundPort, pid: served.child.pid!, envelope: INBOUND },
      ...(earlier ? [{ name: 'serve of BENCH_BASELINE', port: earlier.smtpPort, pid: servedEarlier!.child.pid!, envelope: OUTBOUND }] : []),
    ];
    const rounds: Row[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const rows: Row[] = [];
      // Every other round runs the targets in reverse, so none always goes first (a VM's drift within a round).
      const order = relays.map((_, k) => k);
      if (round % 2 === 1) order.reverse();
      for (const k of order) rows[k] = await measure(relays[k]!.name, relays[k]!.port, relays[k]!.pid, sink, file, relays[k]!.envelope);
      rounds.push(rows);
    }
    const fmt = (n: number, w: number) => n.toFixed(n >= 100 ? 0 : 1).padStart(w);
    const line = (r: Row, name = r.name) =>
      `${name.padEnd(30)} ${fmt(r.acceptRate, 15)} ${fmt(r.deliveredRate, 16)} ${fmt(r.p50, 7)} ${fmt(r.p99, 7)} ${r.cpuMs.toFixed(2).padStart(11)}`;
    console.log(`\n10 KB messages, ${MESSAGES} via smtp-source (${SESSIONS} sessions) per measurement, ${ROUNDS} rounds, latency from ${PROBES} probes`);
    console.log('target                         accepted msg/s  delivered msg/s  p50 ms  p99 ms  CPU ms/msg');
    rounds.forEach((rows, i) => rows.forEach((r) => console.log(line(r, `round ${i + 1}: ${r.name}`))));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const mid = (k: number): Row => {
      const rows = rounds.map((r) => r[k]!);
      const of = (f: (r: Row) => number) => median(rows.map(f));
      return { name: `median: ${rows[0]!.name}`, acceptRate: of((r) => r.acceptRate), deliveredRate: of((r) => r.deliveredRate), p50: of((r) => r.p50), p99: of((r) => r.p99), cpuMs: of((r) => r.cpuMs) };
    };
    const medians = relays.map((_, k) => mid(k));
    medians.forEach((r) => console.log(line(r)));
    console.log('(CPU: the whole relay process; both pass-throughs share the benchmark\'s process.)');
    const ratio = (k: number, to = 0) => {
      const ratios = rounds.map((rows) => rows[k]!.acceptRate / rows[to]!.acceptRate);
      console.log(`ratio ${relays[k]!.name} / ${relays[to]!.name} (accepted), same round: ${ratios.map((r) => `${(r * 100).toFixed(0)}%`).join(', ')}; median ${(median(ratios) * 100).toFixed(0)}%`);
      return median(ratios);
    };
    ratio(1);
    const served50 = ratio(2) >= 0.5;
    ratio(3, 2);
    if (earlier) {
      const cpu = rounds.map((rows) => rows[2]!.cpuMs / rows[4]!.cpuMs);
      console.log(`CPU per message, this checkout / BENCH_BASELINE (${BASELINE}), same round: ${cpu.map((r) => `${(r * 100).toFixed(0)}%`).join(', ')}; median ${(median(cpu) * 100).toFixed(0)}%`);
    }
    const [base, pv] = [medians[0]!, medians[2]!];
    console.log(`added latency (medians): p50 ${(pv.p50 - base.p50).toFixed(1)} ms, p99 ${(pv.p99 - base.p99).toFixed(1)} ms`);
    console.log(`goal: >= 300 msg/s and >= 50% of pass-through (medians): ${pv.acceptRate >= 300 && served50 ? 'met' : 'NOT met'}`);
  } finally {
    await served.stop();
    await servedEarlier?.stop();
    await earlier?.cleanup();
    await checked.close();
    await checkers.close();
    await baseline.close();
    sink.close();
    await s.cleanup();
  }
}

await main();
