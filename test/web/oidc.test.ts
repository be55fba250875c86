/**
 * OIDC sign-in against a small local IdP (discovery, authorize, token, JWKS; RS256 ID tokens):
 * the authorization code flow with PKCE, state and nonce, the role and unit taken from claims.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowInsecureRequests } from 'openid-client';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { fixedClock } from '../../src/clock/clock.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { buildWebApp } from '../../src/web/app.ts';
import { createCalendar } from '../../src/calendar/calendar.ts';
import { oidcConfigSchema, webConfigSchema } from '../../src/web/config.ts';
import { oidcSignIn } from '../../src/web/auth/oidc.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import { Client, FRIDAY } from './support.ts';
import type { FastifyInstance } from 'fastify';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (value: object | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

interface Pending {
  challenge: string;
  nonce: string;
  redirect: string;
}

/** The claims the IdP puts in the next ID token (a test sets them per user). */
let claims: Record<string, unknown> = {};
let idp: Server;
let issuer: string;
let store: TestStore;
let app: FastifyInstance;
const REDIRECT = 'http://postvakt.example.dk/auth/oidc/callback';

beforeAll(async () => {
  const codes = new Map<string, Pending>();
  idp = createServer((req, res) => {
    const url = new URL(req.url!, issuer);
    const json = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }] });
    if (url.pathname === '/authorize') {
      const code = `code-${codes.size + 1}`;
      codes.set(code, { challenge: url.searchParams.get('code_challenge')!, nonce: url.searchParams.get('nonce')!, redirect: url.searchParams.get('redirect_uri')! });
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state')!);
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const pending = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        // PKCE: the verifier must hash to the challenge sent at /authorize.
        const verifier = form.get('code_verifier') ?? '';
        if (!pending || createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) {
          return json(400, { error: 'invalid_grant' });
        }
        const now = Math.floor(Date.now() / 1000);
        const header = b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' });
        const payload = b64({ iss: issuer, aud: 'postvakt', sub: 'user-1', iat: now, exp: now + 300, nonce: pending.nonce, ...claims });
        const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url');
        return json(200, { access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: `${header}.${payload}.${signature}` });
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', () => r()));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  store = await openTestStore('sqlite');
  const { config } = loadConfig(samplePath('dk'));
  const oidc = oidcConfigSchema.parse({
    issuer,
    clientId: 'postvakt',
    clientSecret: 'test-secret',
    redirectUri: REDIRECT,
    roleMap: { 'Postvakt.CaseWorker': 'caseworker', 'Postvakt.Registrar': 'registrar' },
  });
  app = await buildWebApp({
    config,
    web: webConfigSchema.parse({ oidc }),
    db: store.db,
    clock: fixedClock(FRIDAY),
    logger: silentLogger,
    cookieSecret: 'test-cookie-secret-of-sufficient-length',
    oidc: oidcSignIn(oidc, REDIRECT, {}, { execute: [allowInsecureRequests] }),
    oidcRedirectUri: REDIRECT,
    calendar: createCalendar(config.calendar),
  });
});

afterAll(async () => {
  await app?.close();
  await store?.dispose();
  await new Promise<void>((r) => idp.close(() => r()));
});

/** Start at Postvakt, let the IdP answer, and come back to the callback with what it sent. */
async function roundTrip(client: Client, tamper?: (callback: URL) => void) {
  const start = await client.get('/auth/oidc/start?next=%2Fcalendar');
  expect(start.statusCode).toBe(303);
  const authorize = new URL(start.headers.location as string);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const answer = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(answer.headers.get('location')!);
  tamper?.(callback);
  return client.get(`${callback.pathname}${callback.search}`);
}

describe('OIDC sign-in', () => {
  it('signs a user in with the role and unit from the ID token and lands them where they were going', async () => {
    claims = { preferred_username: 'cw@eksempel-kommune.dk', roles: ['Everyone', 'Postvakt.CaseWorker'], department: 'Jobcenter' };
    const client = new Client(app);
    const login = await client.get('/login');
    expect(login.body).toContain('href="/auth/oidc/start"');
    const back = await roundTrip(client);
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('content="0;url=/calendar"');
    expect(client.cookies.has('pv_session')).toBe(true);
    const page = await client.get('/calendar');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('cw@eksempel-kommune.dk (sagsbehandler, Jobcenter)');
  });

  it('follows the IdP when the role changes on the next sign-in', async () => {
    claims = { preferred_username: 'cw@eksempel-kommune.dk', roles: ['Postvakt.Registrar'], department: 'Journal' };
    const client = new Client(app);
    await roundTrip(client);
    expect((await client.get('/calendar')).body).toContain('(journalansvarlig, Journal)');
  });

  it('refuses a user without a Postvakt role, and a callback whose state was tampered with', async () => {
    claims = { preferred_username: 'visitor@eksempel-kommune.dk', roles: ['Everyone'] };
    const noRole = new Client(app);
    const refused = await roundTrip(noRole);
    expect(refused.statusCode).toBe(403);
    expect(noRole.cookies.has('pv_session')).toBe(false);

    claims = { preferred_username: 'cw@eksempel-kommune.dk', roles: ['Postvakt.CaseWorker'], department: 'Jobcenter' };
    const forged = new Client(app);
    const bad = await roundTrip(forged, (u) => u.searchParams.set('state', 'forged'));
    expect(bad.statusCode).toBe(401);
    expect(forged.cookies.has('pv_session')).toBe(false);
    // A callback without the browser's signed pending cookie is refused too (login CSRF).
    const stranger = new Client(app);
    const direct = await stranger.get('/auth/oidc/callback?code=code-1&state=x');
    expect(direct.statusCode).toBe(400);
  });
});
