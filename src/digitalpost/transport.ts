/**
 * The queue's transport for Digital Post: POSTs a letter's exact bytes to the upstream sender
 * API with Postvakt's client certificate and token. 2xx is delivered; 5xx, 408, 429, timeouts
 * and network errors are transient (the queue retries on its schedule); any other answer is a
 * permanent refusal that the receipt and the mail log show.
 */
import { describeAnswer, isTransientStatus, postUpstream, readPem, upstreamAgent, UpstreamConfigError } from './http.ts';
import type { DeliveryItem, DeliveryResult, Transport } from '../queue/transport.ts';
import type { UpstreamConfig } from './config.ts';
import type { DeliveryRoute } from '../decision/config.ts';

/** What the intake puts into a queue item's envelope for this channel. */
export interface MemoEnvelope {
  memoMessageUuid: string;
  /** For the mail log: the case system that sent it, and the recipient masked ("CPR 110285-XXXX"). */
  client: string;
  recipient: string;
  /** Present when the letter came as an SF1601 kombi request: it is forwarded to Serviceplatformen. */
  kombi?: KombiEnvelope;
}

/** An SF1601 request's own fields, kept to forward it as the case system sent it (issue 24). */
export interface KombiEnvelope {
  transactionId: string;
  transactionTime: string;
  /** The KombiValgKode as given, and the route whose delay governed the hold (FX-2). */
  valgKode: string;
  route: DeliveryRoute;
}

/** The sender API path for one letter, relative to a base URL that may carry its own path. */
export function memoUrl(baseUrl: string, uuid: string): URL {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const url = new URL('apis/v1/memos/', base);
  url.searchParams.set('memo-message-uuid', uuid);
  return url;
}

/** How a queued item reaches the citizen, for the reschedule check (FX-2): an SF1601 route, or its channel's. */
export function deliveryRoute(item: { channel: string; envelope: Record<string, unknown> }): DeliveryRoute {
  if (item.channel !== 'digitalpost') return 'email';
  return (item.envelope as Partial<MemoEnvelope>).kombi?.route ?? 'digitalpost';
}

export function createDigitalPostTransport(upstream: UpstreamConfig, env: NodeJS.ProcessEnv = process.env): Transport {
  const agent = upstreamAgent(upstream.baseUrl, {
    cert: readPem(upstream.cert, 'digitalPost.upstream.cert'),
    key: readPem(upstream.key, 'digitalPost.upstream.key'),
    ca: readPem(upstream.ca, 'digitalPost.upstream.ca'),
  });
  let token: string | undefined;
  if (upstream.tokenEnv !== undefined) {
    token = env[upstream.tokenEnv];
    if (!token) throw new UpstreamConfigError(`digitalPost.upstream.tokenEnv: environment variable ${upstream.tokenEnv} is not set`);
  }

  async function post(item: DeliveryItem): Promise<DeliveryResult> {
    const uuid = String((item.envelope as Partial<MemoEnvelope>).memoMessageUuid ?? '');
    const headers: Record<string, string> = { 'content-type': 'application/xml', accept: 'application/json, */*' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    try {
      // Keep only the start of the answer: it goes into the receipt and the log, nothing more.
      const answer = await postUpstream(memoUrl(upstream.baseUrl, uuid), { headers, body: item.raw, agent, timeoutMs: upstream.timeoutMs, keep: 2048, what: 'Digital Post' });
      const text = describeAnswer(answer);
      if (answer.status >= 200 && answer.status < 300) return { kind: 'delivered', response: text };
      return isTransientStatus(answer.status) ? { kind: 'transient', error: text } : { kind: 'permanent', error: text };
    } catch (err) {
      return { kind: 'transient', error: (err as Error).message };
    }
  }

  return {
    deliver: post,
    close: async () => agent.destroy(),
  };
}

export { UpstreamConfigError };
