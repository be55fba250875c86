/**
 * `npm run bench:retention` (issue 20): does purging block SMTP sessions? Messages per second
 * through `postvakt serve` (SQLite, all rules on) with nothing else running, and while
 * `postvakt retention run` purges BENCH_PURGE_BODIES (default 100,000) bodies of delivered mail
 * past its rule from the same store, measured in turn in the same run, BENCH_ROUNDS times
 * (default 3); the ratio of each pair and the median are reported.
 *
 * The bodies are written straight into the store before each purge, as delivered outgoing mail
 * finished 60 days ago (the sample's rule keeps such bodies 14 days), 2 KB each. The purge runs
 * as its own process, as cron or another instance would: what it can block is the store (the
 * spool's commit before each 250), which it takes in batches of 100 bodies.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config/load.ts';
import { openStore } from '../src/store/db.ts';
import { setup, startServe, waitFor } from '../test/gateway/harness.ts';
import { MESSAGES, OUTBOUND, smtpSource, startSmtpSink, tenKilobytes } from './smtp-load.ts';

const run = promisify(execFile);
const BODIES = Number(process.env.BENCH_PURGE_BODIES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BIN = join(import.meta.dirname, '..', 'bin', 'postvakt.js');
const DAY = 86_400_000;

/** `count` delivered outgoing items, finished 60 days ago, each with a 2 KB body. */
async function seed(url: string, round: number, count: number): Promise<void> {
  const store = await openStore(url);
  const raw = Buffer.from(tenKilobytes('seed').slice(0, 2048).replace(/\n/g, '\r\n'));
  const finished = Date.now() - 60 * DAY;
  try {
    for (let start = 0; start < count; start += 1000) {
      const ids = Array.from({ length: Math.min(1000, count - start) }, (_, i) => `bench-${round}-${String(start + i).padStart(7, '0')}`);
      await store.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('queue_items')
          .values(
            ids.map((id) => ({
              id,
              channel: 'email' as const,
              status: 'delivered' as const,
              envelope: JSON.stringify({ from: OUTBOUND.from, to: [OUTBOUND.to] }),
              lang: 'da',
              subject: 'Afgørelse',
              message_id: null,
              origin_id: id,
              created_at: finished,
              release_at: null,
              next_attempt_at: finished,
              attempts: 1,
              lease_owner: null,
              lease_expires_at: null,
              decision: JSON.stringify({ verdict: 'deliver', direction: 'out' }),
              last_result: '250 2.0.0 Ok',
              told: 0,
              updated_at: finished,
            })),
          )
          .execute();
        await trx
          .insertInto('queue_bodies')
          .values(ids.map((item_id) => ({ item_id, raw })))
          .execute();
      });
    }
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const sink = await startSmtpSink();
  const s = await setup({ sinkPort: sink.port, queue: { concurrency: 50 } });
  const file = join(s.dir, 'message-10k.eml');
  writeFileSync(file, tenKilobytes('load'));
  const url = loadConfig(s.configPath).config.store.url;
  const served = await startServe(s);
  const rate = async () => {
    const before = sink.count();
    const seconds = await smtpSource(s.smtpPort, file, OUTBOUND);
    await waitFor(() => sink.count() - before >= MESSAGES, 600_000);
    return MESSAGES / seconds;
  };
  try {
    await rate(); // warm-up: JIT, check workers, pools
    const rows: Array<{ alone: number; purging: number; purgeSeconds: number; purged: number; overlap: boolean }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const alone = await rate();
      await seed(url, round, BODIES);
      const started = performance.now();
      let purgeSeconds = 0;
      const purge = run(process.execPath, [BIN, 'retention', 'run', '--json', '--config', s.configPath], { cwd: s.dir, timeout: 1_800_000, maxBuffer: 16 << 20 }).then((r) => {
        purgeSeconds = (performance.now() - started) / 1000;
        return r.stdout;
      });
      const purging = await rate();
      // The measurement counts only if the purge was still running when it ended.
      const overlap = purgeSeconds === 0;
      const report = await purge;
      const purged = (JSON.parse(report) as { bodies: number }).bodies;
      rows.push({ alone, purging, purgeSeconds, purged, overlap });
    }
    console.log(`\n10 KB messages, ${MESSAGES} via smtp-source per measurement; a purge of ${BODIES} bodies of 2 KB by \`postvakt retention run\` beside it, ${ROUNDS} rounds`);
    console.log('round  alone msg/s  while purging msg/s  ratio  purge s  purge outlasted the measurement');
    rows.forEach((r, i) =>
      console.log(
        `${String(i + 1).padStart(5)}  ${r.alone.toFixed(0).padStart(11)}  ${r.purging.toFixed(0).padStart(19)}  ${`${((r.purging / r.alone) * 100).toFixed(0)}%`.padStart(5)}  ${r.purgeSeconds.toFixed(1).padStart(7)}  ${r.overlap ? 'yes' : 'no'}`,
      ),
    );
    const ratios = rows.map((r) => r.purging / r.alone).sort((a, b) => a - b);
    console.log(`median ratio while purging / alone: ${(ratios[Math.floor(ratios.length / 2)]! * 100).toFixed(0)}%`);
    console.log(`bodies purged per round: ${rows.map((r) => r.purged).join(', ')}`);
  } finally {
    await served.stop();
    sink.close();
    await s.cleanup();
  }
}

await main();
