/**
 * Contract tests of SF1601 KombiPostAfsend (issue 24) from outside: Postvakt runs as `postvakt
 * serve` builds it (the harness), its intake over TLS; a case system posts kombi requests built
 * the way the public client libraries build them, with a Holder-of-key token or a client
 * certificate; released requests go to a TLS stand-in for Serviceplatformen's STS,
 * AccessTokenService and KombiPostAfsend, which records what arrives.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/digitalpost/auth.ts';
import { findLetter } from '../../src/digitalpost/letters.ts';
import { readMailLog } from '../../src/maillog/log.ts';
import { parseMessage } from '../../src/message/parse.ts';
import type { DialectName } from '../../src/store/db.ts';
import type { Config } from '../../src/config/schema.ts';
import { digitalPostConfigSchema } from '../../src/digitalpost/config.ts';
import { selfSignedPki } from '../support/pki.ts';
import { DIALECTS } from '../support/stores.ts';
import { startHarness, TOKEN, type Harness } from './harness.ts';
import { kombiRequest, nemsms, printPart, type ValgKode } from './kombi-requests.ts';
import { startServiceplatformen, type ServiceplatformenStandIn } from './serviceplatformen-standin.ts';

// Friday 27 November 2026, 14:00 in Copenhagen: after the 12:00 cut-off before the weekend.
const FRIDAY_1400 = '2026-11-27T14:00:00+01:00';
const MONDAY_RELEASE = new Date('2026-11-30T08:00:00.000Z');
// Wednesday 2 December, 14:00: Digital Post lands on Thursday, a printed letter on Saturday.
const WEDNESDAY_1400 = '2026-12-02T14:00:00+01:00';
const NEXT_MONDAY_RELEASE = new Date('2026-12-07T08:00:00.000Z');
const FLAGGED = '1102851234';
const UNFLAGGED = '2203924321';
const CVR = '29189978';
const KOMBI = '/service/KombiPostAfsend_1/kombi';

type Pki = Awaited<ReturnType<typeof selfSignedPki>>;

interface Setup {
  h: Harness;
  sp: ServiceplatformenStandIn;
  intakePki: Pki;
  upstreamPki: Pki;
  close(): Promise<void>;
}

async function startKombi(dialect: DialectName, now: string, standIn: { accessSeconds?: number } = {}, configure?: (config: Config) => void): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'postvakt-sf1601-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text, { mode: 0o600 });
    return join(dir, name);
  };
  const intakePki = await selfSignedPki('esdh.eksempel-kommune.dk');
  const upstreamPki = await selfSignedPki('postvakt.eksempel-kommune.dk');
  const sp = await startServiceplatformen({
    tls: { key: Buffer.from(upstreamPki.private), cert: Buffer.from(upstreamPki.cert), ca: Buffer.from(upstreamPki.cert) },
    ...standIn,
  });
  const h = await startHarness({
    dialect,
    now,
    ...(configure ? { configure } : {}),
    digitalPost: () => ({
      tls: { cert: file('intake.crt', intakePki.cert), key: file('intake.key', intakePki.private), clientCa: file('ca.crt', intakePki.cert) },
      clients: [
        { name: 'sagssystem', tokenSha256: sha256Hex(TOKEN) },
        { name: 'esdh', certificateCn: 'esdh.eksempel-kommune.dk' },
      ],
      sf1601: {
        upstream: {
          kombiUrl: `${sp.baseUrl}${KOMBI}`,
          stsUrl: `${sp.baseUrl}/runtime/api/rest/wstrust/v1/issue`,
          tokenUrl: `${sp.baseUrl}/service/AccessTokenService_1/token`,
          cvr: CVR,
          cert: file('postvakt.crt', upstreamPki.clientcert!),
          key: file('postvakt.key', upstreamPki.clientprivate!),
          ca: file('serviceplatformen-ca.crt', upstreamPki.cert),
          ...(standIn.accessSeconds !== undefined ? { refreshBeforeSeconds: 0 } : {}),
          timeoutMs: 5000,
        },
      },
    }),
  });
  return {
    h,
    sp,
    intakePki,
    upstreamPki,
    async close() {
      await h.close();
      await sp.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Answer {
  status: number;
  xml: string;
  result?: string;
  fejlId?: string;
  advisId?: string;
  advisTekst?: string;
}

const field = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

interface PostOptions {
  transactionId?: string | null;
  transactionTime?: string;
  /** Default: the Holder-of-key token. */
  auth?: 'token' | 'certificate' | 'none' | { authorization: string };
  lang?: string;
  contentType?: string;
}

function postKombi(s: Setup, body: Buffer, o: PostOptions = {}): Promise<Answer> {
  const auth = o.auth ?? 'token';
  const headers: Record<string, string | number> = { 'content-type': o.contentType ?? 'application/xml', 'content-length': body.length };
  if (o.transactionId !== null) headers['x-TransaktionsId'] = o.transactionId ?? randomUUID();
  headers['x-TransaktionsTid'] = o.transactionTime ?? '2026-11-27T13:00:00Z';
  if (auth === 'token') headers.authorization = `Holder-of-key ${TOKEN}`;
  else if (typeof auth === 'object') headers.authorization = auth.authorization;
  if (o.lang) headers['accept-language'] = o.lang;
  const client = auth === 'certificate' ? { cert: s.intakePki.clientcert!, key: s.intakePki.clientprivate! } : {};
  return new Promise((resolve, reject) => {
    const req = https.request(`${s.h.url}${KOMBI}`, { method: 'POST', ca: s.intakePki.cert, ...client, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const xml = Buffer.concat(chunks).toString('utf8');
        expect(res.headers['content-type']).toMatch(/^application\/xml/);
        resolve({
          status: res.statusCode ?? 0,
          xml,
          result: field(xml, 'Result'),
          fejlId: field(xml, 'FejlId'),
          advisId: field(xml, 'AdvisId'),
          advisTekst: field(xml, 'AdvisTekst'),
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe.each(DIALECTS)('SF1601 KombiPostAfsend on %s, Friday 14:00', (dialect) => {
  let s: Setup;
  beforeAll(async () => {
    s = await startKombi(dialect, FRIDAY_1400);
    await s.h.flag(FLAGGED);
  });
  afterAll(async () => s?.close());

  it.each<[ValgKode, 'php' | 'python']>([
    ['Digital Post', 'php'],
    ['NemSMS', 'python'],
    ['Automatisk Valg', 'php'],
    ['Fysisk Post', 'python'],
  ])("holds a flagged citizen's %s request (built as the %s library does) until Monday's opening (FX-1, FX-2)", async (valgKode, style) => {
    const uuid = randomUUID();
    const memo = valgKode === 'NemSMS' ? nemsms({ uuid, recipientCpr: FLAGGED, notification: 'Husk dit møde på mandag kl. 10.' }) : undefined;
    const body = kombiRequest({ valgKode, style, print: valgKode === 'Fysisk Post', ...(memo ? { memo } : {}) }, { uuid, recipientCpr: FLAGGED, version: '1.2' });
    const answer = await postKombi(s, body);
    expect(answer).toMatchObject({ status: 200, result: 'true', advisId: 'held' });
    expect(answer.advisTekst).toBe('Modtaget af Postvakt; holdes tilbage til 2026-11-30T09:00:00+01:00 og sendes derefter videre til Serviceplatformen.');
    // What the answer says is what a hold shows, never why (the register is not named).
    expect(answer.xml).not.toMatch(/flag|hensyn|register|FX-/i);
    const row = await findLetter(s.h.context.store.db, uuid);
    expect(row).toMatchObject({ verdict: 'hold', client: 'sagssystem' });
    expect(Number(row!.hold_until)).toBe(MONDAY_RELEASE.getTime());
    const item = await s.h.context.queue.require(row!.queue_id);
    expect(item).toMatchObject({ status: 'held', channel: 'digitalpost' });
    expect(item.raw.equals(body)).toBe(true);
  });

  it('releases a held request on Monday and forwards its original bytes with the STS and access-token exchange', async () => {
    const uuid = randomUUID();
    const transactionId = randomUUID();
    const body = kombiRequest({ valgKode: 'Digital Post', print: true }, { uuid, recipientCpr: FLAGGED, version: '1.1' });
    expect((await postKombi(s, body, { transactionId, transactionTime: '2026-11-27T13:00:00.123Z' })).advisId).toBe('held');

    await s.h.context.scheduler.runDue(new Date(MONDAY_RELEASE.getTime() - 60_000));
    expect(s.sp.kombi.filter((k) => k.body.equals(body))).toHaveLength(0);
    const before = { sts: s.sp.sts.length, kombi: s.sp.kombi.length };
    await s.h.context.scheduler.runDue(MONDAY_RELEASE);
    await s.sp.waitForKombi(before.kombi + 1);
    const forwarded = s.sp.kombi.find((k) => k.body.equals(body))!;
    expect(forwarded, 'the original kombi_request bytes, ForsendelseISamling included').toBeDefined();
    expect(forwarded.body.toString('utf8')).toContain(printPart(FLAGGED).split('\n')[1]!);
    expect(forwarded.headers['x-transaktionsid']).toBe(transactionId);
    expect(forwarded.headers['x-transaktionstid']).toBe('2026-11-27T13:00:00.123Z');
    expect(forwarded.headers.authorization).toMatch(/^Holder-of-key access-token-\d+$/);
    expect(forwarded.clientCn).toBe('postvakt.eksempel-kommune.dk');
    // Nothing on the forward tells Serviceplatformen that the letter was held (FX-4).
    expect(Object.keys(forwarded.headers).filter((h) => /postvakt|verdict|hold/i.test(h))).toEqual([]);

    // The token exchange, as the stand-in saw it: Postvakt's certificate, the CVR and the service.
    expect(s.sp.sts.length).toBeGreaterThanOrEqual(1);
    const sts = s.sp.sts[0]!;
    expect(sts.clientCn).toBe('postvakt.eksempel-kommune.dk');
    expect(sts.body).toMatchObject({
      AnvenderKontekst: { Cvr: CVR },
      AppliesTo: { EndpointReference: { Address: 'http://entityid.kombit.dk/service/kombipostafsend/1' } },
      KeyType: 'http://docs.oasis-open.org/ws-sx/ws-trust/200512/PublicKey',
    });
    expect(sts.body.UseKey).toBe(s.upstreamPki.clientcert!.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''));
    expect(s.sp.tokenRequests[0]).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(s.sp.tokenRequests[0]!, 'base64').toString('utf8')).toContain('NotOnOrAfter');
    expect(s.sp.sts.length - before.sts).toBeLessThanOrEqual(1);

    const item = await s.h.context.queue.require((await findLetter(s.h.context.store.db, uuid))!.queue_id);
    expect(item.status).toBe('delivered');
    expect(item.lastResult).toMatch(/^HTTP 200 <kombi_response><Result>true/);
    // The mail log: held, then delivered, the recipient only by pseudonym.
    const rows = (await readMailLog(s.h.context.store.db)).filter((r) => r.messageId === uuid);
    expect(rows.map((r) => r.event)).toEqual(['held', 'delivered']);
    expect(JSON.stringify(rows)).not.toContain('110285');
  });

  it('forwards unflagged requests at once, reuses its cached token, and exchanges again once after a 401', async () => {
    const send = async (options: Parameters<typeof kombiRequest>[0]) => {
      const body = kombiRequest(options, { recipientCpr: UNFLAGGED });
      const answer = await postKombi(s, body, { lang: 'en' });
      expect(answer).toMatchObject({ status: 200, result: 'true', advisId: 'queued', advisTekst: 'Received by Postvakt; being sent on to Serviceplatformen.' });
      return body;
    };
    const first = await send({ valgKode: 'Digital Post', style: 'python' });
    await s.sp.waitForKombi(s.sp.kombi.length + (s.sp.kombi.some((k) => k.body.equals(first)) ? 0 : 1));
    await expect.poll(() => s.sp.kombi.some((k) => k.body.equals(first))).toBe(true);
    const tokens = { sts: s.sp.sts.length, issued: s.sp.issued.length };
    expect(tokens.issued).toBeGreaterThanOrEqual(1);

    const second = await send({ valgKode: 'Automatisk Valg', namespaceOnRoot: true });
    await expect.poll(() => s.sp.kombi.some((k) => k.body.equals(second))).toBe(true);
    expect({ sts: s.sp.sts.length, issued: s.sp.issued.length }, 'a token is cached for its lifetime').toEqual(tokens);

    s.sp.revokeAll();
    const third = await send({ valgKode: 'NemSMS', memo: nemsms({ recipientCpr: UNFLAGGED, notification: 'Din ansøgning er modtaget.' }) });
    await expect.poll(() => s.sp.kombi.some((k) => k.body.equals(third))).toBe(true);
    expect(s.sp.sts.length).toBe(tokens.sts + 1);
    expect(s.sp.issued.length).toBe(tokens.issued + 1);
    expect(s.sp.kombi.find((k) => k.body.equals(third))!.headers.authorization).toBe(`Holder-of-key ${s.sp.issued.at(-1)}`);
  });

  it('retries a request Serviceplatformen answers with 503, as the Digital Post transport does', async () => {
    s.sp.failNext(1, 503);
    const uuid = randomUUID();
    const body = kombiRequest({ valgKode: 'Digital Post' }, { uuid, recipientCpr: UNFLAGGED });
    expect((await postKombi(s, body)).advisId).toBe('queued');
    const row = await findLetter(s.h.context.store.db, uuid);
    const state = async () => {
      const item = await s.h.context.queue.require(row!.queue_id);
      return `${item.status} after ${item.attempts}`;
    };
    await expect.poll(state).toBe('queued after 1');
    await s.h.context.scheduler.runDue(new Date(Date.parse(FRIDAY_1400) + 3_600_000));
    await expect.poll(async () => (await s.h.context.queue.require(row!.queue_id)).status).toBe('delivered');
    expect(s.sp.kombi.filter((k) => k.body.equals(body))).toHaveLength(1);
  });

  it('answers the same x-TransaktionsId with the first answer, stored, and refuses another body under it', async () => {
    const transactionId = randomUUID();
    const uuid = randomUUID();
    const body = kombiRequest({ valgKode: 'Digital Post' }, { uuid, recipientCpr: FLAGGED });
    const first = await postKombi(s, body, { transactionId });
    expect(first).toMatchObject({ status: 200, advisId: 'held' });
    // Asked again in another language: still the first answer, byte for byte, and nothing queued twice.
    const again = await postKombi(s, body, { transactionId: transactionId.toUpperCase(), lang: 'en' });
    expect(again.status).toBe(200);
    expect(again.xml).toBe(first.xml);
    const stored = await s.h.context.store.db.selectFrom('sf1601_transactions').selectAll().where('transaction_id', '=', transactionId).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ client: 'sagssystem', memo_uuid: uuid, response: first.xml });
    const items = await s.h.context.queue.list({ channel: 'digitalpost', limit: 1000 });
    expect(items.filter((i) => i.originId === uuid)).toHaveLength(1);

    const other = await postKombi(s, kombiRequest({ valgKode: 'Digital Post' }, { recipientCpr: FLAGGED }), { transactionId, lang: 'en' });
    expect(other).toMatchObject({ status: 409, result: 'false', fejlId: 'transaction-conflict' });
    expect(other.xml).toContain(transactionId);
    // Another transaction with the same MeMo uuid is a different letter under a used uuid.
    const reused = await postKombi(s, body);
    expect(reused).toMatchObject({ status: 409, result: 'false', fejlId: 'duplicate-uuid' });
  });

  it("answers a flagged citizen's letter that FX-3 will not hold exactly as an unflagged one's", async () => {
    const flagged = await postKombi(s, kombiRequest({ valgKode: 'Digital Post' }, { recipientCpr: FLAGGED, legalNotification: true }));
    const unflagged = await postKombi(s, kombiRequest({ valgKode: 'Digital Post' }, { recipientCpr: UNFLAGGED, legalNotification: true }));
    expect(flagged.status).toBe(200);
    expect(flagged.xml).toBe(unflagged.xml);
  });

  it('accepts a case system by its client certificate, and refuses one without certificate or token in the service shape', async () => {
    const accepted = await postKombi(s, kombiRequest({ valgKode: 'Digital Post' }, { recipientCpr: UNFLAGGED }), { auth: 'certificate' });
    expect(accepted).toMatchObject({ status: 200, result: 'true' });
    for (const auth of ['none', { authorization: 'Holder-of-key not-the-token' }, { authorization: `Basic ${TOKEN}` }] as const) {
      const refused = await postKombi(s, kombiRequest({ valgKode: 'Digital Post' }), { auth });
      expect(refused, JSON.stringify(auth)).toMatchObject({ status: 401, result: 'false', fejlId: 'unauthorized' });
    }
  });
});

describe('SF1601 KombiPostAfsend, Wednesday 14:00 (sqlite)', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await startKombi('sqlite', WEDNESDAY_1400);
    await s.h.flag(FLAGGED);
  });
  afterAll(async () => s?.close());

  it("holds only the printed letter: Fysisk Post's days in the post reach the weekend, Digital Post and NemSMS do not (FX-2)", async () => {
    const print = await postKombi(s, kombiRequest({ valgKode: 'Fysisk Post', print: true }, { recipientCpr: FLAGGED }));
    expect(print).toMatchObject({ status: 200, advisId: 'held' });
    expect(print.advisTekst).toContain('2026-12-07T09:00:00+01:00');
    for (const valgKode of ['Digital Post', 'Automatisk Valg'] as const) {
      expect((await postKombi(s, kombiRequest({ valgKode }, { recipientCpr: FLAGGED }))).advisId, valgKode).toBe('queued');
    }
    const sms = kombiRequest({ valgKode: 'NemSMS', memo: nemsms({ recipientCpr: FLAGGED, notification: 'Husk dit møde i morgen.' }) });
    expect((await postKombi(s, sms)).advisId).toBe('queued');
    const held = (await s.h.context.queue.list({ channel: 'digitalpost', limit: 100 })).filter((i) => i.status === 'held');
    expect(held).toHaveLength(1);
    expect(held[0]!.releaseAt?.getTime()).toBe(NEXT_MONDAY_RELEASE.getTime());

    // A reschedule is checked against the print delay too: Wednesday's post lands on Saturday.
    const actor = { actor: 'sagsbehandler' };
    await expect(s.h.context.queue.reschedule(held[0]!.id, new Date('2026-12-09T09:00:00Z'), actor)).rejects.toThrow(/quiet|stille/i);
    const moved = await s.h.context.queue.reschedule(held[0]!.id, new Date('2026-12-08T09:00:00Z'), actor);
    expect(moved.releaseAt?.toISOString()).toBe('2026-12-08T09:00:00.000Z');
  });

  it.each([
    ['XML that is not well-formed', Buffer.from('<kombi_request><KombiValgKode>Digital Post</KombiValgKode><memo:Message>'), 400, 'invalid-xml'],
    [
      'an external entity (XXE)',
      Buffer.from(`<?xml version="1.0"?>\n<!DOCTYPE kombi_request [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<kombi_request><KombiValgKode>&xxe;</KombiValgKode></kombi_request>`),
      400,
      'doctype-forbidden',
    ],
    ['an unknown KombiValgKode', kombiRequest({ valgKode: 'Brevdue' }), 400, 'unknown-kombivalgkode'],
    ['another root element', Buffer.from('<memo_request><KombiValgKode>Digital Post</KombiValgKode></memo_request>'), 400, 'not-kombi-request'],
    ['a print-only request without MeMo', Buffer.from(`<kombi_request><KombiValgKode>Fysisk Post</KombiValgKode>${printPart(FLAGGED)}</kombi_request>`), 400, 'memo-required'],
    [
      'a DIGITALPOST MeMo without MessageBody',
      kombiRequest({ valgKode: 'Digital Post', memo: Buffer.from(nemsms({ recipientCpr: FLAGGED, notification: 'x' }).toString('utf8').replace('NEMSMS', 'DIGITALPOST')) }),
      400,
      'invalid-memo',
    ],
  ])('refuses %s in the service shape and queues nothing', async (_what, body, status, fejlId) => {
    const before = (await s.h.context.queue.list({ channel: 'digitalpost', limit: 1000 })).length;
    const answer = await postKombi(s, body);
    expect(answer).toMatchObject({ status, result: 'false', fejlId });
    expect(answer.xml).not.toContain('root:');
    expect((await s.h.context.queue.list({ channel: 'digitalpost', limit: 1000 })).length).toBe(before);
  });

  it('refuses a request without a UUID x-TransaktionsId, and one that is not XML', async () => {
    const body = kombiRequest({ valgKode: 'Digital Post' });
    expect(await postKombi(s, body, { transactionId: null })).toMatchObject({ status: 400, fejlId: 'invalid-transaction' });
    expect(await postKombi(s, body, { transactionId: 'tx-1' })).toMatchObject({ status: 400, fejlId: 'invalid-transaction' });
    expect(await postKombi(s, Buffer.from('{}'), { contentType: 'application/json' })).toMatchObject({ status: 415, fejlId: 'unsupported-media-type' });
  });

  it('reads an NemSMS without MessageBody: the rules read its notification text', async () => {
    const message = await parseMessage(nemsms({ recipientCpr: FLAGGED, notification: 'Husk dit møde i morgen kl. 10.' }), { format: 'memo' });
    expect(message.warnings.filter((w) => w.code === 'memo-invalid')).toEqual([]);
    expect(message.body.text).toBe('Husk dit møde i morgen kl. 10.');
  });
});

describe('SF1601 tokens that run out (sqlite)', () => {
  let s: Setup;
  beforeAll(async () => {
    // Access tokens that live one second; the SAML assertion behind them lives eight hours.
    s = await startKombi('sqlite', WEDNESDAY_1400, { accessSeconds: 1 });
  });
  afterAll(async () => s?.close());

  it('exchanges the SAML token for a new access token when the old one has expired, without asking the STS again', async () => {
    const first = kombiRequest({ valgKode: 'Digital Post' }, { recipientCpr: UNFLAGGED });
    expect((await postKombi(s, first)).advisId).toBe('queued');
    await expect.poll(() => s.sp.kombi.some((k) => k.body.equals(first))).toBe(true);
    expect({ sts: s.sp.sts.length, issued: s.sp.issued.length }).toEqual({ sts: 1, issued: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = kombiRequest({ valgKode: 'Digital Post' }, { recipientCpr: UNFLAGGED });
    expect((await postKombi(s, second)).advisId).toBe('queued');
    await expect.poll(() => s.sp.kombi.some((k) => k.body.equals(second))).toBe(true);
    expect({ sts: s.sp.sts.length, issued: s.sp.issued.length }).toEqual({ sts: 1, issued: 2 });
    expect(s.sp.tokenRequests[1]).toBe(s.sp.tokenRequests[0]);
    expect(s.sp.kombi.find((k) => k.body.equals(second))!.headers.authorization).toBe('Holder-of-key access-token-2');
  });
});

describe('SF1601 only, without the Digital Post API (sqlite)', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await startKombi('sqlite', WEDNESDAY_1400, {}, (config) => {
      delete config.digitalPost!.upstream;
    });
  });
  afterAll(async () => s?.close());

  it('needs one of the two upstreams, forwards kombi requests, and offers no MeMo POST that could never leave', async () => {
    expect(digitalPostConfigSchema.safeParse({ enabled: true }).error?.issues[0]?.message).toMatch(/sf1601/);
    expect(s.h.context.config.digitalPost?.upstream).toBeUndefined();
    const body = kombiRequest({ valgKode: 'Digital Post' }, { recipientCpr: UNFLAGGED });
    expect(await postKombi(s, body)).toMatchObject({ status: 200, advisId: 'queued' });
    await expect.poll(() => s.sp.kombi.some((k) => k.body.equals(body))).toBe(true);
    const memo = await new Promise<number>((resolve, reject) => {
      const req = https.request(`${s.h.url}/apis/v1/memos/`, { method: 'POST', ca: s.intakePki.cert, headers: { 'content-type': 'application/xml', authorization: `Bearer ${TOKEN}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(kombiRequest({ valgKode: 'Digital Post' }));
    });
    expect(memo).toBe(404);
  });
});
