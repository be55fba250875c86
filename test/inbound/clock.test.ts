/**
 * The answer clock (BK-14) in both samples: two working days of the office's own calendar, over a
 * weekend (the Friday quiet window starts at 12:00) and over the Christmas closing.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { createCalendar } from '../../src/calendar/calendar.ts';
import { answerClock } from '../../src/inbound/clock.ts';

// [arrival, clock starts, answer due], local times of both profiles (+01:00 in December).
const BOTH: Array<[string, string, string, string]> = [
  ['Friday morning: Monday and Tuesday count', '2026-12-04T10:00', '2026-12-04T10:00', '2026-12-08T10:00'],
  ['Friday in the quiet window: the clock starts Monday at opening', '2026-12-04T12:30', '2026-12-07T08:00', '2026-12-09T08:00'],
  ['Saturday: the clock starts Monday at opening', '2026-12-05T11:00', '2026-12-07T08:00', '2026-12-09T08:00'],
  ['22 December: the 23rd counts, then Christmas is skipped', '2026-12-22T10:00', '2026-12-22T10:00', '2026-12-28T10:00'],
  ['23 December morning: Christmas Eve to Sunday do not count', '2026-12-23T10:00', '2026-12-23T10:00', '2026-12-29T10:00'],
  ['23 December afternoon (quiet window): starts on the 28th', '2026-12-23T13:00', '2026-12-28T08:00', '2026-12-30T08:00'],
];

const at = (local: string) => new Date(`${local}:00+01:00`);

describe.each(['dk', 'se'] as const)('answer clock, %s sample', (country) => {
  const calendar = createCalendar(loadConfig(samplePath(country)).config.calendar);
  it.each(BOTH)('%s', (_name, arrival, starts, due) => {
    const clock = answerClock(calendar, at(arrival), 2);
    expect(clock.startsAt.toISOString()).toBe(at(starts).toISOString());
    expect(clock.dueAt.toISOString()).toBe(at(due).toISOString());
  });
});

describe('a due time after a shorter day', () => {
  it('DK: Thursday 16:00 (open to 17:00) is due when Monday is over, at Tuesday’s opening', () => {
    const calendar = createCalendar(loadConfig(samplePath('dk')).config.calendar);
    expect(answerClock(calendar, at('2026-12-03T16:00'), 2).dueAt.toISOString()).toBe(at('2026-12-08T08:00').toISOString());
  });
  it('SE: Thursday 16:00 is due Monday 16:00 (open to 16:30)', () => {
    const calendar = createCalendar(loadConfig(samplePath('se')).config.calendar);
    expect(answerClock(calendar, at('2026-12-03T16:00'), 2).dueAt.toISOString()).toBe(at('2026-12-07T16:00').toISOString());
  });
});
