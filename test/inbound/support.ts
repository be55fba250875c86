/**
 * Postfix's smtp-sink as the internal mail system behind the inbound door: it writes each message
 * it receives to a file, with the envelope it was given as X-Mail-Args / X-Rcpt-Args headers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, setup, startServe, startSink, type Served, type Setup, type Sink } from '../gateway/harness.ts';

function listening(port: number): Promise<boolean> {
  return new Promise((r) => {
    const socket = createConnection(port, '127.0.0.1', () => {
      socket.destroy();
      r(true);
    });
    socket.on('error', () => r(false));
  });
}

export interface PostfixSink {
  port: number;
  /** Messages received so far, oldest first, with their envelope. */
  messages(): Array<{ from: string; to: string[]; raw: string }>;
  close(): Promise<void>;
}

export async function startPostfixSink(): Promise<PostfixSink> {
  const dir = mkdtempSync(join(tmpdir(), 'postvakt-sink-'));
  // smtp-sink drops privileges to the -u user when run as root; that user must be able to write here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const args = ['-d', `${dir}/%M.`, `127.0.0.1:${port}`, '50'];
  const child: ChildProcess = spawn('smtp-sink', process.getuid?.() === 0 ? ['-u', 'nobody', ...args] : args, { stdio: 'ignore' });
  for (const end = Date.now() + 15_000; !(await listening(port)); ) {
    if (Date.now() > end) throw new Error('smtp-sink did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    messages: () =>
      readdirSync(dir)
        .map((name) => join(dir, name))
        .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
        .map((file) => readFileSync(file, 'utf8'))
        .map((raw) => ({
          from: /^X-Mail-Args: <([^>]*)>/m.exec(raw)?.[1] ?? '',
          to: [...raw.matchAll(/^X-Rcpt-Args: <([^>]*)>/gm)].map((m) => m[1]!),
          raw,
        })),
    close: async () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A running `serve` with the inbound door on, smtp-sink behind it and an smtp-server sink as the outbound smart host. */
export interface InboundServe {
  internal: PostfixSink;
  outbound: Sink;
  s: Setup;
  served: Served;
  inboundPort: number;
  stop(): Promise<void>;
}

export async function serveWithInbound(options: {
  env: Record<string, string>;
  /** Further sections beside the inbound door's. */
  sections?: Record<string, unknown>;
  /** Runs after the config is written and before serve starts (e.g. CLI set-up). */
  before?(s: Setup): Promise<void>;
}): Promise<InboundServe> {
  const internal = await startPostfixSink();
  const outbound = await startSink();
  const inboundPort = await freePort();
  const s = await setup({
    sinkPort: outbound.port,
    sections: {
      inbound: { enabled: true, host: '127.0.0.1', port: inboundPort, deliverTo: { host: '127.0.0.1', port: internal.port } },
      ...options.sections,
    },
  });
  await options.before?.(s);
  const served = await startServe(s, options.env);
  return {
    internal,
    outbound,
    s,
    served,
    inboundPort,
    stop: async () => {
      await served.stop();
      await internal.close();
      await outbound.close();
      await s.cleanup();
    },
  };
}
