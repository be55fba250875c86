/**
 * Forwarding released SF1601 kombi requests to KOMBIT's Serviceplatformen (issue 24), with
 * Postvakt's own certificate and the two-step token exchange its REST services demand:
 *
 *   1. the support systems' STS (`…/runtime/api/rest/wstrust/v1/issue`) gets JSON naming the
 *      municipality's CVR (AnvenderKontekst), Postvakt's certificate as UseKey and the service's
 *      entity id (AppliesTo), and answers with a SAML assertion;
 *   2. AccessTokenService (`…/service/AccessTokenService_1/token`) takes `saml-token=…` and
 *      answers with an access token (`token_type` Holder-of-key, `expires_in` about an hour);
 *   3. KombiPostAfsend gets the request's original bytes with `authorization: Holder-of-key …`
 *      and the case system's own x-TransaktionsId and x-TransaktionsTid.
 *
 * Both tokens are cached for their lifetime and renewed `refreshBeforeSeconds` before they end;
 * a 401 drops them and the request is tried once more with new ones. Everything else follows
 * the Digital Post transport: 2xx (with `Result` not false) is delivered; 5xx, 408, 429,
 * timeouts, network errors and a token service that cannot be reached are transient (the queue
 * retries on its schedule); other answers are permanent.
 */
import type { DeliveryItem, DeliveryResult, Transport } from '../queue/transport.ts';
import type { ServiceplatformenConfig } from './config.ts';
import { describeAnswer, isTransientStatus, postUpstream, readPem, upstreamAgent, type UpstreamAnswer } from './http.ts';
import type { MemoEnvelope } from './transport.ts';

const TOKEN_KEEP = 256 * 1024;
const ANSWER_KEEP = 2048;
/** When the STS's assertion says nothing of its end, it is taken to live this long. */
const DEFAULT_SAML_LIFETIME_MS = 60 * 60_000;

interface Token {
  value: string;
  /** Epoch ms after which it must not be used. */
  expiresAt: number;
}

interface AccessToken extends Token {
  type: string;
}

export class TokenError extends Error {}

/** The certificate's base64 body on one line, as the STS takes it in UseKey. */
export function useKeyOf(pem: Buffer): string {
  const text = pem.toString('utf8');
  const begin = text.indexOf('-----BEGIN CERTIFICATE-----');
  const end = text.indexOf('-----END CERTIFICATE-----', begin);
  if (begin === -1 || end === -1) throw new TokenError('digitalPost.sf1601.upstream.cert holds no PEM certificate');
  return text.slice(begin + '-----BEGIN CERTIFICATE-----'.length, end).replace(/\s+/g, '');
}

/** The assertion's Conditions/@NotOnOrAfter, read from the decoded SAML token. */
function samlExpiry(assertion: string, now: number): number {
  const xml = Buffer.from(assertion, 'base64').toString('utf8');
  const match = /NotOnOrAfter="([^"]{1,64})"/.exec(xml);
  const at = match ? Date.parse(match[1]!) : Number.NaN;
  return Number.isNaN(at) ? now + DEFAULT_SAML_LIFETIME_MS : at;
}

function json(answer: UpstreamAnswer, what: string): Record<string, unknown> {
  if (answer.status < 200 || answer.status >= 300) throw new TokenError(`${what} answered ${describeAnswer(answer)}`);
  try {
    return JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new TokenError(`${what} answered something that is not JSON`);
  }
}

export interface KombiTransportOptions {
  /** Epoch ms now; tokens live in the real world's time, not Postvakt's (test) clock. */
  now?: () => number;
}

export function createKombiTransport(config: ServiceplatformenConfig, options: KombiTransportOptions = {}): Transport {
  const now = options.now ?? Date.now;
  const cert = readPem(config.cert, 'digitalPost.sf1601.upstream.cert')!;
  const agent = upstreamAgent(config.kombiUrl, {
    cert,
    key: readPem(config.key, 'digitalPost.sf1601.upstream.key'),
    ca: readPem(config.ca, 'digitalPost.sf1601.upstream.ca'),
  });
  const useKey = useKeyOf(cert);
  const margin = config.refreshBeforeSeconds * 1000;
  const fresh = (token: Token | undefined): token is Token => token !== undefined && now() < token.expiresAt - margin;

  let saml: Token | undefined;
  let access: AccessToken | undefined;
  // Concurrent deliveries share one exchange rather than each asking the STS.
  let pending: Promise<AccessToken> | undefined;

  async function fetchSaml(): Promise<Token> {
    const body = {
      TokenType: 'http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0',
      RequestType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue',
      KeyType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/PublicKey',
      AnvenderKontekst: { Cvr: config.cvr },
      UseKey: useKey,
      AppliesTo: { EndpointReference: { Address: config.entityId } },
      OnBehalfOf: null,
    };
    const answer = await postUpstream(config.stsUrl, {
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: Buffer.from(JSON.stringify(body), 'utf8'),
      agent,
      timeoutMs: config.timeoutMs,
      keep: TOKEN_KEEP,
      what: 'the STS',
    });
    const assertion = (json(answer, 'the STS').RequestedSecurityToken as { Assertion?: unknown } | undefined)?.Assertion;
    if (typeof assertion !== 'string' || assertion === '') throw new TokenError('the STS answered without RequestedSecurityToken.Assertion');
    return { value: assertion, expiresAt: samlExpiry(assertion, now()) };
  }

  async function fetchAccess(samlToken: Token): Promise<AccessToken> {
    const answer = await postUpstream(config.tokenUrl, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: Buffer.from(new URLSearchParams({ 'saml-token': samlToken.value }).toString(), 'utf8'),
      agent,
      timeoutMs: config.timeoutMs,
      keep: TOKEN_KEEP,
      what: 'AccessTokenService',
    });
    const result = json(answer, 'AccessTokenService');
    const value = result.access_token;
    const seconds = Number(result.expires_in ?? 3600);
    if (typeof value !== 'string' || value === '') throw new TokenError('AccessTokenService answered without access_token');
    const expiresAt = Math.min(now() + (Number.isFinite(seconds) ? seconds : 3600) * 1000, samlToken.expiresAt);
    return { value, type: typeof result.token_type === 'string' && result.token_type ? result.token_type : 'Holder-of-key', expiresAt };
  }

  async function token(): Promise<AccessToken> {
    if (fresh(access)) return access;
    pending ??= (async () => {
      try {
        if (!fresh(saml)) saml = await fetchSaml();
        access = await fetchAccess(saml);
        return access;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  }

  async function send(item: DeliveryItem, bearer: AccessToken): Promise<UpstreamAnswer> {
    const kombi = (item.envelope as Partial<MemoEnvelope>).kombi!;
    return postUpstream(config.kombiUrl, {
      headers: {
        'content-type': 'application/xml',
        accept: 'application/xml',
        authorization: `${bearer.type} ${bearer.value}`,
        'x-TransaktionsId': kombi.transactionId,
        'x-TransaktionsTid': kombi.transactionTime,
      },
      body: item.raw,
      agent,
      timeoutMs: config.timeoutMs,
      keep: ANSWER_KEEP,
      what: 'Serviceplatformen',
    });
  }

  async function deliver(item: DeliveryItem): Promise<DeliveryResult> {
    try {
      let answer = await send(item, await token());
      if (answer.status === 401) {
        // The token may have been revoked or the clocks disagree: one new exchange, one more try.
        saml = undefined;
        access = undefined;
        answer = await send(item, await token());
      }
      const text = describeAnswer(answer);
      if (answer.status >= 200 && answer.status < 300) {
        // The service answers 200 with Result false when it refuses the content.
        return /<Result>\s*false\s*<\/Result>/.test(answer.body.toString('utf8')) ? { kind: 'permanent', error: text } : { kind: 'delivered', response: text };
      }
      return isTransientStatus(answer.status) ? { kind: 'transient', error: text } : { kind: 'permanent', error: text };
    } catch (err) {
      return { kind: 'transient', error: (err as Error).message };
    }
  }

  return { deliver, close: async () => agent.destroy() };
}
