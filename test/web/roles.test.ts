/**
 * The role matrix (README "Roles"), cell by cell: each role signs in and asks for each page and
 * JSON API; the status and whether a flag's reason shows are checked against the table below,
 * written out here by hand rather than read from `ROLE_MATRIX`, so a change to either shows.
 * Then held letters across units (issue 23): a case worker of one unit cannot list, open or
 * act on another unit's letter, on the pages or through the API, and nothing in the queue moves.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/stores.ts';
import { appendMailLog } from '../../src/maillog/log.ts';
import { addLocalUser } from '../../src/web/auth/users.ts';
import { fixedClock } from '../../src/clock/clock.ts';
import { ROLE_MATRIX, type PageName } from '../../src/web/roles.ts';
import type { WebRole } from '../../src/web/config.ts';
import { FRIDAY, PASSWORD, signedIn, webFixture, type Client, type WebFixture } from './support.ts';

const JOB_REASON = 'JOB-REASON anxiety after sanction';
const FAMILY_REASON = 'FAMILY-REASON child placement';
const JOB_SUBJECT = 'Letter-for-Jobcenter';
const FAMILY_SUBJECT = 'Letter-for-Familie';

async function holdLetter(f: WebFixture, subject: string, to: string, from = 'sagsbehandler@eksempel-kommune.dk'): Promise<string> {
  const [id] = await f.queue.enqueue([
    {
      channel: 'email',
      status: 'held',
      raw: Buffer.from(`Subject: ${subject}\r\n\r\nHej\r\n`),
      envelope: { from, to: [to] },
      lang: 'da',
      subject,
      originId: subject,
      releaseAt: new Date('2026-12-07T08:00:00Z'),
      decision: { reasons: [{ code: 'flagged', text: 'Modtageren har et hensynsflag.' }], questions: [], findings: [] },
    },
  ]);
  return id!;
}

type Marker = 'job' | 'family' | 'jobLetter' | 'familyLetter';
const TEXT: Record<Marker, string> = { job: JOB_REASON, family: FAMILY_REASON, jobLetter: JOB_SUBJECT, familyLetter: FAMILY_SUBJECT };
const REASONS: Marker[] = ['job', 'family'];

/** A cell: the status, and what must show; a flag reason not listed must not show. */
type Cell = [status: number, shows?: Marker[]];
type Role = 'cw-job' | 'cw-child' | 'registrar' | 'manager' | 'admin';

const ALL: Cell = [200];
const NO: Cell = [403];

/** Page or API → role → cell. `:job` and `:jobLetter` are replaced by the ids made in `beforeAll`. */
const MATRIX: Array<[string, Record<Role, Cell>]> = [
  ['/held', { 'cw-job': [200, ['jobLetter']], 'cw-child': [200, ['familyLetter']], registrar: NO, manager: NO, admin: [200, ['jobLetter', 'familyLetter']] }],
  ['/api/held', { 'cw-job': [200, ['jobLetter']], 'cw-child': [200, ['familyLetter']], registrar: NO, manager: NO, admin: [200, ['jobLetter', 'familyLetter']] }],
  ['/held/:jobLetter', { 'cw-job': [200, ['jobLetter', 'job']], 'cw-child': [404], registrar: NO, manager: NO, admin: [200, ['jobLetter']] }],
  ['/api/held/:jobLetter', { 'cw-job': [200, ['jobLetter', 'job']], 'cw-child': [404], registrar: NO, manager: NO, admin: [200, ['jobLetter']] }],
  ['/register', { 'cw-job': [200, ['job']], 'cw-child': [200, ['family']], registrar: NO, manager: ALL, admin: NO }],
  ['/api/flags', { 'cw-job': [200, ['job']], 'cw-child': [200, ['family']], registrar: NO, manager: ALL, admin: NO }],
  ['/api/flags/:job', { 'cw-job': [200, ['job']], 'cw-child': [404], registrar: NO, manager: ALL, admin: NO }],
  ['/check', { 'cw-job': ALL, 'cw-child': ALL, registrar: ALL, manager: ALL, admin: ALL }],
  ['/calendar', { 'cw-job': ALL, 'cw-child': ALL, registrar: ALL, manager: ALL, admin: ALL }],
  ['/log', { 'cw-job': NO, 'cw-child': NO, registrar: [200, ['jobLetter']], manager: NO, admin: NO }],
  ['/api/log', { 'cw-job': NO, 'cw-child': NO, registrar: [200, ['jobLetter']], manager: NO, admin: NO }],
  ['/log/export?format=csv', { 'cw-job': NO, 'cw-child': NO, registrar: [200, ['jobLetter']], manager: NO, admin: NO }],
  ['/away', { 'cw-job': ALL, 'cw-child': ALL, registrar: ALL, manager: ALL, admin: ALL }],
  // Held letters are not dispatched yet, so not documents: the registrar's worklist shows neither.
  ['/records', { 'cw-job': NO, 'cw-child': NO, registrar: ALL, manager: NO, admin: NO }],
  ['/requests', { 'cw-job': ALL, 'cw-child': ALL, registrar: ALL, manager: NO, admin: NO }],
  ['/api/requests', { 'cw-job': ALL, 'cw-child': ALL, registrar: ALL, manager: NO, admin: NO }],
];

const ROLES: Role[] = ['cw-job', 'cw-child', 'registrar', 'manager', 'admin'];

describe('the role matrix, every cell', () => {
  let f: WebFixture;
  const clients = new Map<Role, Client>();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    f = await webFixture('sqlite');
    ids.job = (await f.register.add({ identifier: 'borger.a@example.dk', reason: JOB_REASON, reviewOn: '2027-03-01' }, { user: 'cw-job', unit: 'Jobcenter', role: 'caseworker' })).id;
    await f.register.add({ identifier: 'borger.b@example.dk', reason: FAMILY_REASON, reviewOn: '2027-03-01' }, { user: 'cw-child', unit: 'Familie', role: 'caseworker' });
    ids.jobLetter = await holdLetter(f, JOB_SUBJECT, 'borger.a@example.dk');
    await holdLetter(f, FAMILY_SUBJECT, 'borger.b@example.dk');
    await appendMailLog(f.store.db, [
      { at: FRIDAY, event: 'received', direction: 'out', channel: 'email', sender: 's@eksempel-kommune.dk', recipients: ['borger.a@example.dk'], subject: JOB_SUBJECT, size: 100, verdict: 'hold' },
    ]);
    for (const role of ROLES) clients.set(role, await signedIn(f.app, role));
  }, 60_000);

  afterAll(async () => f?.close());

  const cells = MATRIX.flatMap(([url, row]) => ROLES.map((role) => [url, role, row[role]] as const));
  it.each(cells)('%s as %s', async (url, role, [status, shows = []]) => {
    const res = await clients.get(role)!.get(url.replace(/:(\w+)/, (_, key: string) => ids[key]!));
    expect(res.statusCode).toBe(status);
    for (const marker of shows) expect(res.body, marker).toContain(TEXT[marker]);
    for (const marker of [...REASONS, 'jobLetter', 'familyLetter'] as Marker[]) {
      if (!shows.includes(marker)) expect(res.body, marker).not.toContain(TEXT[marker]);
    }
  });

  it('opened no reason for anyone but the case workers of its unit', async () => {
    const views = (await f.register.auditTrail()).filter((a) => a.action === 'view');
    expect(views.length).toBeGreaterThan(0);
    for (const view of views) expect(view.actor).toMatchObject({ role: 'caseworker' });
    const jobViews = views.filter((v) => v.flagId === ids.job);
    expect(new Set(jobViews.map((v) => v.actor.user))).toEqual(new Set(['cw-job']));
  });

  it('lets only a case worker add a flag', async () => {
    for (const role of ['manager', 'admin', 'registrar'] as const) {
      const c = clients.get(role)!;
      await c.get('/calendar');
      const res = await c.post('/register', { identifier: 'ny@example.dk', reason: 'x', review: '2027-05-01' });
      expect(res.statusCode, role).toBe(403);
    }
    expect((await clients.get('manager')!.get('/api/flags')).json()).toHaveLength(2);
  });
});

describe("README's role table", () => {
  it('gives exactly the roles the matrix in code lets open each page', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Roles'), readme.indexOf('\n## ', readme.indexOf('## Roles') + 1));
    const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| page'));
    const roles: WebRole[] = ['caseworker', 'registrar', 'manager', 'admin'];
    const pagesOf: Array<[RegExp, PageName[]]> = [
      [/^held letters/, ['held']],
      [/^register/, ['register']],
      [/^draft check .* calendar/, ['check', 'calendar']],
      [/^mail log/, ['log']],
      [/^absence and notices/, ['away']],
      [/^awaiting answer/, ['answers']],
      [/^records/, ['records']],
      [/^requests for documents/, ['requests']],
    ];
    const seen = new Set<PageName>();
    for (const row of rows) {
      const [first, ...cells] = row.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim());
      const pages = pagesOf.find(([pattern]) => pattern.test(first!))?.[1];
      expect(pages, first).toBeDefined();
      for (const page of pages!) {
        seen.add(page);
        const open = roles.filter((_, i) => cells[i] !== '—');
        expect(open, page).toEqual(roles.filter((r) => r in ROLE_MATRIX[page]));
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(ROLE_MATRIX).sort());
  });
});

describe.each(DIALECTS)('held letters stay with their unit (%s)', (dialect) => {
  let f: WebFixture;
  let familyLetter: string;
  let cwJob: Client;

  const snapshot = async (id: string) => {
    const item = (await f.queue.get(id))!;
    return { status: item.status, releaseAt: item.releaseAt?.toISOString(), told: item.told, events: (await f.queue.events(id)).length };
  };

  beforeAll(async () => {
    f = await webFixture(dialect);
    await f.register.add({ identifier: 'borger.b@example.dk', reason: FAMILY_REASON, reviewOn: '2027-03-01' }, { user: 'cw-child', unit: 'Familie', role: 'caseworker' });
    familyLetter = await holdLetter(f, FAMILY_SUBJECT, 'borger.b@example.dk');
    cwJob = await signedIn(f.app, 'cw-job');
  }, 60_000);

  afterAll(async () => f?.close());

  it("cannot list, open, release, reschedule, cancel or mark told another unit's letter, on the pages or the API", async () => {
    const before = await snapshot(familyLetter);
    expect((await cwJob.get('/held')).body).not.toContain(FAMILY_SUBJECT);
    expect((await cwJob.get('/api/held')).json()).toEqual([]);
    expect((await cwJob.get(`/held/${familyLetter}`)).statusCode).toBe(404);
    expect((await cwJob.get(`/api/held/${familyLetter}`)).statusCode).toBe(404);
    const forms: Array<[string, Record<string, string>]> = [
      ['release', { reason: 'Borgeren bad om det.' }],
      ['release', {}],
      ['reschedule', { at: '2026-12-08T10:30' }],
      ['reschedule', { at: 'not a time' }],
      ['cancel', { reason: 'Sendt med brevpost.' }],
      ['told', {}],
    ];
    for (const [action, form] of forms) {
      const page = await cwJob.post(`/held/${familyLetter}/${action}`, form);
      expect(page.statusCode, `web ${action} ${JSON.stringify(form)}`).toBe(404);
      expect(page.body).not.toContain(FAMILY_SUBJECT);
      const api = await cwJob.postJson(`/api/held/${familyLetter}/${action}`, form);
      expect(api.statusCode, `api ${action} ${JSON.stringify(form)}`).toBe(404);
      expect(api.json()).toEqual({ error: 'not found' });
    }
    expect(await snapshot(familyLetter)).toEqual(before);
  });

  it('lets the unit itself, the sender and an administrator act, through the API too', async () => {
    const cwChild = await signedIn(f.app, 'cw-child');
    expect(((await cwChild.get('/api/held')).json() as Array<{ id: string }>).map((l) => l.id)).toEqual([familyLetter]);
    const detail = (await cwChild.get(`/api/held/${familyLetter}`)).json() as { flags: Array<{ reason: string }> };
    expect(detail.flags.map((x) => x.reason)).toEqual([FAMILY_REASON]);
    await cwChild.get('/held');
    const told = await cwChild.postJson(`/api/held/${familyLetter}/told`, {});
    expect(told.statusCode).toBe(200);
    expect(told.json()).toEqual({ status: 'told' });
    expect((await f.queue.get(familyLetter))!.told).toBe(true);
    const noReason = await cwChild.postJson(`/api/held/${familyLetter}/release`, {});
    expect(noReason.statusCode).toBe(400);

    // A Jobcenter case worker who sent a letter to a Familie-flagged citizen may decide on it
    // (FX-6), without seeing the other unit's reason (FX-7: only to those allowed).
    await addLocalUser(f.store.db, fixedClock(FRIDAY), { username: 'anna@eksempel-kommune.dk', password: PASSWORD, role: 'caseworker', unit: 'Jobcenter' });
    const own = await holdLetter(f, 'Annas brev', 'borger.b@example.dk', 'Anna@eksempel-kommune.dk');
    const anna = await signedIn(f.app, 'anna@eksempel-kommune.dk');
    const page = await anna.get(`/held/${own}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(FAMILY_REASON);
    expect((await anna.get(`/held/${familyLetter}`)).statusCode).toBe(404);
    expect((await anna.post(`/held/${own}/reschedule`, { at: '2026-12-08T10:30' })).statusCode).toBe(303);

    const admin = await signedIn(f.app, 'admin');
    await admin.get('/held');
    const released = await admin.postJson(`/api/held/${familyLetter}/release`, { reason: 'Driftsfejl rettet.' });
    expect(released.statusCode).toBe(200);
    expect((await f.queue.get(familyLetter))!.status).toBe('queued');
    expect((await f.queue.events(familyLetter)).at(-1)).toMatchObject({ kind: 'released', actor: 'admin' });
  });

  it('refuses inherited property names as actions (constructor, toString, __proto__)', async () => {
    const own = await holdLetter(f, 'Proto', 'borger.b@example.dk');
    const cwChild = await signedIn(f.app, 'cw-child');
    await cwChild.get('/held');
    const before = await snapshot(own);
    for (const action of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
      expect((await cwChild.post(`/held/${own}/${action}`, {})).statusCode, action).toBe(404);
      expect((await cwChild.postJson(`/api/held/${own}/${action}`, {})).statusCode, action).toBe(404);
    }
    expect(await snapshot(own)).toEqual(before);
  });
});
