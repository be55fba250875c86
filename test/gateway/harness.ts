/**
 * Real peers for the gateway tests: a real `postvakt serve` child process, an smtp-server sink as
 * the smart host (it can go down and come back on the same port), and swaks as the client.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SMTPServer } from 'smtp-server';
import { stringify, parse } from 'yaml';
import { freshStoreUrl } from '../support/stores.ts';
import { openStore, type DialectName } from '../../src/store/db.ts';
import { loadConfig } from '../../src/config/load.ts';
import { openRegister } from '../../src/register/open.ts';
import { fixedClock } from '../../src/clock/clock.ts';
import { silentLogger } from '../../src/logging/logger.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/postvakt.js');
const run = promisify(execFile);

export interface SinkMessage {
  from: string;
  to: string[];
  raw: string;
  notify?: string[];
}

export interface Sink {
  port: number;
  messages: SinkMessage[];
  /** Reply to DATA with this (e.g. 550 "5.1.1 no such user") for messages to `recipient`. */
  failWith?: { code: number; text: string; recipient: string };
  /** Refuse these recipients at RCPT TO with the given reply (e.g. 550 or 450). */
  refuseRecipients: Map<string, { code: number; text: string }>;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** An upstream smart host that keeps what it receives. */
export async function startSink(port = 0): Promise<Sink> {
  const messages: SinkMessage[] = [];
  let server: SMTPServer | undefined;
  let bound = port;
  const sink: Sink = {
    port: 0,
    messages,
    refuseRecipients: new Map(),
    down: async () => {
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((r) => s.close(() => r()));
    },
    up: async () => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        hideDSN: false,
        logger: false,
        disableReverseLookup: true,
        onRcptTo(address, _session, callback) {
          const refusal = sink.refuseRecipients.get(address.address);
          if (!refusal) return callback();
          callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const rcptTo = session.envelope.rcptTo.map((r) => r.address);
            if (sink.failWith && rcptTo.includes(sink.failWith.recipient)) {
              const err = Object.assign(new Error(sink.failWith.text), { responseCode: sink.failWith.code });
              return callback(err);
            }
            const rcpt = session.envelope.rcptTo as Array<{ address: string; dsn?: { notify?: string[] } }>;
            messages.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: rcpt.map((r) => r.address),
              raw: Buffer.concat(chunks).toString('utf8'),
              ...(rcpt[0]?.dsn?.notify ? { notify: rcpt[0].dsn.notify } : {}),
            });
            callback();
          });
        },
      });
      // A sender killed mid-transaction resets its connection; that is not the sink's problem.
      server.on('error', () => undefined);
      await new Promise<void>((r) => server!.listen(bound, '127.0.0.1', () => r()));
      bound = (server.server.address() as AddressInfo).port;
      sink.port = bound;
    },
    close: () => sink.down(),
  };
  await sink.up();
  return sink;
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface Setup {
  dir: string;
  configPath: string;
  storeUrl: string;
  smtpPort: number;
  config: Record<string, unknown>;
  cleanup(): Promise<void>;
}

/** A config for one test: the Danish sample with a temp store, the sink as smart host. */
export async function setup(options: {
  sinkPort: number;
  dialect?: DialectName;
  storeUrl?: string;
  gateway?: Record<string, unknown>;
  queue?: Record<string, unknown>;
  /** Further top-level sections, e.g. `inbound`. */
  sections?: Record<string, unknown>;
}): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'postvakt-gw-'));
  const store = options.storeUrl ? { url: options.storeUrl, cleanup: async () => undefined } : freshStoreUrl(options.dialect ?? 'sqlite');
  const smtpPort = await freePort();
  const config = parse(readFileSync(join(ROOT, 'config/samples/dk.yaml'), 'utf8')) as Record<string, unknown>;
  config.store = { url: store.url };
  config.register = { keys: { file: join(dir, 'register.key') } };
  // The sample's gateway section (blocking rules, actions, internal domains) with a test's listener.
  config.gateway = {
    ...(config.gateway as Record<string, unknown>),
    host: '127.0.0.1',
    port: smtpPort,
    hostname: 'postvakt.example.dk',
    tls: { selfSignedDir: join(dir, 'tls') },
    relayNetworks: ['127.0.0.0/8'],
    smarthost: { host: '127.0.0.1', port: options.sinkPort, verifyCertificate: false },
    ...options.gateway,
  };
  config.queue = { pollInterval: '200ms', lease: '30s', retrySchedule: ['1s', '1s', '1s', '1s', '1s'], ...options.queue };
  delete config.digitalPost;
  delete config.web;
  Object.assign(config, options.sections);
  const configPath = join(dir, 'postvakt.yaml');
  writeFileSync(configPath, stringify(config));
  return {
    dir,
    configPath,
    storeUrl: store.url,
    smtpPort,
    config,
    cleanup: async () => {
      await store.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A case worker flagged this citizen after an individual assessment (FX-4), in the test's store. */
export async function flagCitizen(s: Setup, identifier: string): Promise<void> {
  const { config } = loadConfig(s.configPath);
  const store = await openStore(config.store.url);
  try {
    const register = await openRegister({ config, store, clock: fixedClock(new Date('2026-11-20T10:00:00Z')), logger: silentLogger, env: {} });
    await register.add(
      { identifier, reason: 'Reacts strongly to letters before weekends', reviewOn: '2027-06-01' },
      { user: 'a-case-worker', unit: 'Jobcenter', role: 'caseworker' },
    );
  } finally {
    await store.close();
  }
}

// A test that fails half-way must not leave a server running.
const children = new Set<ChildProcess>();
process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));

export interface Served {
  child: ChildProcess;
  log: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Start `postvakt serve` and wait until the SMTP service is listening: `node bin/postvakt.js`,
 * or as the README says, `npx postvakt serve` (then `child` is npm, the process the user started).
 */
export async function startServe(s: Setup, env: Record<string, string> = {}, via: 'node' | 'npx' = 'node', bin = BIN): Promise<Served> {
  const args = ['serve', '--config', s.configPath];
  const child = spawn(via === 'npx' ? 'npx' : process.execPath, via === 'npx' ? ['postvakt', ...args] : [bin, ...args], {
    // npx finds `postvakt` only inside the package.
    cwd: via === 'npx' ? ROOT : s.dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const log: string[] = [];
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      children.delete(child);
      r(code);
    }),
  );
  await new Promise<void>((resolveStarted, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log.join("\n")}`)), 120_000);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        log.push(line);
        if (line.includes('"service":"scheduler"') && line.includes('service started')) {
          clearTimeout(timer);
          resolveStarted();
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => log.push(c.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${log.join('\n')}`));
    });
  });
  return {
    child,
    log,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export interface SwaksResult {
  code: number;
  output: string;
}

/** Run swaks against the gateway; never throws on an SMTP refusal (its exit code says). */
export async function swaks(port: number, args: string[]): Promise<SwaksResult> {
  try {
    const { stdout, stderr } = await run('swaks', ['--server', `127.0.0.1:${port}`, '--hide-informational', ...args], { timeout: 30_000 });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** Run the CLI against the test's config. */
export async function cli(s: Setup, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args, '--config', s.configPath], {
      cwd: s.dir,
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
