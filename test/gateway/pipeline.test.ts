/**
 * The pipeline between end of DATA and the reply, in-process (the same analyser the check
 * workers run): the "hold an angry message until the next morning" action (FX-5, BK-9 "sleep on
 * it"), and a reply-by date in the text read once by the analysis and honoured by the decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/calendar/calendar.ts';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { createDecider } from '../../src/decision/decider.ts';
import { buildAnalyse } from '../../src/gateway/checkers.ts';
import { createPipeline, type Transaction } from '../../src/gateway/pipeline.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { CASE_WORKER, movableClock, testRegister } from '../register/support.ts';
import { parseMessage } from '../../src/message/parse.ts';
import type { NewItem } from '../../src/queue/queue.ts';
import type { DecisionDetails } from '../../src/queue/stored-decision.ts';
import { translate } from '../../src/i18n/catalog.ts';
import { messages as decisionMessages } from '../../src/decision/messages.ts';

// Tuesday 1 December 2026, 15:00 in Copenhagen: an ordinary working afternoon.
const TUESDAY_1500 = '2026-12-01T14:00:00Z';
const tx: Transaction = {
  from: 'sagsbehandler@eksempel-kommune.dk',
  recipients: [{ address: 'borger@example.dk' }],
  session: { id: 'session-1', remoteAddress: '127.0.0.1', clientHostname: 'localhost', helo: 'mta', secure: true, authenticated: true },
  utf8: true,
};

function mail(subject: string, body: string): Buffer {
  return Buffer.from(
    `From: sagsbehandler@eksempel-kommune.dk\r\nTo: borger@example.dk\r\nSubject: ${subject}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}\r\n`,
  );
}

const ANGRY = 'HVOR MANGE GANGE SKAL JEG SKRIVE DET??? Det er fuldstændig idiotisk og totalt uacceptabelt!!! Jeg gider ikke mere af det her pjat.';
const CALM = 'Hej Anna\r\n\r\nTak for din ansøgning. Vi har modtaget den og vender tilbage i næste uge.\r\n\r\nVenlig hilsen\r\nen sagsbehandler';

describe('gateway pipeline', () => {
  let store: Store;
  let config: Config;
  const clock = movableClock(TUESDAY_1500);
  const overdue: Array<[string, string]> = [];
  /** A stored decision's sealed reasons and questions, opened as the held-letter page opens them. */
  const details = (item: NewItem) => register.openDetails(item.id!, item.decision.details as string) as DecisionDetails;

  let register: ReturnType<typeof testRegister>;

  function pipeline(holdAngry: boolean) {
    const gateway = { ...config.gateway, actions: { ...config.gateway.actions, holdAngry } };
    const calendar = createCalendar(config.calendar);
    return createPipeline({
      config: gateway,
      defaultLang: 'da',
      timeZone: config.calendar.timeZone,
      clock,
      analyse: buildAnalyse({ ...config, gateway }),
      decider: createDecider({ calendar, register, config: config.decision }),
      isOwn: (address) => address.endsWith('@eksempel-kommune.dk'),
      keeper: register,
      onReviewOverdue: (flagId, lang) => void overdue.push([flagId, lang]),
    });
  }

  beforeAll(async () => {
    config = loadConfig(samplePath('dk')).config;
    store = await openStore('sqlite::memory:');
    register = testRegister(store, { clock, country: 'DK' });
  });
  afterAll(async () => store.close());

  it('holds an angry message until the next morning when the action is on, and names the reason', async () => {
    const result = await pipeline(true)(tx, mail('Din sag', ANGRY));
    expect(result.kind).toBe('accept');
    if (result.kind !== 'accept') return;
    expect(result.verdicts).toEqual(['hold']);
    const [item] = result.items;
    // Wednesday 08:00 local is the next opening: the message waits for the morning.
    expect(item!.releaseAt?.toISOString()).toBe('2026-12-02T07:00:00.000Z');
    expect(details(item!).reasons.map((r) => r.code)).toContain('angry-tone');
    // One message, one direction (issue 17): the letter goes out; the notice to its sender is a
    // message of its own, internal, under its own subject.
    expect(item!.decision.direction).toBe('out');
    const notice = result.items.find((i) => i.decision.notice === 'held')!;
    expect(notice.decision.direction).toBe('internal');
    expect(notice.subject).not.toBe('Din sag');
    expect(notice.subject).toContain('Din sag');
    expect(notice.raw.toString('utf8')).toContain(`Subject: ${notice.subject}`);
  });

  it('does not hold an urgent angry mail to a flagged citizen on a Friday afternoon, and says why (FX-3 over FX-5)', async () => {
    await register.add({ identifier: 'flagget@example.dk', reason: 'Individuel vurdering', reviewOn: '2027-06-30' }, CASE_WORKER);
    clock.set('2026-11-27T14:00:00Z'); // Friday 15:00 in Copenhagen, after the cut-off
    try {
      const urgent = Buffer.from(mail('Din sag', ANGRY).toString('utf8').replace('To: borger@example.dk', 'To: flagget@example.dk\r\nX-Postvakt-Urgent: yes'));
      const result = await pipeline(true)({ ...tx, recipients: [{ address: 'flagget@example.dk' }] }, urgent);
      expect(result.kind).toBe('accept');
      if (result.kind !== 'accept') return;
      expect(result.verdicts).toEqual(['deliver-with-warning']);
      const [item] = result.items;
      expect(item!.status).toBe('queued');
      expect(item!.releaseAt).toBeUndefined();
      // Why it was not held is kept for the sender, sealed under the register's key.
      const { reasons } = details(item!);
      expect(JSON.stringify(item!.decision)).not.toMatch(/urgent|angry|deliver-with-warning/);
      expect(reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['urgent', 'angry-not-held']));
      expect(reasons.map((r) => r.code)).not.toContain('angry-tone');
      expect(reasons.find((r) => r.code === 'angry-not-held')!.text).toMatch(/vred.*holdes ikke tilbage/);
      // The sender is told, in the same transaction, that it went now and why (issue 14 item 3).
      expect(result.items).toHaveLength(2);
      const notice = result.items[1]!;
      expect(notice.envelope).toEqual({ from: '', to: [tx.from] });
      expect(notice.decision).toEqual({ notice: 'not-held', for: item!.id, direction: 'internal' });
      const text = (await parseMessage(notice.raw, { format: 'eml' })).body.text;
      expect(text).toContain('Postvakt har leveret din besked "Din sag" til flagget@example.dk nu.');
      expect(text).toContain('Holdes ikke tilbage: Afsenderen har markeret meddelelsen som hastende');
      expect(text).toContain('Tonen virker vred, men meddelelsen holdes ikke tilbage');
      expect(text).toContain(translate(decisionMessages, 'da', 'hintTellNoHold'));
      expect(text).not.toMatch(/Individuel vurdering|2027/);
      // Its log rows sit beside the notice's: they name the citizen by pseudonym.
      expect(item!.decision.logRecipients).toEqual([expect.stringMatching(/^pseudonym:/)]);
    } finally {
      clock.set(TUESDAY_1500);
    }
  });

  it('tells the sender, without a word of the register, when urgent angry mail to an unflagged recipient is not held', async () => {
    clock.set('2026-11-27T14:00:00Z');
    try {
      const urgent = Buffer.from(mail('Din sag', ANGRY).toString('utf8').replace('To: borger@example.dk', 'To: borger@example.dk\r\nX-Postvakt-Urgent: yes'));
      const result = await pipeline(true)(tx, urgent);
      if (result.kind !== 'accept') throw new Error(result.text);
      expect(result.verdicts).toEqual(['deliver-with-warning']);
      expect(result.items).toHaveLength(2);
      const notice = result.items[1]!;
      expect(notice.decision).toEqual({ notice: 'not-held', for: result.items[0]!.id, direction: 'internal' });
      const text = (await parseMessage(notice.raw, { format: 'eml' })).body.text;
      expect(text).toContain('Tonen ville have holdt den tilbage til næste morgen');
      expect(text).toContain('Tonen virker vred, men meddelelsen holdes ikke tilbage');
      expect(text).not.toMatch(/hensynsregist/);
    } finally {
      clock.set(TUESDAY_1500);
    }
  });

  it('sends no notice for urgent calm mail to an unflagged recipient on a Friday afternoon', async () => {
    clock.set('2026-11-27T14:00:00Z');
    try {
      const urgent = Buffer.from(mail('Din sag', CALM).toString('utf8').replace('To: borger@example.dk', 'To: borger@example.dk\r\nX-Postvakt-Urgent: yes'));
      const result = await pipeline(true)(tx, urgent);
      if (result.kind !== 'accept') throw new Error(result.text);
      expect(result.items).toHaveLength(1);
      expect(result.items[0]!.decision.logRecipients).toBeUndefined();
    } finally {
      clock.set(TUESDAY_1500);
    }
  });

  it('lets the same angry message through when the action is off, and a calm one either way', async () => {
    const off = await pipeline(false)(tx, mail('Din sag', ANGRY));
    expect(off.kind === 'accept' && off.verdicts).toEqual(['deliver']);
    const calm = await pipeline(true)(tx, mail('Din ansøgning er modtaget', CALM));
    expect(calm.kind === 'accept' && calm.verdicts).toEqual(['deliver']);
  });

  it('passes the reply-by date the analysis read in the text on to the decision', async () => {
    const result = await pipeline(false)(tx, mail('Svar senest 2026-12-10 om mødet', `${CALM}\r\n\r\nSvar venligst senest den 10. december 2026.`));
    expect(result.kind).toBe('accept');
    if (result.kind !== 'accept') return;
    expect(result.items[0]!.decision.deadline).toMatch(/^2026-12-10T/);
  });

  it('holds for a flag past its review date, tells the sender so, notes the language, and stores no flag detail', async () => {
    clock.set('2026-12-04T13:00:00Z'); // Friday 14:00: after the cut-off before the weekend
    try {
      const flag = await register.add({ identifier: 'forfalden@example.dk', reason: 'Svær angst', reviewOn: '2026-11-30' }, CASE_WORKER);
      const result = await pipeline(false)({ ...tx, recipients: [{ address: 'forfalden@example.dk' }] }, mail('Din sag', CALM));
      if (result.kind !== 'accept') throw new Error(result.text);
      const [letter, notice] = result.items;
      expect(letter!.status).toBe('held');
      expect(overdue).toEqual([[flag.id, 'da']]);
      const text = (await parseMessage(notice!.raw, { format: 'eml' })).body.text;
      expect(text).toContain('Modtagerens hensynsmarkering er ikke revurderet til tiden');
      // Neither the notice nor the stored decision carries the FX-7 hint (unit and review date).
      const hint = translate(decisionMessages, 'da', 'hintWho', { unit: 'Jobcenter', review: '' }).slice(0, 40);
      expect(text).not.toContain(hint);
      const stored = JSON.stringify(letter!.decision);
      expect(stored).not.toMatch(/flagged|Jobcenter|angst|quiet|stille/i);
      expect(stored).not.toContain(hint);
      // Sealed and padded: an unflagged recipient's decision details are as long as this one's.
      const plain = await pipeline(false)({ ...tx, recipients: [{ address: 'ikke.markeret@example.dk' }] }, mail('Din sag', CALM));
      if (plain.kind !== 'accept') throw new Error(plain.text);
      expect(String(plain.items[0]!.decision.details).length).toBe(String(letter!.decision.details).length);
      expect(details(letter!).questions.map((q) => q.clause)).toEqual(['FX-6', 'FX-7', 'FX-8', 'FX-9']);
      expect(JSON.stringify(details(letter!))).not.toContain(hint);
      expect(letter!.decision.logRecipients).toEqual([expect.stringMatching(/^pseudonym:/)]);
    } finally {
      clock.set(TUESDAY_1500);
    }
  });

  it('refuses a bare LF anywhere, first byte or last, and takes CRLF throughout', async () => {
    const good = mail('Din ansøgning er modtaget', CALM);
    expect((await pipeline(false)(tx, good)).kind).toBe('accept');
    const text = good.toString('latin1');
    for (const bad of [`\n${text}`, text.replace('\r\n\r\nTak', '\r\n\nTak'), `${text}x\n`]) {
      const result = await pipeline(false)(tx, Buffer.from(bad, 'latin1'));
      expect(result.kind === 'refuse' && `${result.code} ${result.text}`).toMatch(/^550 5\.6\.0 .*CRLF/);
    }
  });
});
