/**
 * Readiness: can this process take mail now? Three probes, each bounded in time: the store takes
 * a write transaction (rolled back, so a probe leaves nothing behind), the check pool reads a
 * message, and the smart host answers its SMTP greeting. The smart host's answer is cached: a
 * load balancer probing every second must not open a connection upstream each time.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { sql } from 'kysely';
import type { Store } from '../store/db.ts';
import type { Parse } from '../message/parse.ts';
import type { SmarthostConfig } from '../gateway/config.ts';

export interface ProbeResult {
  ok: boolean;
  /** Why not, in operator terms (no personal data: a probe touches none). */
  error?: string;
}

export type Probe = () => Promise<ProbeResult>;

/** Resolves what `work` settles to, or a failure once `ms` has passed. */
export async function bounded(work: Promise<ProbeResult>, ms: number, what: string): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `${what}: no answer within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([work.catch((err: unknown) => ({ ok: false, error: `${what}: ${(err as Error).message}` })), late]);
  } finally {
    clearTimeout(timer);
  }
}

class Rollback extends Error {}

/** A write the store must accept: DDL inside a transaction that is rolled back (SQLite and PostgreSQL both roll DDL back). */
export function storeProbe(store: Store): Probe {
  return async () => {
    try {
      await store.db.transaction().execute(async (trx) => {
        await sql`CREATE TABLE postvakt_ready_probe (x INTEGER)`.execute(trx);
        throw new Rollback();
      });
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    }
    return { ok: true };
  };
}

const PROBE_MESSAGE = Buffer.from('From: probe@postvakt.invalid\r\nSubject: readiness\r\n\r\nready\r\n');

/** The check pool answers: a worker reads a tiny message. */
export function checkersProbe(parse: Parse): Probe {
  return async () => {
    await parse(PROBE_MESSAGE, { format: 'eml' });
    return { ok: true };
  };
}

/** The smart host greets with 220 (then QUIT); implicit TLS when configured so. */
export function smarthostProbe(config: SmarthostConfig, timeoutMs: number): Probe {
  return () =>
    new Promise<ProbeResult>((resolve) => {
      const socket: Socket = config.secure
        ? tlsConnect({ host: config.host, port: config.port, servername: config.host, rejectUnauthorized: config.verifyCertificate })
        : tcpConnect({ host: config.host, port: config.port });
      let buffer = '';
      const done = (result: ProbeResult) => {
        socket.removeAllListeners('data');
        socket.destroy();
        resolve(result);
      };
      socket.setTimeout(timeoutMs, () => done({ ok: false, error: `smarthost: no greeting within ${timeoutMs} ms` }));
      socket.on('error', (err) => done({ ok: false, error: `smarthost: ${err.message}` }));
      socket.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('latin1');
        // The greeting may span several lines (220-…); its last line has a space after the code.
        const last = buffer.split('\r\n').find((line) => /^\d{3} /.test(line) || /^\d{3}$/.test(line));
        if (!last) return;
        if (last.startsWith('220')) {
          socket.end('QUIT\r\n');
          done({ ok: true });
        } else done({ ok: false, error: `smarthost: greeted with ${last.slice(0, 3)}` });
      });
    });
}

/** Reuse a probe's result for `ttlMs`; concurrent callers share one probe in flight. */
export function cached(probe: Probe, ttlMs: number, now: () => number = Date.now): Probe {
  let last: { at: number; result: Promise<ProbeResult> } | undefined;
  return () => {
    if (!last || now() - last.at >= ttlMs) last = { at: now(), result: probe() };
    return last.result;
  };
}
