/**
 * The statutory lists of 2000–2100 for both countries, built here from the statutes with an
 * Easter computus of its own (Gauss, with his two exceptions) and luxon date arithmetic, so a
 * mistake in the production tables or computus cannot hide behind the same mistake here.
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/calendar/calendar.ts';
import { calendarConfigSchema } from '../../src/calendar/config.ts';

/** Gauss's Easter algorithm for the Gregorian calendar. */
function gaussEaster(year: number): DateTime {
  const a = year % 19;
  const b = year % 4;
  const c = year % 7;
  const k = Math.floor(year / 100);
  const p = Math.floor((13 + 8 * k) / 25);
  const q = Math.floor(k / 4);
  const M = (15 - p + k - q) % 30;
  const N = (4 + k - q) % 7;
  const d = (19 * a + M) % 30;
  const e = (2 * b + 4 * c + 6 * d + N) % 7;
  let march = 22 + d + e;
  if (d === 29 && e === 6) march = 50; // 19 April instead of 26 April
  else if (d === 28 && e === 6 && (11 * M + 11) % 30 < 19) march = 49; // 18 April instead of 25
  return DateTime.utc(year, 3, 1).plus({ days: march - 1 });
}

const saturdayIn = (year: number, month: number, firstDay: number) => {
  let d = DateTime.utc(year, month, firstDay);
  while (d.weekday !== 6) d = d.plus({ days: 1 });
  return d;
};

type Expected = Array<[DateTime, string]>;

function danishHolidays(year: number): Expected {
  const easter = gaussEaster(year);
  const e = (days: number) => easter.plus({ days });
  return [
    [DateTime.utc(year, 1, 1), 'Nytårsdag'],
    [e(-3), 'Skærtorsdag'],
    [e(-2), 'Langfredag'],
    [easter, 'Påskedag'],
    [e(1), '2. påskedag'],
    ...(year <= 2023 ? ([[e(26), 'Store bededag']] as Expected) : []),
    [e(39), 'Kristi himmelfartsdag'],
    [e(49), 'Pinsedag'],
    [e(50), '2. pinsedag'],
    [DateTime.utc(year, 12, 25), 'Juledag'],
    [DateTime.utc(year, 12, 26), '2. juledag'],
  ];
}

function swedishHolidays(year: number): Expected {
  const easter = gaussEaster(year);
  const e = (days: number) => easter.plus({ days });
  return [
    [DateTime.utc(year, 1, 1), 'Nyårsdagen'],
    [DateTime.utc(year, 1, 6), 'Trettondedag jul'],
    [e(-2), 'Långfredagen'],
    [easter, 'Påskdagen'],
    [e(1), 'Annandag påsk'],
    [DateTime.utc(year, 5, 1), 'Första maj'],
    [e(39), 'Kristi himmelsfärdsdag'],
    [e(49), 'Pingstdagen'],
    // SFS 2004:1320: nationaldagen replaced annandag pingst from 2005.
    year < 2005 ? [e(50), 'Annandag pingst'] : [DateTime.utc(year, 6, 6), 'Sveriges nationaldag'],
    [saturdayIn(year, 6, 20), 'Midsommardagen'],
    [saturdayIn(year, 10, 31), 'Alla helgons dag'],
    [DateTime.utc(year, 12, 25), 'Juldagen'],
    [DateTime.utc(year, 12, 26), 'Annandag jul'],
  ];
}

/** date → set of names; two holidays can share a date (Kristi himmelsfärdsdag on 1 May 2008). */
function byDate(entries: Array<[string, string]>): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const [date, name] of entries) map.set(date, new Set([...(map.get(date) ?? []), ...name.split(', ')]));
  return map;
}

const profiles = {
  DK: { timeZone: 'Europe/Copenhagen', expected: danishHolidays },
  SE: { timeZone: 'Europe/Stockholm', expected: swedishHolidays },
} as const;

function statutoryCalendar(country: 'DK' | 'SE') {
  return createCalendar(
    calendarConfigSchema.parse({
      country,
      timeZone: profiles[country].timeZone,
      openingHours: { mon: '08:00-16:00', tue: '08:00-16:00', wed: '08:00-16:00', thu: '08:00-16:00', fri: '08:00-15:00' },
    }),
  );
}

const YEARS = Array.from({ length: 101 }, (_, i) => 2000 + i);

describe('the test computus itself', () => {
  it('gives the known Easter Sundays, including both Gauss exceptions', () => {
    const known = ['2000-04-23', '2008-03-23', '2011-04-24', '2019-04-21', '2024-03-31', '2025-04-20', '2038-04-25', '2049-04-18', '2076-04-19', '2100-03-28'];
    for (const date of known) expect(gaussEaster(Number(date.slice(0, 4))).toISODate()).toBe(date);
  });
});

describe.each(['DK', 'SE'] as const)('%s statutory holidays 2000–2100', (country) => {
  const calendar = statutoryCalendar(country);

  it('match the statutes year by year', () => {
    for (const year of YEARS) {
      const actual = byDate(calendar.closedDays(year).filter((d) => d.kind === 'statutory').map((d) => [d.date, d.name]));
      const expected = byDate(profiles[country].expected(year).map(([d, name]) => [d.toISODate()!, name]));
      expect(actual, `${country} ${year}`).toEqual(expected);
    }
  });

  it('agree with date-holidays\' public holidays where date-holidays follows the statute', () => {
    const hd = new Holidays(country);
    for (const year of YEARS) {
      const ours = new Set(calendar.closedDays(year).filter((d) => d.kind === 'statutory').map((d) => d.date));
      // date-holidays lacks annandag pingst before 2005, which lag (1989:253) then still listed.
      if (country === 'SE' && year < 2005) ours.delete(gaussEaster(year).plus({ days: 50 }).toISODate()!);
      const theirs = new Set(hd.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
      expect(ours, `${country} ${year}`).toEqual(theirs);
    }
  });
});

describe('statutory changes and movable days', () => {
  it('DK: store bededag is a holiday until 2023 and an ordinary working day from 2024', () => {
    const dk = statutoryCalendar('DK');
    expect(dk.closedDays(2023).find((d) => d.date === '2023-05-05')?.name).toBe('Store bededag');
    expect(dk.closedDays(2024).some((d) => d.name === 'Store bededag')).toBe(false);
    expect(dk.isOpen(new Date('2024-04-26T10:00:00+02:00'))).toBe(true);
    expect(dk.isOpen(new Date('2023-05-05T10:00:00+02:00'))).toBe(false);
  });

  it('SE: midsommardagen and alla helgons dag are Saturdays at both ends of their ranges', () => {
    const se = statutoryCalendar('SE');
    const named = (year: number, name: string) => se.closedDays(year).find((d) => d.name === name)?.date;
    expect(named(2026, 'Midsommardagen')).toBe('2026-06-20');
    expect(named(2021, 'Midsommardagen')).toBe('2021-06-26');
    expect(named(2026, 'Alla helgons dag')).toBe('2026-10-31');
    expect(named(2021, 'Alla helgons dag')).toBe('2021-11-06');
  });

  it('SE: two holidays on one date keep both names', () => {
    const day = statutoryCalendar('SE').closedDays(2008).find((d) => d.date === '2008-05-01');
    expect(day?.name.split(', ').sort()).toEqual(['Första maj', 'Kristi himmelsfärdsdag']);
  });
});
