/**
 * The queue's transport for Digital Post: POSTs a letter's exact bytes to the upstream sender
 * API with Postvakt's client certificate and token. 2xx is delivered; 5xx, 408, 429, timeouts
 * and network errors are transient (the queue retries on its schedule); any other answer is a
 * permanent refusal that the receipt and the mail log show.
 *
 * node:https rather than fetch: fetch cannot present a client certificate without undici's
 * dispatcher, and the request is one POST with a body.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { DeliveryItem, DeliveryResult, Transport } from '../queue/transport.ts';
import type { UpstreamConfig } from './config.ts';

/** What the intake puts into a queue item's envelope for this channel. */
export interface MemoEnvelope {
  memoMessageUuid: string;
  /** For the mail log: the case system that sent it, and the recipient masked ("CPR 110285-XXXX"). */
  client: string;
  recipient: string;
}

export class UpstreamConfigError extends Error {}

/** The sender API path for one letter, relative to a base URL that may carry its own path. */
export function memoUrl(baseUrl: string, uuid: string): URL {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const url = new URL('apis/v1/memos/', base);
  url.searchParams.set('memo-message-uuid', uuid);
  return url;
}

function readPem(path: string | undefined, key: string): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UpstreamConfigError(`digitalPost.upstream.${key}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export function createDigitalPostTransport(upstream: UpstreamConfig, env: NodeJS.ProcessEnv = process.env): Transport {
  const secure = upstream.baseUrl.startsWith('https:');
  const agent = secure
    ? new https.Agent({
        keepAlive: true,
        cert: readPem(upstream.cert, 'cert'),
        key: readPem(upstream.key, 'key'),
        ca: readPem(upstream.ca, 'ca'),
      })
    : new http.Agent({ keepAlive: true });
  let token: string | undefined;
  if (upstream.tokenEnv !== undefined) {
    token = env[upstream.tokenEnv];
    if (!token) throw new UpstreamConfigError(`digitalPost.upstream.tokenEnv: environment variable ${upstream.tokenEnv} is not set`);
  }

  function post(item: DeliveryItem): Promise<DeliveryResult> {
    const uuid = String((item.envelope as Partial<MemoEnvelope>).memoMessageUuid ?? '');
    const url = memoUrl(upstream.baseUrl, uuid);
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/xml',
      'content-length': item.raw.length,
      accept: 'application/json, */*',
    };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const request = secure ? https.request : http.request;
    return new Promise((resolve) => {
      const req = request(url, { method: 'POST', headers, agent, timeout: upstream.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          // Keep only the start of the answer: it goes into the receipt and the log, nothing more.
          if (kept < 2048) chunks.push(chunk);
          kept += chunk.length;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = `HTTP ${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 500).trim()}`.trim();
          if (status >= 200 && status < 300) resolve({ kind: 'delivered', response: text });
          else if (isTransientStatus(status)) resolve({ kind: 'transient', error: text });
          else resolve({ kind: 'permanent', error: text });
        });
        res.on('error', (err) => resolve({ kind: 'transient', error: err.message }));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from Digital Post within ${upstream.timeoutMs} ms`)));
      req.on('error', (err) => resolve({ kind: 'transient', error: err.message }));
      req.end(item.raw);
    });
  }

  return {
    deliver: post,
    close: async () => agent.destroy(),
  };
}
