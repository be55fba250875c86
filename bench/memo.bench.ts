/**
 * `npm run bench:memo`: letters per second through the Digital Post intake — HTTP, MeMo
 * validation and parsing (PDF text extraction included), every rule, the hold decision with
 * the consideration register, and the durable SQLite spool commit — with 100 KB PDF letters.
 * The baseline, in the same run and with the same client and letters, is a plain HTTP server
 * that reads the body and echoes it back. Forwarding to Digital Post is not part of it (the
 * scheduler is not started): this measures what Postvakt adds in front of the spool.
 *
 *   LETTERS=400 CONCURRENCY=8 npm run bench:memo
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clockFromEnv } from '../src/clock/clock.ts';
import { loadConfig, samplePath } from '../src/config/load.ts';
import type { Config } from '../src/config/schema.ts';
import { sha256Hex } from '../src/digitalpost/auth.ts';
import { digitalPostConfigSchema } from '../src/digitalpost/config.ts';
import { startCheckers } from '../src/gateway/checkers.ts';
import { startDigitalPost } from '../src/digitalpost/service.ts';
import { silentLogger } from '../src/logging/logger.ts';
import { openRegister } from '../src/register/open.ts';
import { SYSTEM_ACTOR } from '../src/register/register.ts';
import { createContext } from '../src/serve/context.ts';
import { memoLetter } from '../test/digitalpost/letters.ts';

const LETTERS = Number(process.env.LETTERS ?? 400);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const PDF_BYTES = 100 * 1024;
const TOKEN = randomBytes(24).toString('base64url');
const FLAGGED = '1102851234';

interface Run {
  name: string;
  seconds: number;
  latencies: number[];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(url: URL, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/xml', 'content-length': body.length, authorization: `Bearer ${TOKEN}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Post every letter with `CONCURRENCY` requests in flight; every answer must be `expect`. */
async function drive(name: string, url: URL, letters: Buffer[], expect: number): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < letters.length) {
        const letter = letters[next++]!;
        const t = performance.now();
        const status = await post(url, letter);
        latencies.push(performance.now() - t);
        if (status !== expect) throw new Error(`${name}: HTTP ${status}, expected ${expect}`);
      }
    }),
  );
  return { name, seconds: (performance.now() - started) / 1000, latencies };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function echoServer(): Promise<{ url: URL; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': body.length });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/apis/v1/memos/`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'postvakt-bench-memo-'));
  const env = {
    // A Friday afternoon, so letters to the flagged citizen are held (a hold is a spool commit too).
    POSTVAKT_NOW: '2026-11-27T14:00:00+01:00',
    POSTVAKT_REGISTER_HMAC_KEY: randomBytes(32).toString('base64'),
    POSTVAKT_REGISTER_ENC_KEY: randomBytes(32).toString('base64'),
  };
  const sample = loadConfig(samplePath('dk')).config;
  const config: Config = {
    ...sample,
    store: { url: `sqlite:${join(dir, 'postvakt.db')}` },
    register: { keys: { source: 'env' } },
    digitalPost: digitalPostConfigSchema.parse({
      host: '127.0.0.1',
      port: 0,
      clients: [{ name: 'bench', tokenSha256: sha256Hex(TOKEN) }],
      upstream: { baseUrl: 'http://127.0.0.1:9' },
    }),
  };
  const clock = clockFromEnv(env);
  const context = await createContext({ config, clock, logger: silentLogger, env });
  const register = await openRegister({ config, store: context.store, clock, logger: silentLogger, env });
  await register.add({ identifier: FLAGGED, reason: 'bench', reviewOn: '2027-06-01' }, SYSTEM_ACTOR);
  // As `postvakt serve` runs it: letters are read in the check workers.
  const checkers = startCheckers(config);
  const intake = await startDigitalPost({ ...context, checkers, env });
  const echo = await echoServer();

  const make = () =>
    Array.from({ length: LETTERS }, (_, i) => memoLetter({ uuid: randomUUID(), recipientCpr: i % 5 === 0 ? FLAGGED : '2203924321', pdfSize: PDF_BYTES }));
  const warmup = Array.from({ length: 100 }, () => memoLetter({ uuid: randomUUID(), pdfSize: PDF_BYTES }));
  const letters = make();
  const echoLetters = make();
  const size = Math.round(letters.reduce((n, l) => n + l.length, 0) / letters.length / 1024);

  try {
    const intakeUrl = new URL(`${intake.address!}/apis/v1/memos/`);
    await drive('warm-up', intakeUrl, warmup, 202);
    await drive('warm-up', echo.url, warmup, 200);
    const baseline = await drive('HTTP echo (baseline)', echo.url, echoLetters, 200);
    const postvakt = await drive('intake → decision → spool', intakeUrl, letters, 202);
    const spooled = (await context.queue.counts()) as Record<string, number>;

    const rows = [baseline, postvakt].map((run) => {
      const sorted = [...run.latencies].sort((a, b) => a - b);
      return { run, rate: LETTERS / run.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    });
    console.log(`\nbench:memo — ${LETTERS} MeMo letters of ~${size} KB (100 KB PDF main document), ${CONCURRENCY} in flight\n`);
    console.log(`${'path'.padEnd(30)} ${'letters/s'.padStart(10)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
    for (const { run, rate, p50, p99 } of rows) {
      console.log(`${run.name.padEnd(30)} ${rate.toFixed(1).padStart(10)} ${p50.toFixed(1).padStart(8)} ${p99.toFixed(1).padStart(8)}`);
    }
    console.log(`\nratio intake / echo: ${(rows[1]!.rate / rows[0]!.rate).toFixed(3)}`);
    console.log(`spooled: ${JSON.stringify(spooled)} (held letters are those to the flagged citizen)\n`);
  } finally {
    agent.destroy();
    await echo.close();
    await intake.close();
    await checkers.close();
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
