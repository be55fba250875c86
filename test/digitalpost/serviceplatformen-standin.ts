/**
 * A local stand-in for KOMBIT's side of SF1601, over TLS with certificates made in the test: the
 * support systems' STS (`/runtime/api/rest/wstrust/v1/issue`), AccessTokenService
 * (`/service/AccessTokenService_1/token`) and KombiPostAfsend (`/service/KombiPostAfsend_1/kombi`).
 * It records what arrives at each, issues SAML assertions and access tokens with the lifetimes
 * the test sets, demands a live access token at KombiPostAfsend (401 otherwise), and can revoke
 * tokens or fail the next requests to exercise refresh and retries. Binds port 0.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { arrival, closeServer } from './standin.ts';

export interface StsRequest {
  body: Record<string, unknown>;
  clientCn: string | undefined;
}

export interface KombiReceived {
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
  clientCn: string | undefined;
}

export interface ServiceplatformenStandIn {
  /** Base URL; the three services live under it at their Serviceplatformen paths. */
  baseUrl: string;
  sts: StsRequest[];
  /** The saml-token values AccessTokenService received. */
  tokenRequests: string[];
  kombi: KombiReceived[];
  /** Access tokens issued so far, in order. */
  issued: string[];
  /** Make every token issued so far unusable (KombiPostAfsend then answers 401). */
  revokeAll(): void;
  failNext(n: number, status?: number): void;
  /** Resolves once `count` kombi requests have arrived. */
  waitForKombi(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface ServiceplatformenStandInOptions {
  tls: { key: Buffer; cert: Buffer; ca: Buffer };
  /** Seconds an access token lives (expires_in); default 3600. */
  accessSeconds?: number;
  /** Seconds a SAML assertion lives (its NotOnOrAfter); default 8 hours. */
  samlSeconds?: number;
}

export async function startServiceplatformen(options: ServiceplatformenStandInOptions): Promise<ServiceplatformenStandIn> {
  const sts: StsRequest[] = [];
  const tokenRequests: string[] = [];
  const kombi: KombiReceived[] = [];
  const issued: string[] = [];
  const live = new Map<string, number>();
  let failures = { left: 0, status: 503 };
  const waiters: Array<() => void> = [];

  const server = https.createServer({ ...options.tls, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const socket = req.socket as TLSSocket;
      const cn = socket.getPeerCertificate().subject?.CN;
      const clientCn = Array.isArray(cn) ? cn[0] : cn;
      const send = (status: number, type: string, text: string) => {
        res.writeHead(status, { 'content-type': type });
        res.end(text);
      };
      const path = new URL(req.url ?? '/', 'https://standin').pathname;
      if (req.method === 'POST' && path === '/runtime/api/rest/wstrust/v1/issue') {
        const request = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        sts.push({ body: request, clientCn });
        const until = new Date(Date.now() + (options.samlSeconds ?? 8 * 3600) * 1000).toISOString();
        const assertion = Buffer.from(
          `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_${sts.length}"><saml:Conditions NotBefore="${new Date().toISOString()}" NotOnOrAfter="${until}"/></saml:Assertion>`,
        ).toString('base64');
        return send(200, 'application/json', JSON.stringify({ RequestedSecurityToken: { Assertion: assertion }, TokenType: 'SAMLV2.0' }));
      }
      if (req.method === 'POST' && path === '/service/AccessTokenService_1/token') {
        const samlToken = new URLSearchParams(body.toString('utf8')).get('saml-token') ?? '';
        tokenRequests.push(samlToken);
        if (!samlToken) return send(400, 'application/json', JSON.stringify({ error: 'invalid_request' }));
        const token = `access-token-${issued.length + 1}`;
        issued.push(token);
        const seconds = options.accessSeconds ?? 3600;
        live.set(token, Date.now() + seconds * 1000);
        return send(200, 'application/json', JSON.stringify({ access_token: token, token_type: 'Holder-of-key', expires_in: seconds }));
      }
      if (req.method === 'POST' && path === '/service/KombiPostAfsend_1/kombi') {
        const match = /^Holder-of-key (\S+)$/.exec(req.headers.authorization ?? '');
        const until = match ? live.get(match[1]!) : undefined;
        if (until === undefined || until <= Date.now()) return send(401, 'application/xml', '<kombi_response><Result>false</Result></kombi_response>');
        if (failures.left > 0) {
          failures.left -= 1;
          return send(failures.status, 'application/xml', '<kombi_response><Result>false</Result></kombi_response>');
        }
        kombi.push({ body, headers: { ...req.headers }, clientCn });
        for (const wake of waiters.splice(0)) wake();
        return send(200, 'application/xml', `<kombi_response><Result>true</Result><TransmissionID>${crypto.randomUUID()}</TransmissionID></kombi_response>`);
      }
      send(404, 'text/plain', 'not found');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `https://127.0.0.1:${port}`,
    sts,
    tokenRequests,
    kombi,
    issued,
    revokeAll: () => live.clear(),
    failNext(n, status = 503) {
      failures = { left: n, status };
    },
    waitForKombi: async (count, timeoutMs = 20_000) => {
      await arrival(() => (kombi.length >= count ? true : undefined), waiters, timeoutMs, () => `the stand-in has ${kombi.length} kombi requests, not ${count}`);
    },
    close: () => closeServer(server),
  };
}
