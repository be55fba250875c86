/**
 * Issue 18 from outside, on both samples: a real `postvakt serve` with the inbound door (relay
 * mode) and the web app, swaks as the senders (citizens and newsletters in through the MX door,
 * a case worker out through the gateway), the CLI as the registrar, and the case system's HTTP
 * API with and without its token. Checked: one document per message in and out, suggestions on
 * real-shaped mail, a status decided once and logged (who, when, ground; never content),
 * registration with the municipality's case-number format, and item 4: every public document is
 * registered, decided not to be by a person, or on the worklist.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openStore } from '../../src/store/db.ts';
import { listDocuments } from '../../src/records/documents.ts';
import { recordStates } from '../../src/records/store.ts';
import { cli, freePort, setup, startServe, startSink, swaks, waitFor, type Served, type Setup, type Sink } from '../gateway/harness.ts';
import { startPostfixSink, type PostfixSink } from '../inbound/support.ts';

const TOKEN = 'records-api-test-token-0123456789abcdefghijklmnop';
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/records/${name}`, import.meta.url));
const sample = (name: 'dk' | 'se') => parse(readFileSync(new URL(`../../config/samples/${name}.yaml`, import.meta.url), 'utf8')) as Record<string, unknown>;

interface Mail {
  file: string;
  door: 'in' | 'out';
  from: string;
  to: string;
  /** The suggestion expected for it. */
  suggested: string;
}

interface Case {
  name: 'dk' | 'se';
  now: string;
  mails: Mail[];
  goodCase: string;
  badCase: string;
  classification: string;
  secretGround: string;
  language: RegExp;
}

const CASES: Case[] = [
  {
    name: 'dk',
    now: '2026-12-01T10:00:00+01:00',
    mails: [
      { file: 'dk-in-question.eml', door: 'in', from: 'mette.hansen@example.dk', to: 'post@eksempel-kommune.dk', suggested: 'public' },
      { file: 'dk-in-health.eml', door: 'in', from: 'lars.jensen@example.dk', to: 'jobcenter@eksempel-kommune.dk', suggested: 'secret' },
      { file: 'dk-in-newsletter.eml', door: 'in', from: 'nyhed@byggeri-nyt.example.com', to: 'post@eksempel-kommune.dk', suggested: 'little-importance' },
      { file: 'dk-in-autoreply.eml', door: 'in', from: 'peter.holm@firma.example.dk', to: 'post@eksempel-kommune.dk', suggested: 'little-importance' },
    ],
    goodCase: '02.34.02-P19-12-26',
    badCase: 'KS 2026/123',
    classification: '02.34.02',
    secretGround: 'dk-offl-30-1',
    language: /kommunens format/,
  },
  {
    name: 'se',
    now: '2026-12-01T10:00:00+01:00',
    mails: [
      { file: 'se-in-social.eml', door: 'in', from: 'anhorig@example.se', to: 'socialtjansten@exempelkommunen.se', suggested: 'secret' },
      { file: 'se-out-decision.eml', door: 'out', from: 'sara.berg@exempelkommunen.se', to: 'karin.ek@example.se', suggested: 'public' },
    ],
    goodCase: 'BMN 2026/88',
    badCase: '27.12.08-P20-1-26',
    classification: '3.1',
    secretGround: 'se-osl-26-1',
    language: /kommunens form/,
  },
];

describe.each(CASES)('records on the $name sample', (c) => {
  let internal: PostfixSink;
  let outbound: Sink;
  let s: Setup;
  let served: Served;
  let inboundPort: number;
  let api: string;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    internal = await startPostfixSink();
    outbound = await startSink();
    inboundPort = await freePort();
    const webPort = await freePort();
    api = `http://127.0.0.1:${webPort}/api/records/v1`;
    const own = sample(c.name);
    const sections: Record<string, unknown> = {
      inbound: { enabled: true, host: '127.0.0.1', port: inboundPort, deliverTo: { host: '127.0.0.1', port: internal.port } },
      web: { enabled: true, host: '127.0.0.1', port: webPort },
      records: { ...(own.records as object), apiClients: [{ name: 'sbsys', tokenSha256: createHash('sha256').update(TOKEN).digest('hex') }] },
    };
    if (c.name === 'se') for (const key of ['municipality', 'calendar', 'rules', 'mailboxes', 'units']) sections[key] = own[key];
    s = await setup({ sinkPort: outbound.port, sections });
    served = await startServe(s, { POSTVAKT_NOW: c.now });
    for (const mail of c.mails) {
      const out = await swaks(mail.door === 'in' ? inboundPort : s.smtpPort, ['--from', mail.from, '--to', mail.to, '--data', fixture(mail.file)]);
      expect(out.output, mail.file).toMatch(/250 2\.0\.0/);
    }
    // Every message has reached its next hop (the internal mail system, or the smart host).
    await waitFor(() => internal.messages().length + outbound.messages.length >= c.mails.length, 30_000);
  }, 180_000);

  afterAll(async () => {
    await served?.stop();
    await internal?.close();
    await outbound?.close();
    await s?.cleanup();
  });

  const records = async (args: string[]) => cli(s, ['records', ...args], { POSTVAKT_NOW: c.now });
  const json = async <T>(args: string[]): Promise<T> => {
    const out = await records([...args, '--json']);
    expect(out.code, out.stderr).toBe(0);
    return JSON.parse(out.stdout) as T;
  };
  const call = (path: string, init: RequestInit = {}, token: string | null = TOKEN) =>
    fetch(`${api}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) } });

  it('lists every message in and out once on the worklist, oldest first, aged 0 working days, with a suggestion each', async () => {
    const list = await json<Array<{ id: string; subject: string; direction: string; ageDays: number; status: null }>>(['unregistered']);
    expect(list).toHaveLength(c.mails.length);
    for (const mail of c.mails) {
      const subjectLine = /^Subject: (.*)$/m.exec(readFileSync(fixture(mail.file), 'utf8'))![1]!;
      const subject = subjectLine.startsWith('=?') ? 'Spørgsmål om byggetilladelse til carport' : subjectLine;
      const doc = list.find((d) => d.subject === subject)!;
      expect(doc, mail.file).toBeDefined();
      expect([doc.direction, doc.ageDays, doc.status]).toEqual([mail.door, 0, null]);
      ids.set(mail.file, doc.id);
      const suggestion = await json<{ status: string; text: string }>(['suggest', doc.id]);
      expect(suggestion.status, mail.file).toBe(mail.suggested);
    }
  }, 180_000);

  it('decides a status once, with a ground from the catalogue, and logs who and which ground, never the content', async () => {
    const secret = c.mails.find((m) => m.suggested === 'secret')!;
    const id = ids.get(secret.file)!;
    const wrongGround = await records(['classify', id, '--status', 'secret', '--ground', c.name === 'dk' ? 'se-osl-26-1' : 'dk-offl-30-1', '--actor', 'jurist']);
    expect(wrongGround.code).toBe(2);
    const ok = await records(['classify', id, '--status', 'secret', '--ground', c.secretGround, '--actor', 'jurist']);
    expect(ok.code, ok.stderr).toBe(0);
    const again = await records(['classify', id, '--status', 'public', '--actor', 'someone']);
    expect(again.code).toBe(2);
    for (const m of c.mails.filter((x) => x.suggested === 'little-importance')) {
      expect((await records(['classify', ids.get(m.file)!, '--status', 'little-importance', '--actor', 'journal'])).code).toBe(0);
    }
    const log = await cli(s, ['log', 'export', '--mailbox', secret.to, '--from', '2026-12-01', '--to', '2026-12-01', '--format', 'json'], { POSTVAKT_NOW: c.now });
    expect(log.code, log.stderr).toBe(0);
    const rows = JSON.parse(log.stdout) as Array<Record<string, unknown>>;
    const classified = rows.filter((r) => r.event === 'classified' && r.queueId === id);
    expect(classified).toHaveLength(1);
    expect(classified[0]).toMatchObject({ recordClass: 'secret', verdict: `secret: ${c.secretGround}`, result: 'jurist' });
    // The log shows what the message is about only as its (masked) subject, never its text.
    expect(log.stdout).not.toMatch(/depression|missbruk|alkohol/i);
  }, 180_000);

  it('serves the case system only with a valid token, and takes a registration in the municipality’s format', async () => {
    expect((await call('/documents', {}, null)).status).toBe(401);
    const wrong = await call('/documents', {}, 'not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);

    const listed = (await (await call('/documents')).json()) as { documents: Array<{ id: string; status: string | null; ageWorkingDays: number }> };
    // The little-importance mail has left the worklist; the secret one stays until registered.
    const left = c.mails.filter((m) => m.suggested !== 'little-importance');
    expect(listed.documents.map((d) => d.id).sort()).toEqual(left.map((m) => ids.get(m.file)!).sort());

    const first = left[0]!;
    const id = ids.get(first.file)!;
    const original = await call(`/documents/${id}/original`);
    expect(original.headers.get('content-type')).toBe('message/rfc822');
    const eml = await original.text();
    expect(eml).toContain(`Message-ID: ${/^Message-ID: (.*)$/m.exec(readFileSync(fixture(first.file), 'utf8'))![1]!}`);
    expect(eml).toMatch(/\(Postvakt\)/);

    const body = { caseNumber: c.badCase, title: 'Henvendelse', classification: c.classification, direction: first.door === 'in' ? 'in' : 'out' };
    const bad = await call(`/documents/${id}/registration`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'accept-language': c.name === 'dk' ? 'da' : 'sv' } });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { code: string; detail: string };
    expect(problem.code).toBe('badCaseNumber');
    expect(problem.detail).toMatch(c.language);

    const good = await call(`/documents/${id}/registration`, { method: 'POST', body: JSON.stringify({ ...body, caseNumber: c.goodCase, registrar: 'Hanne' }), headers: { 'content-type': 'application/json' } });
    expect(good.status).toBe(201);
    const doc = (await (await call(`/documents/${id}`)).json()) as { registration: { caseNumber: string; registrar: string; via: string }; status: { status: string } };
    expect(doc.registration).toMatchObject({ caseNumber: c.goodCase, registrar: 'api:sbsys:Hanne', via: 'api' });
    expect(['public', 'secret']).toContain(doc.status.status);
    expect((await call('/documents/no-such-id')).status).toBe(404);
  }, 60_000);

  it('registers from the CLI and keeps item 4: every document is registered, decided by a person, or on the worklist', async () => {
    const remaining = await json<Array<{ id: string }>>(['unregistered']);
    for (const doc of remaining) {
      const out = await records(['register', doc.id, '--case', c.goodCase, '--title', 'Sag', '--classification', c.classification, '--registrar', 'journal']);
      expect(out.code, out.stderr).toBe(0);
    }
    expect(await json<unknown[]>(['unregistered'])).toEqual([]);
    const store = await openStore(s.storeUrl, { migrate: false });
    try {
      const docs = await listDocuments(store.db);
      expect(docs).toHaveLength(c.mails.length);
      const states = await recordStates(store.db, docs.map((d) => d.id));
      const worklist = new Set((await listDocuments(store.db, { unregistered: true })).map((d) => d.id));
      for (const doc of docs) {
        const state = states.get(doc.id)!;
        const decidedNotToRegister = state.status !== null && ['not-public', 'little-importance'].includes(state.status.status) && !state.status.actor.startsWith('system');
        expect(state.registration !== null || decidedNotToRegister || worklist.has(doc.id), doc.id).toBe(true);
      }
    } finally {
      await store.close();
    }
  }, 180_000);
});
