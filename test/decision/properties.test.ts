/**
 * Invariants of the hold decision at any instant over two years, in both countries (fast-check):
 * a hold is released while the municipality is open and the delayed landing misses every quiet
 * window; a deliver never lands in one; with a deadline, a hold always leaves the minimum
 * working days (FX-3) and otherwise the message goes with a warning.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/calendar/calendar.ts';
import type { WorkingCalendar } from '../../src/calendar/types.ts';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { createDecider, windowTouched, workingDaysLeft } from '../../src/decision/decider.ts';
import type { Decider } from '../../src/decision/types.ts';
import type { Message } from '../../src/message/types.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { CASE_WORKER, movableClock, testRegister } from '../register/support.ts';
import { email, memo } from './support.ts';

const FROM = Date.parse('2026-01-05T00:00:00Z');
const TO = Date.parse('2027-12-20T00:00:00Z');

describe.each(['dk', 'se'] as const)('decision invariants (%s)', (country) => {
  let store: Store;
  let decider: Decider;
  let calendar: WorkingCalendar;
  let min: number;
  let delays: Record<'email' | 'digitalpost', number>;
  const messages: Message[] = [];

  beforeAll(async () => {
    const { config } = loadConfig(samplePath(country), {});
    calendar = createCalendar(config.calendar);
    min = config.decision.minWorkingDaysBeforeDeadline;
    delays = config.decision.channelDelayMinutes;
    store = await openStore('sqlite::memory:');
    const register = testRegister(store, { clock: movableClock('2026-01-01T10:00:00Z'), country: country === 'dk' ? 'DK' : 'SE' });
    await register.add({ identifier: 'borger@example.dk', reason: 'Vurdering', reviewOn: '2028-01-01' }, CASE_WORKER);
    if (country === 'dk') await register.add({ identifier: '010190-1234', reason: 'Vurdering', reviewOn: '2028-01-01' }, CASE_WORKER);
    decider = createDecider({ calendar, register, config: config.decision });
    messages.push(await email({ to: ['borger@example.dk'] }));
    if (country === 'dk') messages.push(await memo({ recipient: '010190-1234' }));
  });
  afterAll(async () => store.close());

  it('holds end in open time, delivers land outside quiet windows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: FROM, max: TO }), fc.nat(), async (t, pick) => {
        const message = messages[pick % messages.length]!;
        const now = new Date(t);
        const [d] = await decider.decide({ message, recipients: [message.memo ? '010190-1234' : 'borger@example.dk'], now, lang: 'en' });
        const delay = delays[message.channel] * 60_000;
        if (d!.verdict === 'hold') {
          expect(d!.holdUntil!.getTime()).toBeGreaterThan(t);
          expect(calendar.isOpen(d!.holdUntil!)).toBe(true);
          expect(windowTouched(calendar, d!.holdUntil!, new Date(d!.holdUntil!.getTime() + delay))).toBeNull();
        } else {
          expect(d!.verdict).toBe('deliver');
          expect(windowTouched(calendar, now, new Date(t + delay))).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a hold never leaves fewer than the minimum working days before a deadline', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: FROM, max: TO }), fc.integer({ min: 0, max: 30 }), async (t, daysAhead) => {
        const now = new Date(t);
        const deadline = new Date(t + daysAhead * 86_400_000).toISOString();
        const message = await email({ to: ['borger@example.dk'], headers: { 'X-Postvakt-Deadline': deadline } });
        const [d] = await decider.decide({ message, recipients: ['borger@example.dk'], now, lang: 'en' });
        if (d!.verdict === 'hold') {
          expect(workingDaysLeft(calendar, d!.holdUntil!, d!.deadline!, min)).toBe(min);
        } else if (d!.verdict === 'deliver-with-warning') {
          expect(d!.reasons.map((r) => r.code)).toContain('deadline-too-close');
        }
      }),
      { numRuns: 150 },
    );
  });
});
