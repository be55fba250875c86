/**
 * Issue 15 item 4: the FX-8 hint of a held letter says when the municipality really opens again
 * (Monday 08:00, the quiet window's end) and when the phone opens, not the release time (09:00).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCalendar } from '../../src/calendar/calendar.ts';
import { readFileSync } from 'node:fs';
import { parseConfig, samplePath } from '../../src/config/load.ts';
import { deciderFor } from '../../src/serve/decider.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { CASE_WORKER, movableClock, testRegister } from '../register/support.ts';
import { email } from './support.ts';

let store: Store;
beforeAll(async () => {
  store = await openStore('sqlite::memory:');
});
afterAll(async () => store.close());

it('a letter held on Friday afternoon: opens Monday 08:00, phone from 10:00; released 09:00', async () => {
  // The sample's telephone hours (10-14, Friday 10-12), switched on.
  const configured = parseConfig(readFileSync(samplePath('dk'), 'utf8').replace('  # phoneHours:', '  phoneHours:'), 'dk.yaml', {});
  expect(configured.calendar.phoneHours?.mon).toBe('10:00-14:00');
  const register = testRegister(store, { clock: movableClock('2026-11-01T10:00:00Z'), country: 'DK' });
  await register.add({ identifier: 'borger@example.dk', reason: 'Vurdering', reviewOn: '2027-06-01' }, CASE_WORKER);
  const decider = deciderFor(configured, createCalendar(configured.calendar), register);
  const message = await email({ to: ['borger@example.dk'] });
  const [d] = await decider.decide({ message, recipients: ['borger@example.dk'], now: new Date('2026-12-04T14:00:00+01:00'), lang: 'da' });
  expect(d!.verdict).toBe('hold');
  expect(d!.holdUntil!.toISOString()).toBe(new Date('2026-12-07T09:00:00+01:00').toISOString());
  expect(d!.nextOpening!.toISOString()).toBe(new Date('2026-12-07T08:00:00+01:00').toISOString());
  const hint = d!.questions.find((q) => q.clause === 'FX-8')!.hint;
  expect(hint).toMatch(/mandag den 7\. december 2026 (kl\. )?08[.:]00/);
  expect(hint).toMatch(/\+45 70 00 00 00 er åben fra mandag den 7\. december 2026 (kl\. )?10[.:]00/);
  expect(hint).not.toMatch(/09[.:]00/);
});
