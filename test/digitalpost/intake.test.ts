/**
 * Contract tests of the Digital Post channel against a local stand-in for Digital Post: a case
 * system posts MeMo letters to Postvakt, Postvakt decides and forwards (or holds), and the
 * stand-in records exactly what arrived.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DIALECTS } from '../support/stores.ts';
import { memoLetter } from './letters.ts';
import { startHarness, type Harness } from './harness.ts';
import type { Receipt } from '../../src/digitalpost/letters.ts';
import type { Problem } from '../../src/digitalpost/problem.ts';
import { readMailLog } from '../../src/maillog/log.ts';
import { registry } from '../../src/metrics/metrics.ts';
import { sample } from '../support/prometheus.ts';

interface Schema {
  required: string[];
  properties: Record<string, Schema & { items?: Schema }>;
}

const receiptOf = async (res: Response) => (await res.json()) as Receipt;
const problemOf = async (res: Response) => (await res.json()) as Problem;

// Friday 27 November 2026, 14:00 in Copenhagen: after the 12:00 cut-off before the weekend.
const FRIDAY_1400 = '2026-11-27T14:00:00+01:00';
// Monday: opening 08:00 plus the sample's 60-minute offset.
const MONDAY_RELEASE = '2026-11-30T08:00:00.000Z';
const FLAGGED = '1102851234';
const UNFLAGGED = '2203924321';

describe.each(DIALECTS)('Digital Post intake on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ dialect, now: FRIDAY_1400 });
    await h.flag(FLAGGED);
  });
  afterAll(async () => h?.close());

  it("holds a flagged citizen's letter on Friday 14:00 and forwards it byte-identical after run-due", async () => {
    const uuid = randomUUID();
    const letter = memoLetter({ uuid, recipientCpr: FLAGGED, pdfSize: 20_000 });
    const res = await h.post(letter, { uuid });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/apis/v1/memos/${uuid}/receipt`);
    const receipt = await receiptOf(res);
    expect(receipt).toMatchObject({ memoMessageUuid: uuid, status: 'held', verdict: 'hold', holdUntil: MONDAY_RELEASE });
    expect(receipt.summary).toMatch(/^Holdes tilbage i Postvakt til 2026-11-30T09:00:00\+01:00/);

    // The running scheduler must not let it out before Monday.
    await h.context.scheduler.runDue(new Date('2026-11-30T07:59:00Z'));
    expect(h.standIn.received.filter((r) => r.uuid === uuid)).toHaveLength(0);

    const pass = await h.context.scheduler.runDue(new Date('2026-11-30T08:00:00Z'));
    expect(pass.delivered).toBeGreaterThanOrEqual(1);
    const forwarded = h.standIn.received.find((r) => r.uuid === uuid)!;
    expect(forwarded.body.equals(letter)).toBe(true);
    expect(forwarded.authorization).toBe('Bearer upstream-token');
    // Nothing on the forward tells Digital Post or the citizen that the letter was held (FX-4).
    expect(forwarded.headerNames.filter((name) => name.startsWith('x-'))).toEqual([]);
    expect(forwarded.body.toString('utf8')).not.toMatch(/postvakt|verdict|doNotDeliverUntil/i);
    const after = await receiptOf(await h.receipt(uuid));
    expect(after).toMatchObject({ status: 'forwarded', verdict: 'hold', attempts: 1 });
    expect(after.upstreamResponse).toMatch(/^HTTP 201/);

    // The mail log has the letter as held, then forwarded; its recipient only under the keyed
    // pseudonym, so no row pairs the citizen (not even the masked CPR) with the hold.
    const rows = (await readMailLog(h.context.store.db)).filter((r) => r.messageId === uuid);
    expect(rows.map((r) => [r.event, r.direction, r.channel])).toEqual([
      ['held', 'out', 'digitalpost'],
      ['delivered', 'out', 'digitalpost'],
    ]);
    const pseudonym = h.context.register.pseudonym(FLAGGED);
    expect(pseudonym).toMatch(/^pseudonym:[0-9a-f]{24}$/);
    expect(rows[0]).toMatchObject({ sender: 'sagssystem', recipients: [pseudonym], subject: 'Afgørelse om boligstøtte fra 1. januar', verdict: 'hold' });
    expect(rows[1]!.recipients).toEqual([pseudonym]);
    expect(JSON.stringify(rows)).not.toContain('110285');
    expect(rows[0]!.releaseAt?.toISOString()).toBe(MONDAY_RELEASE);
    expect(rows[1]!.result).toMatch(/^HTTP 201/);
    expect(JSON.stringify(rows)).not.toContain(FLAGGED);
  });

  it('forwards at once, with a warning, a letter whose replyByDateTime is two working days away', async () => {
    const uuid = randomUUID();
    const letter = memoLetter({ uuid, recipientCpr: FLAGGED, replyByDateTime: '2026-12-01T14:00:00Z' });
    const res = await h.post(letter, { uuid, lang: 'en' });
    expect(res.status).toBe(202);
    const receipt = await receiptOf(res);
    expect(receipt.verdict).toBe('deliver-with-warning');
    expect(receipt.holdUntil).toBeUndefined();
    expect(receipt.reasons.length).toBeGreaterThan(0);
    const forwarded = await h.standIn.letter(uuid);
    expect(forwarded.body.equals(letter)).toBe(true);
    await expect.poll(async () => (await receiptOf(await h.receipt(uuid))).status).toBe('forwarded');
    // The answer to the post said why; what is stored says only "not held", as for anyone unflagged.
    const later = await receiptOf(await h.receipt(uuid));
    expect(later).toMatchObject({ verdict: 'deliver', reasons: [] });
    const stored = await h.context.queue.list({ channel: 'digitalpost', limit: 500 });
    expect(JSON.stringify(stored)).not.toMatch(/flagged|deliver-with-warning/);
  });

  it.each([
    ['an Action whose endDateTime is two working days away', { actionEnd: '2026-12-01T14:00:00Z' }],
    ['a legal notification', { legalNotification: true }],
  ])('does not hold a flagged citizen’s letter with %s', async (_what, deadline) => {
    const uuid = randomUUID();
    const res = await h.post(memoLetter({ uuid, recipientCpr: FLAGGED, ...deadline }));
    expect(res.status).toBe(202);
    const receipt = await receiptOf(res);
    expect(receipt.verdict).toBe('deliver-with-warning');
    expect(receipt.reasons.length).toBeGreaterThan(0);
    await h.standIn.letter(uuid);
  });

  it("forwards an unflagged citizen's letter at once", async () => {
    const uuid = randomUUID();
    const letter = memoLetter({ uuid, recipientCpr: UNFLAGGED, version: '1.2' });
    const res = await h.post(letter);
    expect(res.status).toBe(202);
    expect(await receiptOf(res)).toMatchObject({ verdict: 'deliver', reasons: expect.any(Array) });
    expect((await h.standIn.letter(uuid)).body.equals(letter)).toBe(true);
  });

  it('runs the plain-language check on the text of a PDF main document (FX-10)', async () => {
    const text = [
      'Kære borger',
      'Vi skal hermed meddele dig, at kommunen i henhold til reglerne og under henvisning til din ansøgning af 1. oktober, som vi har modtaget og behandlet sammen med de oplysninger, du og din arbejdsgiver har sendt til os i løbet af efteråret, har truffet afgørelse om din boligstøtte.',
      'Ring til os på 70 00 00 00 mandag til fredag kl. 8-13.',
    ].join('\n');
    const res = await h.post(memoLetter({ recipientCpr: UNFLAGGED, text, pdfSize: 10_000 }), { lang: 'en' });
    expect(res.status).toBe(202);
    const plain = (await receiptOf(res)).findings.filter((f) => f.ruleId === 'plain-language');
    expect(plain.map((f) => f.clause)).toContain('FX-10');
    expect(plain.map((f) => f.message).join(' ')).toMatch(/words|officialese/);
  });

  it('accepts several letters as multipart/form-data, all or nothing', async () => {
    const letters = [UNFLAGGED, FLAGGED, UNFLAGGED].map((cpr) => ({ uuid: randomUUID(), cpr }));
    const bodies = letters.map((l) => memoLetter({ uuid: l.uuid, recipientCpr: l.cpr }));
    const res = await h.postMany(bodies);
    expect(res.status).toBe(202);
    const { receipts } = (await res.json()) as { receipts: Receipt[] };
    expect(receipts.map((r) => [r.memoMessageUuid, r.verdict])).toEqual([
      [letters[0]!.uuid, 'deliver'],
      [letters[1]!.uuid, 'hold'],
      [letters[2]!.uuid, 'deliver'],
    ]);
    await Promise.all([h.standIn.letter(letters[0]!.uuid), h.standIn.letter(letters[2]!.uuid)]);

    // One bad letter in the batch: nothing of it is accepted.
    const good = memoLetter({ uuid: randomUUID(), recipientCpr: UNFLAGGED });
    const bad = memoLetter({ uuid: 'not-a-uuid', recipientCpr: UNFLAGGED });
    const refused = await h.postMany([good, bad]);
    expect(refused.status).toBe(400);
    const problem = await problemOf(refused);
    expect(problem.errors).toEqual([expect.objectContaining({ file: 1, path: 'MessageHeader/messageUUID' })]);
  });

  it('answers a resent letter with its receipt and refuses another letter under the same uuid', async () => {
    const uuid = randomUUID();
    const letter = memoLetter({ uuid, recipientCpr: FLAGGED });
    expect((await h.post(letter)).status).toBe(202);
    const again = await h.post(letter);
    expect(again.status).toBe(200);
    expect((await receiptOf(again)).memoMessageUuid).toBe(uuid);
    const other = await h.post(memoLetter({ uuid, recipientCpr: FLAGGED, label: 'Et andet brev' }));
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('Digital Post intake refusals', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      dialect: 'sqlite',
      now: FRIDAY_1400,
      maxBodyBytes: 64 * 1024,
      // A generic title is an error that refuses the letter here, as a CPR in the label would.
      configure: (config) => {
        config.rules.levels['descriptive-title'] = { level: 'error', options: {} };
        config.digitalPost!.blockingRules = ['descriptive-title'];
      },
    });
  });
  afterAll(async () => h?.close());

  it('refuses a malformed MeMo with 400, naming the element and what was expected', async () => {
    const uuid = randomUUID();
    const res = await h.post(memoLetter({ uuid, recipientCpr: '12345', label: 'x'.repeat(300) }), { lang: 'en' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await problemOf(res);
    expect(problem).toMatchObject({ status: 400, title: 'Invalid MeMo letter' });
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'MessageHeader/label', expected: 'at most 256 characters', found: '300 characters' }),
        expect.objectContaining({ path: 'MessageHeader/Recipient/recipientID', expected: 'a CPR number of 10 digits' }),
      ]),
    );
    // The CPR itself is never echoed back.
    expect(JSON.stringify(problem)).not.toContain('12345<');
    expect(h.standIn.received.some((r) => r.uuid === uuid)).toBe(false);
  });

  it('refuses a DOCTYPE (no entity expansion), XML that is not well-formed, and a body over the limit', async () => {
    const bomb = Buffer.from('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><m>&b;</m>');
    const doctype = await h.post(bomb, { lang: 'da' });
    expect(doctype.status).toBe(400);
    expect((await problemOf(doctype)).detail).toMatch(/DOCTYPE/);
    const broken = await h.post(Buffer.from('<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1"><unclosed></memo:Message>'));
    expect(broken.status).toBe(400);
    const big = await h.post(memoLetter({ pdfSize: 100_000 }));
    expect(big.status).toBe(413);
  });

  it('refuses a letter with an error-level finding of a blocking rule with 422, naming finding and clause', async () => {
    const uuid = randomUUID();
    const refusals = async () => sample(await registry.metrics(), 'postvakt_messages_refused_total', { channel: 'digitalpost', rule: 'descriptive-title' }) ?? 0;
    const before = await refusals();
    const res = await h.post(memoLetter({ uuid, recipientCpr: UNFLAGGED, label: 'Brev fra kommunen' }), { lang: 'en' });
    expect(res.status).toBe(422);
    expect(await refusals()).toBe(before + 1);
    const problem = await problemOf(res);
    expect(problem.title).toBe('Letter refused by a check');
    expect(problem.detail).toMatch(/"Brev fra kommunen".*\(FX-11, rule descriptive-title\)/);
    expect((await h.receipt(uuid)).status).toBe(404);
  });

  it('refuses requests without a valid token before reading them', async () => {
    const letter = memoLetter({ recipientCpr: UNFLAGGED });
    const none = await h.post(letter, { token: null, lang: 'sv' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await problemOf(none)).title).toBe('Autentisering krävs');
    expect((await h.post(letter, { token: 'wrong-token' })).status).toBe(401);
    expect((await fetch(`${h.url}/apis/v1/memos/${randomUUID()}/receipt`)).status).toBe(401);
  });

  it('refuses other media types, and answers 404 for an unknown receipt', async () => {
    const json = await h.post(Buffer.from('{"memo":1}'), { contentType: 'application/json' });
    expect(json.status).toBe(415);
    expect((await h.receipt(randomUUID())).status).toBe(404);
    expect((await h.receipt('nope')).status).toBe(400);
  });

  it('serves its OpenAPI document, and receipts and problems have the shapes it declares', async () => {
    const res = await fetch(`${h.url}/apis/v1/openapi.yaml`);
    expect(res.status).toBe(200);
    const doc = parse(await res.text()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, Schema> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/apis/v1/memos/', '/apis/v1/memos/{uuid}/receipt']));
    const conforms = (value: object, schema: Schema) => {
      expect(Object.keys(value)).toEqual(expect.arrayContaining(schema.required));
      for (const key of Object.keys(value)) expect(Object.keys(schema.properties)).toContain(key);
    };
    const accepted = await h.post(memoLetter({ recipientCpr: UNFLAGGED }));
    conforms(await receiptOf(accepted), doc.components.schemas.Receipt!);
    const refused = await h.post(memoLetter({ uuid: 'x', recipientCpr: UNFLAGGED }));
    const problem = await problemOf(refused);
    conforms(problem, doc.components.schemas.Problem!);
    for (const error of problem.errors!) conforms(error, doc.components.schemas.Problem!.properties.errors!.items!);
  });
});
