/**
 * Absences, the notice layer and coverage on both stores (SQLite and the real PostgreSQL): the
 * claims that keep each reply, alert and digest to once, waiting items moving to a substitute,
 * and gaps in a day's telephone hours.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig, samplePath } from '../../src/config/load.ts';
import { createMailboxes } from '../../src/inbound/mailboxes.ts';
import { createUnits } from '../../src/units/units.ts';
import { createCalendar, phoneHoursCalendar } from '../../src/calendar/calendar.ts';
import { fixedClock } from '../../src/clock/clock.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { Queue, type NewItem } from '../../src/queue/queue.ts';
import { recordInbound } from '../../src/inbound/service.ts';
import { listWaiting } from '../../src/inbound/waiting.ts';
import { absenceBounds, activeAbsences, addAbsence, listAbsences, removeAbsence, AbsenceError } from '../../src/absence/absences.ts';
import { absenceConfigSchema } from '../../src/absence/config.ts';
import { createAbsenceWatch } from '../../src/absence/watch.ts';
import { enqueueNotices, lastDigestTime, sendDueDigests, setNoticePreference } from '../../src/notices/delivery.ts';
import { alertCoverageGaps, coverageOn, markDuty } from '../../src/coverage/coverage.ts';
import type { PipelineResult } from '../../src/gateway/pipeline.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const base = parseConfig(readFileSync(samplePath('dk'), 'utf8'), 'dk.yaml', {});
const config = {
  ...base,
  calendar: { ...base.calendar, phoneHours: { ...base.calendar.openingHours, tue: '09:00-14:00', wed: '09:00-14:00' } },
  mailboxes: base.mailboxes.map((b) =>
    b.kind === 'function' ? { ...b, duty: [{ person: 'sagsbehandler@eksempel-kommune.dk', days: ['tue' as const, 'wed' as const], hours: '08:00-12:00' }] } : b,
  ),
};
const mailboxes = createMailboxes(config);
const units = createUnits(config);
const calendar = createCalendar(config.calendar);
const phone = phoneHoursCalendar(config.calendar);
const ZONE = config.calendar.timeZone;
// Tuesday 1 December 2026, 10:00 in Copenhagen.
const NOW = new Date('2026-12-01T09:00:00Z');
const CASEWORKER = 'sagsbehandler@eksempel-kommune.dk';
const JOBCENTER = 'jobcenter@eksempel-kommune.dk';

const queueOf = (store: TestStore, at = NOW) => new Queue(store.db, fixedClock(at), { leaseMs: 30_000, retrySchedule: [1000] });
const queued = async (store: TestStore) => (await queueOf(store).list()).map((i) => ({ to: i.envelope.to as string[], subject: i.subject, decision: i.decision }));

function notice(to: string[], subject: string): NewItem {
  return { channel: 'email', status: 'queued', raw: Buffer.from(`Subject: ${subject}\r\n\r\nbody\r\n`), envelope: { from: '', to }, lang: 'da', subject, originId: `o-${subject}`, decision: { notice: 'held' } };
}

describe.each(DIALECTS)('absences on %s', (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it('records, lists and removes absences, refusing what cannot be right', async () => {
    store = await openTestStore(dialect);
    const db = store.db;
    const ctx = { mailboxes, units, now: NOW };
    const week = absenceBounds('2026-11-30', '2026-12-04', ZONE);
    expect(week.startsAt.toISOString()).toBe('2026-11-29T23:00:00.000Z');
    expect(week.endsAt.toISOString()).toBe('2026-12-04T23:00:00.000Z');
    const a = await addAbsence(db, { person: 'Sagsbehandler@eksempel-kommune.dk', unit: 'jobcenter', ...week, substitute: JOBCENTER, actor: 'cli' }, ctx);
    await expect(addAbsence(db, { person: CASEWORKER, unit: 'jobcenter', startsAt: week.endsAt, endsAt: week.startsAt, actor: 'cli' }, ctx)).rejects.toMatchObject({ code: 'badRange' });
    await expect(addAbsence(db, { person: CASEWORKER, unit: 'jobcenter', ...week, substitute: 'ven@example.org', actor: 'cli' }, ctx)).rejects.toMatchObject({ code: 'badSubstitute' });
    await expect(addAbsence(db, { person: CASEWORKER, ...week, actor: 'cli' }, ctx)).rejects.toMatchObject({ code: 'noUnit' });
    await expect(addAbsence(db, { person: CASEWORKER, unit: 'ukendt', ...week, actor: 'cli' }, ctx)).rejects.toBeInstanceOf(AbsenceError);
    expect((await activeAbsences(db, NOW, [CASEWORKER])).map((x) => x.id)).toEqual([a.id]);
    expect(await activeAbsences(db, week.endsAt, [CASEWORKER])).toEqual([]);
    expect((await listAbsences(db, { current: NOW })).map((x) => x.person)).toEqual([CASEWORKER]);
    await removeAbsence(db, a.id, 'leder', NOW);
    expect(await activeAbsences(db, NOW)).toEqual([]);
    await expect(removeAbsence(db, a.id, 'leder', NOW)).rejects.toMatchObject({ code: 'notFound' });
  });

  it('replies once per sender per absence, alerts once when nobody watches, moves waiting items with their due time', async () => {
    store = await openTestStore(dialect);
    const db = store.db;
    const queue = queueOf(store);
    const outbound = async (): Promise<PipelineResult> => ({ kind: 'accept', originId: 'r', items: [notice(['borger@example.dk'], 'Auto: Spørgsmål')], message: undefined as never, lang: 'da', verdicts: ['deliver'], findings: [] });
    const watch = createAbsenceWatch({ db, queue, config: absenceConfigSchema.parse({}), calendar, mailboxes, units, municipality: config.municipality, hostname: 'postvakt.example.dk', outbound, logger: silentLogger });
    const week = absenceBounds('2026-11-30', '2026-12-04', ZONE);
    await addAbsence(db, { person: CASEWORKER, unit: 'jobcenter', ...week, substitute: JOBCENTER, actor: 'cli' }, { mailboxes, units, now: NOW });
    const nobody = await addAbsence(db, { person: 'tredje@eksempel-kommune.dk', unit: 'jobcenter', ...week, actor: 'cli' }, { mailboxes, units, now: NOW });
    const mail = {
      envelopeFrom: 'borger@example.dk',
      recipients: [CASEWORKER, 'tredje@eksempel-kommune.dk'],
      message: { subject: 'Spørgsmål', references: [], messageId: '<m@example.dk>' } as never,
      lang: 'da' as const,
      automatic: false,
      fromOutside: true,
      now: NOW,
    };
    // Two sessions of the same sender planned before either commits.
    const [p1, p2] = [(await watch.plan(mail))!, (await watch.plan(mail))!];
    expect(p1.relayTo).toEqual([CASEWORKER, JOBCENTER, 'tredje@eksempel-kommune.dk']);
    expect(p1.replies).toHaveLength(2);
    expect(p1.unwatched.map((a) => a.id)).toEqual([nobody.id]);
    await db.transaction().execute(async (trx) => {
      await recordInbound(trx, {
        kind: 'accept', originId: 'in-1', items: [], direction: 'in',
        inbound: { id: 'in-1', receivedAt: NOW, sender: 'borger@example.dk', recipients: [CASEWORKER], messageId: '<m@example.dk>', subject: 'Spørgsmål', size: 10, automatic: false, sensitive: [], queueId: null },
        waiting: [{ id: 'w-1', mailbox: CASEWORKER, unit: '', correspondent: 'borger@example.dk', subject: 'Spørgsmål', messageId: '<m@example.dk>', receivedAt: NOW, startsAt: NOW, dueAt: new Date('2026-12-03T09:00:00Z') }],
      });
      await watch.commit(trx, p1, NOW);
    });
    await db.transaction().execute((trx) => watch.commit(trx, p2, NOW));
    const items = await queued(store);
    // One reply per absence to this sender (two absences), and one alert to Jobcenter's manager.
    expect(items.filter((i) => i.subject === 'Auto: Spørgsmål')).toHaveLength(2);
    expect(items.filter((i) => i.decision.notice === 'absence-unwatched').map((i) => i.to)).toEqual([['leder.jobcenter@eksempel-kommune.dk']]);
    // A third plan sees the replies sent and builds none.
    expect((await watch.plan(mail))!.replies).toEqual([]);
    const [moved] = await listWaiting(db, {}, NOW);
    expect(moved).toMatchObject({ mailbox: JOBCENTER, dueAt: new Date('2026-12-03T09:00:00Z') });
    const events = await db.selectFrom('inbound_waiting_events').selectAll().where('waiting_id', '=', 'w-1').orderBy('id').execute();
    expect(events.map((e) => e.kind)).toEqual(['opened', 'moved']);
  });

  it('alerts the managers before an absence without a substitute starts, once', async () => {
    store = await openTestStore(dialect);
    const db = store.db;
    const watch = createAbsenceWatch({ db, queue: queueOf(store), config: absenceConfigSchema.parse({ alertBefore: '1d' }), calendar, mailboxes, units, municipality: config.municipality, hostname: 'h', outbound: async () => { throw new Error('no reply expected'); }, logger: silentLogger });
    await addAbsence(db, { person: 'anden@eksempel-kommune.dk', unit: 'borgerservice', ...absenceBounds('2026-12-03', '2026-12-04', ZONE), actor: 'cli' }, { mailboxes, units, now: NOW });
    await watch.sweep(NOW);
    expect(await queued(store)).toEqual([]);
    const dayBefore = new Date('2026-12-02T09:00:00Z');
    await watch.sweep(dayBefore);
    await watch.sweep(dayBefore);
    expect((await queued(store)).map((i) => [i.decision.notice, i.to])).toEqual([['absence-unsubstituted', ['leder.borgerservice@eksempel-kommune.dk']]]);
  });
});

describe.each(DIALECTS)('the notice layer on %s (BK-10)', (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it('keeps a notice for whoever chose a digest, sends it to the rest now, and the digest once at the chosen time', async () => {
    store = await openTestStore(dialect);
    const db = store.db;
    await setNoticePreference(db, 'Leder@eksempel-kommune.dk', { mode: 'digest', times: ['13:00', '08:00'] }, NOW);
    await db.transaction().execute((trx) => enqueueNotices(trx, queueOf(store!), [notice(['leder@eksempel-kommune.dk', 'kollega@eksempel-kommune.dk'], 'Tilbageholdt')], NOW));
    expect((await queued(store)).map((i) => i.to)).toEqual([['kollega@eksempel-kommune.dk']]);
    const options = { db, queue: queueOf(store), timeZone: ZONE, hostname: 'postvakt.example.dk', defaultLang: 'da' as const };
    // 12:59 local: the last digest time (08:00) came before the notice.
    expect(await sendDueDigests(options, new Date('2026-12-01T11:59:00Z'))).toBe(0);
    expect(await sendDueDigests(options, new Date('2026-12-01T12:00:00Z'))).toBe(1);
    expect(await sendDueDigests(options, new Date('2026-12-01T12:01:00Z'))).toBe(0);
    const digest = (await queueOf(store).list()).find((i) => i.envelope.to && (i.envelope.to as string[])[0] === 'leder@eksempel-kommune.dk')!;
    expect(digest.subject).toBe('Postvakt: 1 besked siden sidste samling');
    expect(lastDigestTime(['08:00'], new Date('2026-12-01T06:00:00Z'), ZONE)?.toISOString()).toBe('2026-11-30T07:00:00.000Z');
  });
});

describe.each(DIALECTS)('coverage on %s (BK-16)', (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it('finds gaps in the telephone hours after marks and absences, and alerts the next working day once', async () => {
    store = await openTestStore(dialect);
    const db = store.db;
    const deps = { db, config, phone };
    const [tuesday] = await coverageOn(deps, '2026-12-08');
    expect(tuesday!.gaps.map((g) => [g.from.toISOString(), g.to.toISOString()])).toEqual([['2026-12-08T11:00:00.000Z', '2026-12-08T13:00:00.000Z']]);
    await markDuty(db, mailboxes, ZONE, { mailbox: JOBCENTER, person: 'leder.jobcenter@eksempel-kommune.dk', date: '2026-12-08', hours: '12:00-13:30' }, NOW);
    await expect(markDuty(db, mailboxes, ZONE, { mailbox: JOBCENTER, person: 'ven@example.org', date: '2026-12-08', hours: '11:30-14:00' }, NOW)).rejects.toMatchObject({ code: 'notMember' });
    const [marked] = await coverageOn(deps, '2026-12-08');
    expect(marked!.gaps.map((g) => [g.from.toISOString(), g.to.toISOString()])).toEqual([['2026-12-08T12:30:00.000Z', '2026-12-08T13:00:00.000Z']]);
    // Away Wednesday morning until 10:00: the roster covers 10:00–12:00 only.
    await addAbsence(db, { person: CASEWORKER, unit: 'jobcenter', startsAt: new Date('2026-12-01T23:00:00Z'), endsAt: new Date('2026-12-02T09:00:00Z'), substitute: JOBCENTER, actor: 'cli' }, { mailboxes, units, now: NOW });
    const [wednesday] = await coverageOn(deps, '2026-12-02');
    expect(wednesday!.gaps.map((g) => [g.from.toISOString(), g.to.toISOString()])).toEqual([
      ['2026-12-02T08:00:00.000Z', '2026-12-02T09:00:00.000Z'],
      ['2026-12-02T11:00:00.000Z', '2026-12-02T13:00:00.000Z'],
    ]);
    // A Saturday has no telephone hours and so no gaps.
    expect((await coverageOn(deps, '2026-12-05'))[0]!.gaps).toEqual([]);
    const alertDeps = { ...deps, queue: queueOf(store), units, mailboxes, hostname: 'h', alertAt: '12:00', logger: silentLogger };
    expect(await alertCoverageGaps(alertDeps, NOW)).toBe(0);
    const afternoon = new Date('2026-12-01T12:00:00Z');
    expect(await alertCoverageGaps(alertDeps, afternoon)).toBe(1);
    expect(await alertCoverageGaps(alertDeps, afternoon)).toBe(0);
    expect((await queued(store)).map((i) => [i.decision.notice, i.to])).toEqual([['coverage-gap', ['leder.jobcenter@eksempel-kommune.dk']]]);
  });
});
