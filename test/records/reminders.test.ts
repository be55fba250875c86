/**
 * Registration reminders (BK-20) on both stores: a public document unregistered for
 * `remindAfterDays` working days is named to its mailbox's owner and the unit's registrars, once
 * per period however often the sweep runs, again after another period, and never once registered.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig, samplePath } from '../../src/config/load.ts';
import { createCalendar } from '../../src/calendar/calendar.ts';
import { fixedClock } from '../../src/clock/clock.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { parseMessage } from '../../src/message/parse.ts';
import { Queue } from '../../src/queue/queue.ts';
import { createMailboxes } from '../../src/inbound/mailboxes.ts';
import { createUnits } from '../../src/units/units.ts';
import { appendMailLog } from '../../src/maillog/log.ts';
import { createRecords } from '../../src/records/records.ts';
import { sendRegistrationReminders } from '../../src/records/reminders.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const config = parseConfig(readFileSync(samplePath('dk'), 'utf8'), 'dk.yaml', {});
const calendar = createCalendar(config.calendar);
// Tuesday 1 December 2026: received; five working days later is Tuesday 8 December.
const RECEIVED = new Date('2026-12-01T10:00:00+01:00');

describe.each(DIALECTS)('registration reminders on %s', (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it('reminds the mailbox owner and the registrars once per period, and stops once registered', async () => {
    store = await openTestStore(dialect);
    const db = store.db;
    const [id] = await new Queue(db, fixedClock(RECEIVED), { leaseMs: 60_000, retrySchedule: [60_000] }).enqueue([
      {
        channel: 'inbound',
        status: 'queued',
        raw: Buffer.from('From: borger@example.dk\r\nTo: jobcenter@eksempel-kommune.dk\r\nSubject: Min ledighed 070761-4285\r\n\r\nHej\r\n'),
        envelope: { from: 'borger@example.dk', to: ['jobcenter@eksempel-kommune.dk'] },
        lang: 'da',
        subject: 'Min ledighed 070761-4285',
        originId: 'r1',
        decision: { direction: 'in' },
      },
    ]);
    await appendMailLog(db, { at: RECEIVED, event: 'received', direction: 'in', channel: 'email', sender: 'borger@example.dk', recipients: ['jobcenter@eksempel-kommune.dk'], subject: 'Min ledighed 070761-4285', size: 100, verdict: 'pass', queueId: id! });

    const sweep = async (at: string) => {
      const clock = fixedClock(new Date(at));
      const queue = new Queue(db, clock, { leaseMs: 60_000, retrySchedule: [60_000] });
      const records = createRecords({ db, clock, calendar, config: config.records, parse: parseMessage });
      const reminded = await sendRegistrationReminders({ db, queue, clock, calendar, logger: silentLogger, records, mailboxes: createMailboxes(config), units: createUnits(config), afterDays: 5, defaultLang: 'da', hostname: 'postvakt.example.dk' });
      return { reminded, records };
    };
    const reminders = async () =>
      (await db.selectFrom('queue_items').selectAll().where('decision', 'like', '%registration-reminder%').orderBy('id').execute()).map((r) => ({
        to: (JSON.parse(r.envelope) as { to: string[] }).to[0],
        subject: r.subject,
      }));

    expect((await sweep('2026-12-07T10:00:00+01:00')).reminded).toEqual([]);
    expect((await sweep('2026-12-08T10:00:00+01:00')).reminded).toEqual([id]);
    const sent = await reminders();
    // The mailbox's owner (the DK sample's jobcenter leader) and the unit's registrar.
    expect(sent.map((r) => r.to).sort()).toEqual(['journal@eksempel-kommune.dk', 'leder.jobcenter@eksempel-kommune.dk']);
    expect(sent[0]!.subject).toBe('Ikke-journaliserede offentlige dokumenter: 1');
    const body = (
      await db.selectFrom('queue_bodies').innerJoin('queue_items', 'queue_items.id', 'queue_bodies.item_id').select('raw').where('decision', 'like', '%registration-reminder%').execute()
    )
      .map((r) => Buffer.from(r.raw).toString())
      .join('\n');
    // The subject as the public log shows it: the identity number masked.
    expect(body).toContain('070761-XXXX');
    expect(body).not.toContain('070761-4285');

    // The same period: nothing more, however often the sweep runs.
    expect((await sweep('2026-12-08T11:00:00+01:00')).reminded).toEqual([]);
    expect(await reminders()).toHaveLength(2);
    // Five working days later: again.
    expect((await sweep('2026-12-15T10:00:00+01:00')).reminded).toEqual([id]);
    expect(await reminders()).toHaveLength(4);

    const { records } = await sweep('2026-12-15T12:00:00+01:00');
    await records.register(id!, { caseNumber: '15.00.00-G01-3-26', title: 'Ledighed', classification: '32.00.00', direction: 'in', registrar: 'journal', via: 'cli' });
    expect((await sweep('2026-12-22T12:00:00+01:00')).reminded).toEqual([]);
  });
});
