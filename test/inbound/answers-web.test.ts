/**
 * The "Awaiting answer" page and template answers (issue 17 items 4 and 6) from outside: a real
 * `postvakt serve` with the inbound door and the web app, swaks as the citizens' MTA, Postfix's
 * smtp-sink as the smart host and the internal mail system, and HTTP to the web app with cookies
 * and CSRF as a browser sends them. Items are shown per unit to that unit's case workers only;
 * the contact centre answers mail to the official address with a referral template, which goes
 * out through the gateway, reaches the sink with the template's text and closes the item; an
 * acknowledgement from the form keeps the Jobcenter's item open until a reply in its thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PostalMime from 'postal-mime';
import { openStore } from '../../src/store/db.ts';
import { addLocalUser } from '../../src/web/auth/users.ts';
import { fixedClock } from '../../src/clock/clock.ts';
import { cli, freePort, setup, startServe, swaks, waitFor, type Served, type Setup } from '../gateway/harness.ts';
import { startPostfixSink, type PostfixSink } from './support.ts';

const TUESDAY = '2026-12-01T10:00:00+01:00';
const PASSWORD = 'a long test password';
const OFFICIAL_ID = '<official-1@example.dk>';
const JOB_ID = '<job-1@example.dk>';

/** A browser's part: cookies kept, the last page's CSRF token sent with each form. */
class Browser {
  readonly cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly base: string) {}

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<{ status: number; body: string; location: string | null }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'accept-language': 'da',
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams({ _csrf: this.csrf, ...form }).toString() } : {}),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const pair = cookie.split(';')[0]!;
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const body = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(body);
    if (token) this.csrf = token[1]!;
    return { status: res.status, body, location: res.headers.get('location') };
  }

  async signIn(username: string): Promise<this> {
    await this.request('GET', '/login');
    const res = await this.request('POST', '/login', { username, password: PASSWORD });
    if (res.status !== 303) throw new Error(`sign-in as ${username}: ${res.status}`);
    return this;
  }
}

let sink: PostfixSink;
let s: Setup;
let served: Served;
let inboundPort: number;
let webBase: string;

async function replies(args: string[] = []): Promise<Array<Record<string, string>>> {
  const out = await cli(s, ['replies', 'list', '--json', ...args], { POSTVAKT_NOW: TUESDAY });
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as Array<Record<string, string>>;
}

const as = (username: string) => new Browser(webBase).signIn(username);

beforeAll(async () => {
  sink = await startPostfixSink();
  inboundPort = await freePort();
  const webPort = await freePort();
  webBase = `http://127.0.0.1:${webPort}`;
  s = await setup({
    sinkPort: sink.port,
    sections: {
      inbound: { enabled: true, host: '127.0.0.1', port: inboundPort, deliverTo: { host: '127.0.0.1', port: sink.port } },
      web: { host: '127.0.0.1', port: webPort, loginAttemptsPerMinute: 1000 },
    },
  });
  const store = await openStore(s.storeUrl);
  try {
    const clock = fixedClock(new Date(TUESDAY));
    for (const [username, role, unit] of [
      ['cw-borger', 'caseworker', 'Borgerservice'],
      ['cw-job', 'caseworker', 'jobcenter'],
      ['cw-other', 'caseworker', 'Familie'],
      ['manager', 'manager', 'Direktion'],
    ] as const) {
      await addLocalUser(store.db, clock, { username, role, unit, password: PASSWORD });
    }
  } finally {
    await store.close();
  }
  served = await startServe(s, { POSTVAKT_NOW: TUESDAY });
  const mails: Array<[string, string, string, string]> = [
    ['post@eksempel-kommune.dk', OFFICIAL_ID, 'Spørgsmål om min restskat', 'Hej. Jeg har fået en restskat og forstår den ikke. Kan I hjælpe? Borger Borgersen'],
    ['jobcenter@eksempel-kommune.dk', JOB_ID, 'Klage over mit forløb', 'Hej. Jeg vil klage over mit forløb, det er kompliceret. Borger Borgersen'],
  ];
  for (const [to, id, subject, body] of mails) {
    const out = await swaks(inboundPort, ['--from', 'borger@example.dk', '--to', to, '--header', `Subject: ${subject}`, '--header', `Message-Id: ${id}`, '--body', body]);
    expect(out.output).toMatch(/250 2\.0\.0/);
  }
}, 240_000);

afterAll(async () => {
  await served?.stop();
  await sink?.close();
  await s?.cleanup();
});

describe('the Awaiting answer page', () => {
  it('shows a case worker only the own unit’s mailboxes, on the page, its detail and the API', { timeout: 90_000 }, async () => {
    const job = await as('cw-job');
    const page = await job.request('GET', '/answers');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Klage over mit forløb');
    expect(page.body).toContain('jobcenter@eksempel-kommune.dk');
    expect(page.body).not.toContain('restskat');
    const api = JSON.parse((await job.request('GET', '/api/answers')).body) as Array<{ id: string; mailbox: string; from: string; state: string }>;
    expect(api.map((i) => [i.mailbox, i.from, i.state])).toEqual([['jobcenter@eksempel-kommune.dk', 'borger@example.dk', 'waiting']]);

    const borger = await as('cw-borger');
    const queue = JSON.parse((await borger.request('GET', '/api/answers?queue=contact-centre')).body) as Array<{ id: string; mailbox: string; kind: string }>;
    expect(queue.map((i) => [i.mailbox, i.kind])).toEqual([['post@eksempel-kommune.dk', 'official']]);
    // Another unit's item answers 404 like a missing one, and cannot be answered.
    expect((await job.request('GET', `/answers/${queue[0]!.id}`)).status).toBe(404);
    await job.request('GET', '/answers');
    const sneak = await job.request('POST', `/answers/${queue[0]!.id}/answer`, { template: 'routine-answer', lang: 'da', note: 'x', action: 'send' });
    expect(sneak.status).toBe(404);
    expect(JSON.parse((await (await as('cw-other')).request('GET', '/api/answers')).body)).toEqual([]);
  });

  it('gives managers every unit with the correspondent masked, and no way to answer', { timeout: 90_000 }, async () => {
    const manager = await as('manager');
    const page = await manager.request('GET', '/answers');
    expect(page.status).toBe(200);
    expect(page.body).toContain('restskat');
    expect(page.body).toContain('Klage over mit forløb');
    expect(page.body).not.toContain('borger@example.dk');
    expect(page.body).toContain('b•••••@example.dk');
    expect(page.body).not.toContain('href="/answers/');
    const [item] = JSON.parse((await manager.request('GET', '/api/answers?queue=contact-centre')).body) as Array<{ id: string }>;
    expect((await manager.request('GET', `/answers/${item!.id}`)).status).toBe(404);
  });

  it('escapes what the citizen wrote', { timeout: 90_000 }, async () => {
    const out = await swaks(inboundPort, ['--from', 'angriber@example.dk', '--to', 'jobcenter@eksempel-kommune.dk', '--header', 'Subject: <script>alert(1)</script>', '--body', 'Hej.']);
    expect(out.output).toMatch(/250 2\.0\.0/);
    const page = await (await as('cw-job')).request('GET', '/answers');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('answers from the web app', () => {
  it('the contact centre refers the citizen to the right authority: previewed, sent through the gateway to the sink, item answered', { timeout: 90_000 }, async () => {
    const borger = await as('cw-borger');
    const [item] = JSON.parse((await borger.request('GET', '/api/answers?queue=contact-centre')).body) as Array<{ id: string }>;
    const detail = await borger.request('GET', `/answers/${item!.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toContain('Skattestyrelsen');
    // A referral needs an authority: the form says so and nothing is sent.
    const missing = await borger.request('POST', `/answers/${item!.id}/answer`, { template: 'referral', lang: 'da', authority: '', action: 'send' });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('Udfyld venligst');
    const form = { template: 'referral', lang: 'da', authority: 'skattestyrelsen', note: 'Restskat handler Skattestyrelsen om.' };
    const preview = await borger.request('POST', `/answers/${item!.id}/answer`, { ...form, action: 'preview' });
    expect(preview.status).toBe(200);
    expect(preview.body).toContain('Dit spørgsmål hører under Skattestyrelsen');
    const sent = await borger.request('POST', `/answers/${item!.id}/answer`, { ...form, action: 'send' });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/answers?done=sent');

    const arrived = await waitFor(() => sink.messages().find((m) => m.to.includes('borger@example.dk')), 30_000);
    expect(arrived.from).toBe('post@eksempel-kommune.dk');
    const mail = await PostalMime.parse(arrived.raw);
    expect(mail.subject).toBe('Re: Spørgsmål om min restskat');
    expect(mail.inReplyTo).toBe(OFFICIAL_ID);
    expect(mail.text).toContain('Dit spørgsmål hører under Skattestyrelsen, som kan hjælpe dig videre');
    expect(mail.text).toContain('skat.dk · telefon 72 22 18 18');
    expect(mail.text).toContain('Restskat handler Skattestyrelsen om.');
    expect(mail.text).toContain('Eksempel Kommune');
    // Checked and relayed by the gateway: its Received line; no X-Postvakt field leaves.
    expect(arrived.raw).toMatch(/by postvakt\.example\.dk \(Postvakt\)/);
    expect(arrived.raw).not.toMatch(/^X-Postvakt/im);

    const [answered] = await replies(['--mailbox', 'post@eksempel-kommune.dk']);
    expect(answered).toMatchObject({ state: 'answered' });
    const store = await openStore(s.storeUrl, { migrate: false });
    try {
      const events = await store.db.selectFrom('inbound_waiting_events').select(['kind', 'actor']).where('waiting_id', '=', item!.id).orderBy('id').execute();
      expect(events.map((e) => [e.kind, e.actor])).toEqual([
        ['opened', null],
        ['answered', 'post@eksempel-kommune.dk'],
        ['template-answer', 'cw-borger'],
      ]);
    } finally {
      await store.close();
    }
  });

  it('an acknowledgement from the form keeps the item open with its own due time; a reply in the thread answers it', { timeout: 90_000 }, async () => {
    const job = await as('cw-job');
    const items = JSON.parse((await job.request('GET', '/api/answers')).body) as Array<{ id: string; subject: string }>;
    const item = items.find((i) => i.subject === 'Klage over mit forløb')!;
    await job.request('GET', `/answers/${item.id}`);
    const sent = await job.request('POST', `/answers/${item.id}/answer`, { template: 'acknowledgement', lang: 'da', contactName: 'Mette Hansen', contactPhone: '70 00 00 01', action: 'send' });
    expect(sent.status).toBe(303);
    const ack = await waitFor(() => sink.messages().find((m) => m.from === 'jobcenter@eksempel-kommune.dk' && m.to.includes('borger@example.dk')), 30_000);
    expect((await PostalMime.parse(ack.raw)).text).toContain('Din kontaktperson er Mette Hansen, telefon 70 00 00 01.');
    const [acknowledged] = await replies(['--state', 'acknowledged']);
    expect(acknowledged).toMatchObject({ id: item.id, state: 'acknowledged', contact: 'Mette Hansen, 70 00 00 01' });
    // Ten working days from Tuesday 1 December.
    expect(acknowledged!.dueAt).toMatch(/^2026-12-15T10:\d\d:\d\d\+01:00$/);
    const page = await job.request('GET', '/answers');
    expect(page.body).toContain('Kvitteret (Mette Hansen, 70 00 00 01)');

    // The case worker answers from Outlook later: no In-Reply-To, the thread's subject, to the citizen.
    const reply = await swaks(s.smtpPort, [
      '--from', 'sagsbehandler@eksempel-kommune.dk', '--to', 'borger@example.dk',
      '--header', 'Subject: SV: Klage over mit forløb',
      '--body', 'Hej. Her er svaret på din klage. Du kan ringe til mig på 70 00 00 01. Venlig hilsen, Mette Hansen',
    ]);
    expect(reply.output).toMatch(/250 2\.0\.0/);
    const [answered] = (await replies(['--state', 'answered'])).filter((i) => i.id === item.id);
    expect(answered).toMatchObject({ state: 'answered', contact: 'Mette Hansen, 70 00 00 01' });
  });
});
