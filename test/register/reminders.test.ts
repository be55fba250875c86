/**
 * A flag past its review date (FX-4): its owner and unit are reminded by mail, once and then
 * weekly, in the language of the last sender it held a letter for; the reminder is claimed in the
 * store, so a restart or a second instance does not send it again. And the mail log's keyed
 * pseudonym of a recipient.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logging/logger.ts';
import { Queue } from '../../src/queue/queue.ts';
import { reviewRemindersSchema } from '../../src/register/config.ts';
import { startRegisterMaintenance } from '../../src/register/maintenance.ts';
import { noteReminderLanguage, reminderAddresses, type ReminderOptions } from '../../src/register/reminders.ts';
import { subjectHmac } from '../../src/register/seal.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { CASE_WORKER, movableClock, testKeyring, testRegister } from './support.ts';

const DAY = 24 * 3_600_000;
const config = reviewRemindersSchema.parse({
  ownerAddress: '{user}@eksempel-kommune.dk',
  unitAddresses: { Jobcenter: 'jobcenter@eksempel-kommune.dk' },
});

describe.each(DIALECTS)('review reminders on %s', (dialect) => {
  let store: TestStore;
  const clock = movableClock('2026-11-02T09:00:00Z');
  beforeEach(async () => {
    store = await openTestStore(dialect);
    clock.set('2026-11-02T09:00:00Z');
  });
  afterEach(async () => store.dispose());

  /** One `postvakt serve` instance's sweep over the shared store: start, sweep once, stop. */
  async function sweep(register = testRegister(store, { clock, keyring })) {
    const options: ReminderOptions = {
      db: store.db,
      queue: new Queue(store.db, clock, { leaseMs: 60_000, retrySchedule: [60_000] }),
      clock,
      logger: silentLogger,
      config,
      defaultLang: 'da',
      hostname: 'postvakt.example.dk',
      registerLink: 'https://postvakt.eksempel-kommune.dk/register',
    };
    const service = await startRegisterMaintenance({ register, logger: silentLogger, reminders: options, intervalMs: 3_600_000 });
    await service.close();
  }

  const reminders = async () => (await new Queue(store.db, clock, { leaseMs: 1, retrySchedule: [] }).list({ limit: 100 })).filter((i) => i.decision.notice === 'review-reminder');
  const keyring = testKeyring();

  it('reminds owner and unit once, then weekly, in the held sender’s language, across restarts and instances', async () => {
    const register = testRegister(store, { clock, keyring });
    const flag = await register.add({ identifier: 'borger@example.dk', reason: 'Svær angst før weekender', reviewOn: '2026-11-10' }, CASE_WORKER);
    await sweep();
    expect(await reminders()).toHaveLength(0);

    clock.set('2026-11-11T09:00:00Z');
    await noteReminderLanguage(store.db, flag.id, 'sv');
    await sweep();
    const [first, ...more] = await reminders();
    expect(more).toHaveLength(0);
    expect(first!.envelope).toEqual({ from: '', to: ['a.caseworker@eksempel-kommune.dk', 'jobcenter@eksempel-kommune.dk'] });
    expect(first!.subject).toBe(`Omprövning försenad: hänsynsmarkering ${flag.id.slice(0, 8)}`);
    const text = (await new Queue(store.db, clock, { leaseMs: 1, retrySchedule: [] }).require(first!.id)).raw.toString('utf8');
    expect(text).toContain('https://postvakt.eksempel-kommune.dk/register');
    // The reminder names the flag and unit only: no identifier, no reason.
    expect(text).not.toMatch(/borger|angst/i);

    // Another instance, a restart, later the same day and six days on: nothing new.
    await sweep();
    await sweep(testRegister(store, { clock, keyring }));
    clock.set(new Date(Date.parse('2026-11-11T09:00:00Z') + 6 * DAY));
    await sweep();
    expect(await reminders()).toHaveLength(1);

    clock.set(new Date(Date.parse('2026-11-11T09:00:00Z') + 7 * DAY));
    await sweep();
    expect(await reminders()).toHaveLength(2);

    // Reviewed: a new date in the future, no more reminders.
    await register.update(flag.id, { reviewOn: '2027-05-01' }, CASE_WORKER);
    clock.set(new Date(Date.parse('2026-11-11T09:00:00Z') + 21 * DAY));
    await sweep();
    expect(await reminders()).toHaveLength(2);
  });

  it('names the owner by the address template, or as written when the user name is an address', () => {
    expect(reminderAddresses({ caseWorker: 'a.b', unit: 'Ukendt' }, config)).toEqual(['a.b@eksempel-kommune.dk']);
    expect(reminderAddresses({ caseWorker: 'c.d@eksempel-kommune.dk', unit: 'Jobcenter' }, config)).toEqual(['c.d@eksempel-kommune.dk', 'jobcenter@eksempel-kommune.dk']);
    expect(reminderAddresses({ caseWorker: 'x', unit: 'Jobcenter' }, reviewRemindersSchema.parse({}))).toEqual([]);
  });

  it('gives one stable keyed pseudonym per recipient, unlike the register’s own HMAC', () => {
    const register = testRegister(store, { clock, keyring });
    const p = register.pseudonym('Borger@Example.dk ');
    expect(p).toBe(register.pseudonym('borger@example.dk'));
    expect(p).toMatch(/^pseudonym:[0-9a-f]{24}$/);
    expect(p).not.toContain(subjectHmac(keyring, 'email:borger@example.dk').slice(0, 24));
    expect(testRegister(store, { clock }).pseudonym('borger@example.dk')).not.toBe(p);
    expect(register.pseudonym('0102031234')).toBe(register.pseudonym('010203-1234'));
  });
});
