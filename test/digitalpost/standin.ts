/**
 * A local stand-in for Digital Post's sender API, for contract tests: it implements
 * `POST /apis/v1/memos/?memo-message-uuid=…` and `GET /apis/v1/memos/{uuid}/receipt`, records
 * every letter it received (exact bytes, headers, when), and can be told to fail the next
 * requests with 503 to exercise retries. Binds port 0.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface Received {
  uuid: string;
  body: Buffer;
  contentType: string | undefined;
  authorization: string | undefined;
  /** Every request header name, lower-cased (nothing Postvakt adds may tell of a verdict). */
  headerNames: string[];
  /** Subject CN of the client certificate, when the stand-in runs TLS and one was presented. */
  clientCn: string | undefined;
  at: Date;
}

export interface StandIn {
  baseUrl: string;
  received: Received[];
  /** Answer the next `n` POSTs with this status (e.g. 503) instead of accepting them. */
  failNext(n: number, status?: number): void;
  /**
   * Resolves with the letter of this memo-message-uuid once it has been accepted, whether that
   * happened before or after the call (a forward may beat the test to it).
   */
  letter(uuid: string, timeoutMs?: number): Promise<Received>;
  close(): Promise<void>;
}

export interface StandInOptions {
  /** Bearer token the stand-in demands; absent: any caller. */
  token?: string;
  tls?: { key: string | Buffer; cert: string | Buffer; ca?: string | Buffer };
}

export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const received: Received[] = [];
  let failures: { left: number; status: number } = { left: 0, status: 503 };
  const waiters: Array<() => void> = [];

  const handler: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
        return send(401, { title: 'Unauthorized' });
      }
      const receipt = /^\/apis\/v1\/memos\/([0-9a-f-]{36})\/receipt$/.exec(url.pathname);
      if (req.method === 'GET' && receipt) {
        const letter = received.find((r) => r.uuid === receipt[1]);
        return letter ? send(200, { memoMessageUuid: letter.uuid, status: 'delivered' }) : send(404, { title: 'Not Found' });
      }
      if (req.method !== 'POST' || url.pathname !== '/apis/v1/memos/') return send(404, { title: 'Not Found' });
      if (failures.left > 0) {
        failures.left -= 1;
        return send(failures.status, { title: 'Service Unavailable' });
      }
      const uuid = url.searchParams.get('memo-message-uuid') ?? '';
      if (received.some((r) => r.uuid === uuid)) return send(409, { title: 'Conflict', detail: 'memo-message-uuid already received' });
      const socket = req.socket as Partial<TLSSocket>;
      const cn = socket.encrypted && socket.authorized ? socket.getPeerCertificate?.().subject?.CN : undefined;
      received.push({
        uuid,
        body: Buffer.concat(chunks),
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        headerNames: Object.keys(req.headers),
        clientCn: Array.isArray(cn) ? cn[0] : cn,
        at: new Date(),
      });
      for (const wake of waiters.splice(0)) wake();
      send(201, { memoMessageUuid: uuid, status: 'accepted' });
    });
  };

  const server = options.tls
    ? https.createServer({ ...options.tls, requestCert: options.tls.ca !== undefined, rejectUnauthorized: options.tls.ca !== undefined }, handler)
    : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    received,
    failNext(n, status = 503) {
      failures = { left: n, status };
    },
    letter: (uuid, timeoutMs = 20_000) =>
      arrival(() => received.find((r) => r.uuid === uuid), waiters, timeoutMs, () => `stand-in has not received letter ${uuid} (it holds ${received.length} others)`),
    close: () => closeServer(server),
  };
}

/**
 * Resolves with what `find` finds, whether it arrived before or after the call: each arrival
 * calls the `waiters` pushed here, and `find` is asked again.
 */
export async function arrival<T>(find: () => T | undefined, waiters: Array<() => void>, timeoutMs: number, missing: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(missing());
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
