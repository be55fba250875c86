/**
 * One HTTP(S) request to an upstream, as the Digital Post transports need it: a client
 * certificate through the agent, a hard timeout, and only the start of the answer kept.
 *
 * node:https rather than fetch: fetch cannot present a client certificate without undici's
 * dispatcher, and each request is one POST with a body.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';

export interface UpstreamAnswer {
  status: number;
  /** The answer's first `keep` bytes. */
  body: Buffer;
}

export class UpstreamConfigError extends Error {}

/** A PEM file named in the configuration, read at start so a wrong path stops start-up. */
export function readPem(path: string | undefined, key: string): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UpstreamConfigError(`${key}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export function upstreamAgent(url: string, tls: { cert?: Buffer; key?: Buffer; ca?: Buffer }): http.Agent {
  return url.startsWith('https:') ? new https.Agent({ keepAlive: true, ...tls }) : new http.Agent({ keepAlive: true });
}

export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** POST `body`; rejects on network errors and on no answer within `timeoutMs`. */
export function postUpstream(
  url: URL | string,
  options: { headers: http.OutgoingHttpHeaders; body: Buffer; agent: http.Agent; timeoutMs: number; keep: number; what: string },
): Promise<UpstreamAnswer> {
  const target = typeof url === 'string' ? new URL(url) : url;
  const request = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      { method: 'POST', headers: { ...options.headers, 'content-length': options.body.length }, agent: options.agent, timeout: options.timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept < options.keep) chunks.push(chunk.subarray(0, options.keep - kept));
          kept += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${options.what} within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** "HTTP 201 {…}": the status and the start of the answer, for receipts and the mail log. */
export function describeAnswer(answer: UpstreamAnswer): string {
  return `HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 500).trim()}`.trim();
}
