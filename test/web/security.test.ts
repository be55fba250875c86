/**
 * Access control, CSRF, headers and escaping, tried through HTTP directly (no browser), on both
 * store dialects. Flags and mail log are GDPR art. 9 data: the refusals here are the point.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/stores.ts';
import { createHeldLetterLink, noticeLink } from '../../src/web/links.ts';
import { webConfigSchema } from '../../src/web/config.ts';
import { fixedClock } from '../../src/clock/clock.ts';
import { Client, FRIDAY, signedIn, webFixture, type WebFixture } from './support.ts';

const HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>';

describe.each(DIALECTS)('web security (%s)', (dialect) => {
  let f: WebFixture;
  let jobFlag: string;
  let familyFlag: string;
  let heldId: string;

  beforeAll(async () => {
    f = await webFixture(dialect);
    jobFlag = (await f.register.add({ identifier: 'borger.a@example.dk', reason: 'Jobcenter assessment', reviewOn: '2027-03-01' }, { user: 'cw-job', unit: 'Jobcenter', role: 'caseworker' })).id;
    familyFlag = (await f.register.add({ identifier: '0101901234', reason: 'Family unit assessment', reviewOn: '2026-12-01' }, { user: 'cw-child', unit: 'Familie', role: 'caseworker' })).id;
    [heldId] = await f.queue.enqueue([
      {
        channel: 'email',
        status: 'held',
        raw: Buffer.from(`Subject: x\r\n\r\n${HOSTILE}\r\n`),
        envelope: { from: `"${HOSTILE}"@example.dk`, to: ['borger.a@example.dk'] },
        lang: 'da',
        subject: `Svar ${HOSTILE}`,
        originId: 'o-1',
        releaseAt: new Date('2026-12-07T08:00:00Z'),
        decision: { reasons: [{ code: 'flagged', text: `Held ${HOSTILE}` }], questions: [{ clause: 'FX-6', question: `Wait? ${HOSTILE}` }], findings: [{ clause: 'BK-4', level: 'warning', message: HOSTILE }] },
      },
    ]) as [string];
  });

  afterAll(async () => f?.close());

  it('answers 401 to the API and sends pages to sign-in without a session', async () => {
    const anon = new Client(f.app);
    expect((await anon.get('/api/flags')).statusCode).toBe(401);
    expect((await anon.get(`/api/flags/${jobFlag}`)).statusCode).toBe(401);
    expect((await anon.get('/api/log')).statusCode).toBe(401);
    const page = await anon.get('/register');
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/login?next=%2Fregister');
  });

  it("keeps a case worker to their own unit's flags, in the API and on the page", async () => {
    const cw = await signedIn(f.app, 'cw-job');
    const list = (await cw.get('/api/flags')).json() as Array<{ id: string; unit: string; reason: string }>;
    expect(list.map((x) => x.id)).toEqual([jobFlag]);
    expect((await cw.get(`/api/flags/${jobFlag}`)).json()).toMatchObject({ reason: 'Jobcenter assessment' });
    const other = await cw.get(`/api/flags/${familyFlag}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('Family unit assessment');
    const page = await cw.get('/register');
    expect(page.body).toContain('Jobcenter assessment');
    expect(page.body).not.toContain('Family unit assessment');
    // Another unit's reason was never opened on the case worker's behalf.
    const views = (await f.register.auditTrail(familyFlag)).filter((a) => a.action === 'view' && a.actor.user === 'cw-job');
    expect(views).toEqual([]);
  });

  it('audits every view of a flag with the viewer, and shows a manager units and dates but no reason', async () => {
    const trail = async () => (await f.register.auditTrail(familyFlag)).filter((a) => a.action === 'view');
    const before = (await trail()).length;
    const manager = await signedIn(f.app, 'manager');
    const all = (await manager.get('/api/flags')).json() as Array<{ id: string; reviewDue: boolean; reason: string | null; label: string | null }>;
    expect(all.map((x) => x.id).sort()).toEqual([jobFlag, familyFlag].sort());
    expect(all.find((x) => x.id === familyFlag)).toMatchObject({ reviewDue: true, reason: null, label: null });
    const page = await manager.get('/register');
    expect(page.body).toMatch(/<tr class="due"><td>Familie<\/td>/);
    // A flag past its review date says so on the register (it keeps holding letters meanwhile).
    expect(page.body).toMatch(/<tr class="due">[\s\S]*?<span class="badge">Revurdering overskredet<\/span>/);
    expect(page.body).not.toContain('Family unit assessment');
    expect(page.body).not.toContain('action="/register"');
    // No reason was opened for the manager; the case worker's own view is audited with the viewer.
    expect((await trail()).length).toBe(before);
    const cw = await signedIn(f.app, 'cw-child');
    expect((await cw.get(`/api/flags/${familyFlag}`)).json()).toMatchObject({ reason: 'Family unit assessment' });
    const views = await trail();
    expect(views.length).toBe(before + 1);
    expect(views.at(-1)!.actor).toEqual({ user: 'cw-child', unit: 'Familie', role: 'caseworker' });
  });

  it('refuses the mail log to everyone but a registrar, and the register to a registrar', async () => {
    for (const user of ['cw-job', 'manager']) {
      const c = await signedIn(f.app, user);
      expect((await c.get('/api/log')).statusCode).toBe(403);
      expect((await c.get('/log')).statusCode).toBe(403);
      expect((await c.get('/log/export?format=csv')).statusCode).toBe(403);
    }
    const registrar = await signedIn(f.app, 'registrar');
    expect((await registrar.get('/api/log')).statusCode).toBe(200);
    expect((await registrar.get('/api/flags')).statusCode).toBe(403);
    expect((await registrar.get(`/api/flags/${jobFlag}`)).statusCode).toBe(403);
    expect((await registrar.get('/held')).statusCode).toBe(403);
  });

  it('refuses every POST without a valid CSRF token and changes nothing', async () => {
    const cw = await signedIn(f.app, 'cw-job');
    await cw.get(`/held/${heldId}`);
    for (const [url, form] of [
      [`/held/${heldId}/release`, { reason: 'forged' }],
      [`/held/${heldId}/cancel`, {}],
      ['/register', { identifier: 'forged@example.dk', reason: 'forged', review: '2027-05-01' }],
      ['/lang', { lang: 'en', back: '/held' }],
      ['/logout', {}],
    ] as const) {
      expect((await cw.post(url, form, { csrf: false })).statusCode, url).toBe(403);
      expect((await cw.post(url, { ...form, _csrf: 'not-a-token' }, { csrf: false })).statusCode, url).toBe(403);
    }
    expect((await f.queue.get(heldId))!.status).toBe('held');
    expect((await cw.get('/api/flags')).json()).toHaveLength(1);
    // A token from another session does not work either (the secret is per browser).
    const other = await signedIn(f.app, 'cw-job');
    await other.get('/held');
    cw.csrf = other.csrf;
    expect((await cw.post(`/held/${heldId}/release`, { reason: 'forged' })).statusCode).toBe(403);
    // Signing in is CSRF-protected too (login CSRF).
    const anon = new Client(f.app);
    expect((await anon.post('/login', { username: 'cw-job', password: 'a long test password' }, { csrf: false })).statusCode).toBe(403);
  });

  it('renders HTML from a letter inert: subject, sender, reasons, questions and findings are escaped', async () => {
    const cw = await signedIn(f.app, 'cw-job');
    for (const url of ['/held', `/held/${heldId}`]) {
      const body = (await cw.get(url)).body;
      expect(body).not.toContain('<img src=x');
      expect(body).not.toContain('<script>alert');
      expect(body).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    }
    const checked = await cw.post('/check', { subject: HOSTILE, text: `Hej\n${HOSTILE}` });
    expect(checked.statusCode).toBe(200);
    expect(checked.body).not.toContain('<img src=x');
    expect(checked.body).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('spends a notice link only on a signed-in visit, once, before it expires', async () => {
    const clock = fixedClock(FRIDAY);
    // Without publicUrl the notice still leads to the web app, at its listening address (serve warns).
    expect(await noticeLink(f.store.db, clock, webConfigSchema.parse({}), heldId)).toMatch(/^http:\/\/127\.0\.0\.1:8025\/l\/[A-Za-z0-9_-]{43}$/);
    expect(await noticeLink(f.store.db, clock, webConfigSchema.parse({ enabled: false }), heldId)).toBeUndefined();
    const link = await noticeLink(f.store.db, clock, webConfigSchema.parse({ publicUrl: 'https://postvakt.example.dk' }), heldId);
    expect(link).toMatch(/^https:\/\/postvakt\.example\.dk\/l\/[A-Za-z0-9_-]{43}$/);
    const path = new URL(link!).pathname;
    // A mail scanner prefetches the link, signed out, twice: it sees a sign-in page, learns no
    // letter id, and the link still works for the sender.
    const scanner = new Client(f.app);
    for (let i = 0; i < 2; i++) {
      const visit = await scanner.get(path);
      expect(visit.statusCode).toBe(200);
      expect(visit.body).toContain(`name="next" value="${path}"`);
      expect(visit.body).not.toContain(heldId);
    }
    const sender = new Client(f.app);
    await sender.get(path);
    const signIn = await sender.post('/login', { username: 'cw-job', password: 'a long test password', next: path });
    expect(signIn.headers.location).toBe(path);
    const opened = await sender.get(path);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/held/${heldId}`);
    expect((await sender.get(path)).statusCode).toBe(410);
    expect((await scanner.get(path)).statusCode).toBe(410);
    const expired = await createHeldLetterLink(f.store.db, fixedClock(FRIDAY), heldId, new Date(FRIDAY.getTime() - 1));
    expect((await scanner.get(expired)).statusCode).toBe(410);
    expect((await sender.get(expired)).statusCode).toBe(410);
    // The token is stored hashed: the database never holds it.
    const rows = await f.store.db.selectFrom('web_links').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(path.slice(3));
    // After signing in, the user never lands on another host.
    const evil = new Client(f.app);
    await evil.get('/login');
    const redirected = await evil.post('/login', { username: 'cw-job', password: 'a long test password', next: '//evil.example/x' });
    expect(redirected.headers.location).toBe('/held');
  });
});

// Headers and rate limits are the HTTP layer's, not the store's: one dialect is enough.

/** Run `test` against a fresh SQLite web app built with these `web` settings, then close it. */
async function withWeb(web: Record<string, unknown>, test: (f: WebFixture) => Promise<void>): Promise<void> {
  const f = await webFixture('sqlite', web);
  try {
    await test(f);
  } finally {
    await f.close();
  }
}
describe('web headers, cookies and sign-in limits', () => {
  it('sends a strict CSP and safe cookies', async () => {
    const f = await webFixture('sqlite');
    const anon = new Client(f.app);
    const res = await anon.get('/login');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    const signIn = await anon.post('/login', { username: 'cw-job', password: 'a long test password' });
    const session = (signIn.cookies as Array<{ name: string; httpOnly?: boolean; sameSite?: string }>).find((c) => c.name === 'pv_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // Behind a TLS-terminating proxy the cookie is Secure.
    const tls = await webFixture('sqlite', { trustProxy: ['127.0.0.1'] });
    try {
      const viaProxy = new Client(tls.app);
      const login = await tls.app.inject({ method: 'GET', url: '/login', headers: { 'x-forwarded-proto': 'https' } });
      viaProxy.cookies.set('_csrf', login.cookies.find((c) => c.name === '_csrf')!.value);
      viaProxy.csrf = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!;
      const res2 = await tls.app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
        cookies: Object.fromEntries(viaProxy.cookies),
        payload: new URLSearchParams({ _csrf: viaProxy.csrf, username: 'cw-job', password: 'a long test password' }).toString(),
      });
      expect(res2.statusCode).toBe(303);
      expect(res2.cookies.find((c) => c.name === 'pv_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
      expect(res2.headers['strict-transport-security']).toBeDefined();
    } finally {
      await tls.close();
      await f.close();
    }
  });

  it('rate-limits sign-in attempts', () =>
    withWeb({ loginAttemptsPerMinute: 3 }, async (limited) => {
      const c = new Client(limited.app);
      await c.get('/login');
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await c.post('/login', { username: 'cw-job', password: 'wrong password!' })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const last = await c.post('/login', { username: 'cw-job', password: 'a long test password' });
      expect(last.statusCode).toBe(429);
      expect(last.body).toContain('For mange forsøg');
    }));

  it('trusts X-Forwarded-For only from a listed proxy: an untrusted peer rotating it gets 429', async () => {
    expect(() => webConfigSchema.parse({ trustProxy: true })).toThrow(/true would trust every client/);
    expect(() => webConfigSchema.parse({ trustProxy: ['10.0.0.300'] })).toThrow();
    expect(webConfigSchema.parse({ trustProxy: ['10.0.0.5', '10.1.0.0/16', 'fd00::/8'] }).trustProxy).toHaveLength(3);
    await withWeb({ trustProxy: ['10.0.0.5'], loginAttemptsPerMinute: 5 }, async (f) => {
      const attacker = new Client(f.app);
      await attacker.get('/login');
      const codes: number[] = [];
      for (let i = 0; i < 30; i++) {
        const res = await attacker.post('/login', { username: 'cw-job', password: 'wrong password!' }, { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } });
        codes.push(res.statusCode);
      }
      expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(codes.slice(5).every((c) => c === 429)).toBe(true);
      // The same header from the configured proxy names the real client: different clients
      // behind the proxy have their own count.
      const proxied = new Client(f.app);
      await proxied.get('/login');
      for (let i = 0; i < 8; i++) {
        const res = await proxied.post('/login', { username: 'cw-job', password: 'wrong password!' }, { remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
        expect(res.statusCode).toBe(401);
      }
    });
  });

  it('limits failed sign-ins per address across user names (password spraying)', () =>
    withWeb({}, async (f) => {
      const sprayer = new Client(f.app);
      await sprayer.get('/login');
      const codes: number[] = [];
      for (let i = 0; i < 40; i++) codes.push((await sprayer.post('/login', { username: `user${i}`, password: 'Sommer2026!' })).statusCode);
      const first429 = codes.indexOf(429);
      expect(first429).toBeGreaterThan(0);
      expect(first429).toBeLessThan(39);
      expect(codes.slice(0, first429).every((c) => c === 401)).toBe(true);
      expect(codes.slice(first429).every((c) => c === 429)).toBe(true);
      // Even the right password is refused from that address now; another address signs in.
      expect((await sprayer.post('/login', { username: 'cw-job', password: 'a long test password' })).statusCode).toBe(429);
      const colleague = new Client(f.app);
      await colleague.get('/login');
      expect((await colleague.post('/login', { username: 'cw-job', password: 'a long test password' }, { remoteAddress: '192.0.2.7' })).statusCode).toBe(303);
    }));

  it('answers a language switch whose way back holds a control character with a clean redirect', () =>
    withWeb({}, async (f) => {
      const c = new Client(f.app);
      await c.get('/login');
      for (const back of ['/held\u0001', '/held\u007f', '/held\u0085x', '/r\u00e5d', '/\u2028', '/held\r\nSet-Cookie: x=1']) {
        const res = await c.post('/lang', { lang: 'en', back });
        expect(res.statusCode, JSON.stringify(back)).toBe(303);
        expect(res.headers.location).toBe('/login');
      }
      expect((await c.post('/lang', { lang: 'sv', back: '/calendar?x=%01' })).headers.location).toBe('/calendar?x=%01');
    }));
});
