/**
 * The web app in-process over real modules (store, register, queue, rule engine, calendar) and a
 * tiny cookie-keeping client for `inject`, so API and security tests run without a browser.
 */
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { fixedClock } from '../../src/clock/clock.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { createCalendar } from '../../src/calendar/calendar.ts';
import { engineFromConfig } from '../../src/rules/engine.ts';
import { parseMessage } from '../../src/message/parse.ts';
import { ConsiderationRegister } from '../../src/register/register.ts';
import { generateKeyMaterial, keyringFrom } from '../../src/register/keys.ts';
import { Queue } from '../../src/queue/queue.ts';
import { createRecords } from '../../src/records/records.ts';
import type { DialectName } from '../../src/store/db.ts';
import { buildWebApp, MAX_UPLOAD_BYTES } from '../../src/web/app.ts';
import { webConfigSchema, type WebRole } from '../../src/web/config.ts';
import { addLocalUser } from '../../src/web/auth/users.ts';
import { draftChecker, letterOwners, mailLogPort, queuePort, registerPort, requestsPort } from '../../src/web/wiring.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A Friday afternoon in December (Copenhagen): inside the quiet window before the weekend. */
export const FRIDAY = new Date('2026-12-04T14:00:00+01:00');
export const PASSWORD = 'a long test password';

export const USERS: Array<{ username: string; role: WebRole; unit: string }> = [
  { username: 'cw-job', role: 'caseworker', unit: 'Jobcenter' },
  { username: 'cw-child', role: 'caseworker', unit: 'Familie' },
  { username: 'registrar', role: 'registrar', unit: 'Journal' },
  { username: 'manager', role: 'manager', unit: 'Direktion' },
  { username: 'admin', role: 'admin', unit: 'IT' },
];

export interface WebFixture {
  app: FastifyInstance;
  store: TestStore;
  register: ConsiderationRegister;
  queue: Queue;
  close(): Promise<void>;
}

export async function webFixture(dialect: DialectName, web: Record<string, unknown> = {}): Promise<WebFixture> {
  const store = await openTestStore(dialect);
  const { config } = loadConfig(samplePath('dk'));
  const clock = fixedClock(FRIDAY);
  const register = new ConsiderationRegister({
    db: store.db,
    keyring: keyringFrom(generateKeyMaterial(), 'test'),
    clock,
    timeZone: config.calendar.timeZone,
    country: config.calendar.country,
  });
  const queue = new Queue(store.db, clock, { leaseMs: 5000, retrySchedule: [1000] });
  const calendar = createCalendar(config.calendar);
  for (const u of USERS) await addLocalUser(store.db, clock, { ...u, password: PASSWORD });
  const app = await buildWebApp({
    config,
    // Many sign-ins from one address in a test; the limit itself is tested with its own value.
    web: webConfigSchema.parse({ loginAttemptsPerMinute: 1000, ...web }),
    db: store.db,
    clock,
    logger: silentLogger,
    cookieSecret: 'test-cookie-secret-of-sufficient-length',
    queue: queuePort(queue, letterOwners(register), (id, sealed) => register.openDetails(id, sealed)),
    register: registerPort(register),
    checker: draftChecker(engineFromConfig(config), MAX_UPLOAD_BYTES, parseMessage),
    calendar,
    mailLog: mailLogPort(store.db, 'Europe/Copenhagen'),
    records: createRecords({ db: store.db, clock, calendar, config: config.records, parse: parseMessage }),
    requests: requestsPort(config, store.db, clock),
  });
  return {
    app,
    store,
    register,
    queue,
    close: async () => {
      await app.close();
      await store.dispose();
    },
  };
}

/** A client that keeps cookies and the last page's CSRF token, as a browser would. */
export class Client {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(readonly app: FastifyInstance) {}

  #keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (token) this.csrf = token[1]!;
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.#keep(await this.app.inject({ method: 'GET', url, headers, cookies: Object.fromEntries(this.cookies) }));
  }

  /**
   * POST a form; the CSRF token is added unless `csrf: false`. `remoteAddress` is the peer's
   * address (default 127.0.0.1), `headers` e.g. an X-Forwarded-For.
   */
  async post(
    url: string,
    form: Record<string, string>,
    options: { csrf?: boolean; headers?: Record<string, string>; remoteAddress?: string } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams({ ...(options.csrf === false ? {} : { _csrf: this.csrf }), ...form }).toString();
    return this.#keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
        cookies: Object.fromEntries(this.cookies),
        ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
      }),
    );
  }

  /** POST JSON to the API, with the CSRF token in its header as a script would send it. */
  async postJson(url: string, body: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.#keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body,
        headers: { 'x-csrf-token': this.csrf },
        cookies: Object.fromEntries(this.cookies),
      }),
    );
  }

  async signIn(username: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    await this.get('/login');
    return this.post('/login', { username, password });
  }
}

export async function signedIn(app: FastifyInstance, username: string): Promise<Client> {
  const client = new Client(app);
  const res = await client.signIn(username);
  if (res.statusCode !== 303) throw new Error(`sign-in as ${username} failed: ${res.statusCode}`);
  return client;
}
