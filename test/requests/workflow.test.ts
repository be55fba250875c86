/**
 * The request workflow on both stores (issue 19): deadlines over Christmas and Easter in both
 * countries, review and escalation with the audit trail, masks with grounds from the catalogue,
 * the secrecy-first block (BK-26) and a lawyer's override, the Swedish written decision, the
 * BK-29 log extract with masks, and the legal-hold map the retention module reads.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { appendMailLog } from '../../src/maillog/log.ts';
import { requestLegalHolds } from '../../src/requests/legal-hold.ts';
import { requestDeadline } from '../../src/requests/deadlines.ts';
import { suggestMasks } from '../../src/requests/identifiers.ts';
import { releaseCopy } from '../../src/requests/release.ts';
import {
  addMasks,
  addRequest,
  askWrittenDecision,
  assignRequest,
  decideRequest,
  escalateRequest,
  getRequest,
  listRequests,
  markReleased,
  overrideSecrecyFirst,
  recordDelayNotice,
  requestDocuments,
  secrecyFirstBlock,
  type Actor,
} from '../../src/requests/requests.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { contextFor, DK_LETTER, pdfTexts, SE_LETTER, storeMessage } from './support.ts';

const holder: Actor = { name: 'handlaggare', role: 'holder' };
const registrar: Actor = { name: 'registrator', role: 'registrar' };
const lawyer: Actor = { name: 'jurist', role: 'lawyer' };
const at = (iso: string) => new Date(iso);

describe('deadlines in working days (BK-18, offentlighedsloven § 36)', () => {
  // The context needs no store for deadlines; the sample configuration's calendar is enough.
  const se = contextFor({ db: undefined } as unknown as TestStore, 'se');
  const dk = contextFor({ db: undefined } as unknown as TestStore, 'dk');
  const due = (ctx: typeof se, received: string, secrecy = false) => ctx.calendar.formatLocal(requestDeadline(ctx.calendar, ctx.config, at(received), secrecy).dueAt);

  it('SE over Christmas: 2 working days skip julafton, juldagen, annandag jul and the weekend; +2 for the secrecy review', () => {
    expect(due(se, '2026-12-22T10:00:00+01:00')).toBe('2026-12-28T10:00:00+01:00');
    expect(due(se, '2026-12-22T10:00:00+01:00', true)).toBe('2026-12-30T10:00:00+01:00');
    // 30 December + 2 skips nyårsafton and nyårsdagen.
    expect(due(se, '2026-12-30T10:00:00+01:00')).toBe('2027-01-05T10:00:00+01:00');
  });

  it('SE over Easter 2027: långfredagen and annandag påsk do not count', () => {
    expect(due(se, '2027-03-24T10:00:00+01:00')).toBe('2027-03-30T10:00:00+02:00');
    expect(due(se, '2027-03-24T10:00:00+01:00', true)).toBe('2027-04-01T10:00:00+02:00');
  });

  it('DK over Christmas: 7 working days skip 24–26 and 31 December and 1 January', () => {
    expect(due(dk, '2026-12-18T10:00:00+01:00')).toBe('2027-01-04T10:00:00+01:00');
    expect(due(dk, '2026-12-22T10:00:00+01:00')).toBe('2027-01-06T10:00:00+01:00');
  });

  it('DK over Easter 2027: skærtorsdag, langfredag and 2. påskedag do not count', () => {
    expect(due(dk, '2027-03-24T10:00:00+01:00')).toBe('2027-04-07T10:00:00+02:00');
  });
});

describe.each(DIALECTS)('requests on %s', (dialect) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    await storeMessage(store, 'q-se-1', SE_LETTER);
    await storeMessage(store, 'q-dk-1', DK_LETTER);
  });
  afterEach(async () => store.dispose());

  it('an anonymous Swedish request: review, escalation with its own deadline, audit trail and list', async () => {
    const ctx = contextFor(store, 'se');
    const r = await addRequest(ctx, { receivedAt: at('2026-12-22T10:00:00+01:00'), channel: 'email', lang: 'sv', unit: 'kontaktcenter', description: 'Brevet om försörjningsstöd', items: ['q-se-1'] }, registrar, at('2026-12-22T10:05:00+01:00'));
    expect(r.id).toBe('R-2026-0001');
    expect(r.anonymous).toBe(true);
    expect(ctx.calendar.formatLocal(r.dueAt)).toBe('2026-12-28T10:00:00+01:00');

    await assignRequest(ctx, r.id, 'handlaggare@exempelkommunen.se', registrar, at('2026-12-22T10:10:00+01:00'));
    const due = await escalateRequest(ctx, r.id, 'jurist@exempelkommunen.se', 'Sekretess enligt OSL 26 kap.?', holder, at('2026-12-23T09:00:00+01:00'));
    // One working day for the lawyer: julafton and the holidays do not count.
    expect(ctx.calendar.formatLocal(due)).toBe('2026-12-28T09:00:00+01:00');

    const second = await addRequest(ctx, { receivedAt: at('2026-12-23T10:00:00+01:00'), channel: 'letter', requester: 'Journalist', lang: 'sv', description: 'Samma brev', items: ['q-se-1'] }, registrar, at('2026-12-23T10:00:00+01:00'));
    expect(second.id).toBe('R-2026-0002');
    const list = await listRequests(store.db);
    expect(list.map((l) => [l.id, l.state, l.items, l.anonymous])).toEqual([
      ['R-2026-0001', 'escalated', ['q-se-1'], true],
      ['R-2026-0002', 'open', ['q-se-1'], false],
    ]);
    const shown = await getRequest(store.db, r.id);
    expect(shown.events.map((e) => [e.kind, e.actor])).toEqual([
      ['received', 'registrator (registrar)'],
      ['assigned', 'registrator (registrar)'],
      ['escalated', 'handlaggare (holder)'],
    ]);
    // The audit trail is evidence: the database refuses to rewrite it.
    await expect(sql`UPDATE request_events SET kind = 'x'`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM request_events`.execute(store.db)).rejects.toThrow(/append-only/);
  });

  it('suggests masks for the identity number, addresses, phone, sensitive terms and the name, but not the official', async () => {
    const ctx = contextFor(store, 'se');
    const r = await addRequest(ctx, { receivedAt: at('2026-12-01T10:00:00+01:00'), channel: 'email', lang: 'sv', description: 'x', items: ['q-se-1'] }, registrar, at('2026-12-01T10:00:00+01:00'));
    const suggestions = suggestMasks(await requestDocuments(ctx, await getRequest(store.db, r.id)), ctx.isOwn);
    const texts = suggestions.map((s) => `${s.part}:${s.kind}:${s.text}`);
    expect(texts).toEqual(
      expect.arrayContaining([
        'body:identity-number:19121212-1212',
        'body:phone:070-123 45 67',
        'body:email:anna.andersson@example.se',
        'body:sensitive:depression',
        'body:name:Anna Andersson',
        'to:name:Anna Andersson',
      ]),
    );
    expect(texts.join('\n')).not.toMatch(/handlaggare@exempelkommunen\.se|Handläggare/);
  });

  it('BK-26: a secrecy-first unit blocks release while an identifier remains; masking all, or a lawyer’s override, lets it go', async () => {
    const ctx = contextFor(store, 'se');
    const r = await addRequest(ctx, { receivedAt: at('2026-12-01T10:00:00+01:00'), channel: 'email', lang: 'sv', unit: 'socialtjansten', description: 'x', items: ['q-se-1'], secrecyReview: true }, registrar, at('2026-12-01T10:00:00+01:00'));
    expect(ctx.calendar.formatLocal(r.dueAt)).toBe('2026-12-07T10:00:00+01:00');
    await expect(decideRequest(ctx, r.id, 'partial', holder, at('2026-12-02T10:00:00+01:00'))).rejects.toThrow(/secrecy-first \(BK-26\)/);
    expect(await secrecyFirstBlock(ctx, await getRequest(store.db, r.id))).toEqual(expect.arrayContaining(['Anna Andersson', '19121212-1212', 'anna.andersson@example.se']));

    // A mask with a ground that is not in the catalogue is refused.
    await expect(addMasks(ctx, r.id, [{ document: 'q-se-1', part: 'body', start: 0, end: 3, ground: 'made-up' }], holder, at('2026-12-02T10:00:00+01:00'))).rejects.toThrow(/Unknown ground made-up/);
    // Mask all but the name in the greeting: still blocked.
    const docs = await requestDocuments(ctx, await getRequest(store.db, r.id));
    const suggestions = suggestMasks(docs, ctx.isOwn);
    const greeting = suggestions.find((s) => s.part === 'body' && s.text === 'Anna Andersson' && s.start < 10)!;
    await addMasks(ctx, r.id, suggestions.filter((s) => s !== greeting).map((s) => ({ ...s, ground: 'se-osl-26-1' })), holder, at('2026-12-02T10:00:00+01:00'));
    expect(await secrecyFirstBlock(ctx, await getRequest(store.db, r.id))).toEqual(['Anna Andersson']);
    await expect(overrideSecrecyFirst(ctx, r.id, 'Namnet är redan känt', holder, at('2026-12-02T11:00:00+01:00'))).rejects.toThrow(/Only a lawyer/);
    await addMasks(ctx, r.id, [{ ...greeting, ground: 'se-osl-26-1' }], holder, at('2026-12-02T11:00:00+01:00'));
    expect(await secrecyFirstBlock(ctx, await getRequest(store.db, r.id))).toEqual([]);
    const decided = await decideRequest(ctx, r.id, 'partial', holder, at('2026-12-02T12:00:00+01:00'));
    expect(decided.state).toBe('decided');

    // Another request, same letter: the lawyer overrides with a recorded reason instead.
    const r2 = await addRequest(ctx, { receivedAt: at('2026-12-01T10:00:00+01:00'), channel: 'email', lang: 'sv', unit: 'socialtjansten', description: 'y', items: ['q-se-1'] }, registrar, at('2026-12-01T10:00:00+01:00'));
    await overrideSecrecyFirst(ctx, r2.id, 'Den enskilde har själv begärt sina handlingar', lawyer, at('2026-12-02T13:00:00+01:00'));
    const released = await decideRequest(ctx, r2.id, 'release', lawyer, at('2026-12-02T13:05:00+01:00'));
    expect(released.overrideReason).toBe('Den enskilde har själv begärt sina handlingar');
    expect(released.events.map((e) => e.kind)).toEqual(['received', 'secrecy-first-override', 'decided']);
  });

  it('SE: the written decision is asked for and tracked; the legal hold runs through its appeal period', async () => {
    const ctx = contextFor(store, 'se');
    const r = await addRequest(ctx, { receivedAt: at('2026-12-01T10:00:00+01:00'), channel: 'email', lang: 'sv', description: 'x', items: ['q-se-1'] }, registrar, at('2026-12-01T10:00:00+01:00'));
    expect(Object.fromEntries(await requestLegalHolds(store.db, at('2026-12-01T11:00:00+01:00')))).toEqual({ 'q-se-1': 'request R-2026-0001 open' });
    const decided = await decideRequest(ctx, r.id, 'refusal', holder, at('2026-12-03T10:00:00+01:00'));
    // Three weeks (SE sample).
    expect(decided.appealUntil!.toISOString()).toBe('2026-12-24T09:00:00.000Z');
    await expect(markReleased(ctx, decided, holder, at('2026-12-03T10:00:00+01:00'), {})).rejects.toThrow(/refusal/);
    expect(Object.fromEntries(await requestLegalHolds(store.db, at('2026-12-20T10:00:00+01:00')))).toEqual({ 'q-se-1': 'decision R-2026-0001 appeal period until 2026-12-24' });
    await askWrittenDecision(ctx, r.id, { name: 'registrator', role: 'registrar' }, at('2026-12-10T10:00:00+01:00'));
    const shown = await getRequest(store.db, r.id);
    expect(shown.writtenDecisionAskedAt!.toISOString()).toBe('2026-12-10T09:00:00.000Z');
    // The appeal runs from the written decision: the hold is extended.
    expect(Object.fromEntries(await requestLegalHolds(store.db, at('2026-12-28T10:00:00+01:00')))).toEqual({ 'q-se-1': 'decision R-2026-0001 appeal period until 2026-12-31' });
    expect(await requestLegalHolds(store.db, at('2027-01-01T10:00:00+01:00'))).toEqual(new Map());
  });

  it('DK: the reasoned delay notice moves the deadline; the written decision is Swedish only', async () => {
    const ctx = contextFor(store, 'dk');
    const r = await addRequest(ctx, { receivedAt: at('2026-12-18T10:00:00+01:00'), channel: 'email', requester: 'Jens Hansen', lang: 'da', unit: 'jobcenter', description: 'Min sag', items: ['q-dk-1'] }, registrar, at('2026-12-18T10:00:00+01:00'));
    expect(ctx.calendar.formatLocal(r.dueAt)).toBe('2027-01-04T10:00:00+01:00');
    await recordDelayNotice(ctx, r.id, at('2027-01-15T12:00:00+01:00'), 'Sagen er omfattende', registrar, at('2027-01-04T09:00:00+01:00'));
    const shown = await getRequest(store.db, r.id);
    expect(ctx.calendar.formatLocal(shown.dueAt)).toBe('2027-01-15T12:00:00+01:00');
    expect(shown.events.at(-1)).toMatchObject({ kind: 'delay-notice', data: { reason: 'Sagen er omfattende' } });
    await expect(askWrittenDecision(ctx, r.id, registrar, at('2027-01-05T09:00:00+01:00'))).rejects.toThrow(/Swedish right/);
    // Four weeks (DK sample) once decided.
    await overrideSecrecyFirst(ctx, r.id, 'Parten selv', lawyer, at('2027-01-05T09:00:00+01:00'));
    const decided = await decideRequest(ctx, r.id, 'release', holder, at('2027-01-05T10:00:00+01:00'));
    expect(decided.appealUntil!.toISOString()).toBe('2027-02-02T09:00:00.000Z');
  });

  it('BK-25: text in an e-mail attachment is masked like the body; an image is listed as unreadable', async () => {
    const ctx = contextFor(store, 'se');
    const boundary = 'b1';
    await storeMessage(
      store,
      'q-se-att',
      [
        'From: Handläggare <handlaggare@exempelkommunen.se>',
        'To: Karin Svensson <karin.svensson@example.se>',
        'Subject: Underlag',
        'Date: Mon, 30 Nov 2026 10:00:00 +0100',
        'MIME-Version: 1.0',
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Hej, se bilagan.',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8; name="anteckning.txt"',
        'Content-Disposition: attachment; filename="anteckning.txt"',
        '',
        'Samtal med Karin om hennes skulder hos Kronofogden.',
        `--${boundary}`,
        'Content-Type: image/png; name="bild.png"',
        'Content-Disposition: attachment; filename="bild.png"',
        'Content-Transfer-Encoding: base64',
        '',
        'iVBORw0KGgo=',
        `--${boundary}--`,
        '',
      ].join('\n'),
    );
    const r = await addRequest(ctx, { receivedAt: at('2026-12-01T10:00:00+01:00'), channel: 'email', lang: 'sv', description: 'Underlaget', items: ['q-se-att'] }, registrar, at('2026-12-01T10:00:00+01:00'));
    const [doc] = await requestDocuments(ctx, await getRequest(store.db, r.id));
    const attachment = doc!.parts.find((p) => p.label === 'anteckning.txt')!;
    expect(attachment.text).toContain('skulder hos Kronofogden');
    expect(doc!.unreadable).toEqual(['bild.png']);
    const start = attachment.text.indexOf('hennes skulder hos Kronofogden');
    await addMasks(ctx, r.id, [{ document: 'q-se-att', part: attachment.part, start, end: start + 'hennes skulder hos Kronofogden'.length, ground: 'se-osl-26-1' }], holder, at('2026-12-01T11:00:00+01:00'));
    await decideRequest(ctx, r.id, 'partial', registrar, at('2026-12-01T12:00:00+01:00'));
    const copy = await releaseCopy(ctx, r.id, ctx.describeGround, 'sv', registrar, at('2026-12-01T12:05:00+01:00'));
    const file = join(mkdtempSync(join(tmpdir(), 'postvakt-att-')), 'att.pdf');
    writeFileSync(file, copy.pdf);
    const { pdfjs, pdftotext } = await pdfTexts(file);
    for (const text of [pdfjs, pdftotext]) {
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('Samtal med Karin om');
      expect(flat).not.toMatch(/skulder|Kronofogden/);
    }
  });

  it('BK-29: a log request extracts the mailbox’s log rows for the period, masked like the rest', async () => {
    const ctx = contextFor(store, 'se');
    const row = (when: string, subject: string, sender: string, to: string) => ({ at: at(when), event: 'delivered' as const, direction: 'out' as const, channel: 'email' as const, sender, recipients: [to], subject, size: 100, verdict: 'pass' });
    await appendMailLog(store.db, [
      row('2026-11-01T10:00:00+01:00', 'Före perioden', 'bygg@exempelkommunen.se', 'a@example.se'),
      row('2026-11-10T10:00:00+01:00', 'Bygglov för Storgatan 1', 'bygg@exempelkommunen.se', 'karin.svensson@example.se'),
      row('2026-11-12T10:00:00+01:00', 'Annan brevlåda', 'skola@exempelkommunen.se', 'b@example.se'),
      row('2026-11-20T10:00:00+01:00', 'Re: Bygglov', 'karin.svensson@example.se', 'bygg@exempelkommunen.se'),
    ]);
    const r = await addRequest(ctx, { receivedAt: at('2026-12-01T10:00:00+01:00'), channel: 'email', lang: 'sv', description: 'Loggen för bygg@ i november', log: { mailbox: 'bygg@exempelkommunen.se', from: at('2026-11-05T00:00:00+01:00'), to: at('2026-12-01T00:00:00+01:00') } }, registrar, at('2026-12-01T10:00:00+01:00'));
    const [log] = await requestDocuments(ctx, await getRequest(store.db, r.id));
    expect(log!.parts.map((p) => p.text)).toEqual([
      'delivered out bygg@exempelkommunen.se -> karin.svensson@example.se: Bygglov för Storgatan 1',
      'delivered out karin.svensson@example.se -> bygg@exempelkommunen.se: Re: Bygglov',
    ]);
    const suggestions = suggestMasks([log!], ctx.isOwn);
    expect(suggestions.map((s) => s.text)).toEqual(['karin.svensson@example.se', 'karin.svensson@example.se']);
    await addMasks(ctx, r.id, suggestions.map((s) => ({ ...s, ground: 'se-osl-21-3' })), holder, at('2026-12-01T11:00:00+01:00'));
    expect((await getRequest(store.db, r.id)).masks.map((m) => [m.document, m.part.replace(/\d+$/, 'N'), m.ground])).toEqual([
      ['log', 'log:N', 'se-osl-21-3'],
      ['log', 'log:N', 'se-osl-21-3'],
    ]);
    // The extract as released: the mailbox's rows without the correspondent's address.
    await decideRequest(ctx, r.id, 'partial', registrar, at('2026-12-01T12:00:00+01:00'));
    const copy = await releaseCopy(ctx, r.id, ctx.describeGround, 'sv', registrar, at('2026-12-01T12:05:00+01:00'));
    const file = join(mkdtempSync(join(tmpdir(), 'postvakt-log-')), 'log.pdf');
    writeFileSync(file, copy.pdf);
    const { pdfjs, pdftotext } = await pdfTexts(file);
    for (const text of [pdfjs, pdftotext]) {
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).not.toContain('karin');
      expect(flat).toContain('E-postlogg för bygg@exempelkommunen.se, 2026-11-05 – 2026-12-01');
      expect(flat).toContain('Bygglov för Storgatan 1');
      expect(flat).not.toContain('Före perioden');
      expect(flat).toContain('OSL 21 kap. 3 §');
    }
  });
});
