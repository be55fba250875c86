/**
 * Sweden. Allmänna helgdagar: lag (1989:253); nationaldagen replaced annandag pingst from 2005
 * (SFS 2004:1320). Lag (1930:173) om beräkning av lagstadgad tid moves a deadline that ends on a
 * Saturday, a helgdag, midsommarafton, julafton or nyårsafton to the next working day.
 */
import { dayNumber, easterSunday, weekdayOnOrAfter } from '../days.ts';
import type { CountryRules, StatutoryDay } from './types.ts';

const SATURDAY = 6;
const FRIDAY = 5;
const FIRST_NATIONALDAG = 2005;

/** Midsommardagen: the Saturday in 20–26 June. */
export function midsommardagen(year: number): number {
  return weekdayOnOrAfter(dayNumber(year, 6, 20), SATURDAY);
}

/** Midsommarafton: the Friday in 19–25 June, the eve of midsommardagen. */
export function midsommarafton(year: number): number {
  return weekdayOnOrAfter(dayNumber(year, 6, 19), FRIDAY);
}

export const sweden: CountryRules = {
  holidays(year: number): StatutoryDay[] {
    const easter = easterSunday(year);
    const days: StatutoryDay[] = [
      { day: dayNumber(year, 1, 1), name: 'Nyårsdagen' },
      { day: dayNumber(year, 1, 6), name: 'Trettondedag jul' },
      { day: easter - 2, name: 'Långfredagen' },
      { day: easter, name: 'Påskdagen' },
      { day: easter + 1, name: 'Annandag påsk' },
      { day: dayNumber(year, 5, 1), name: 'Första maj' },
      { day: easter + 39, name: 'Kristi himmelsfärdsdag' },
      { day: easter + 49, name: 'Pingstdagen' },
    ];
    if (year < FIRST_NATIONALDAG) days.push({ day: easter + 50, name: 'Annandag pingst' });
    else days.push({ day: dayNumber(year, 6, 6), name: 'Sveriges nationaldag' });
    days.push(
      { day: midsommardagen(year), name: 'Midsommardagen' },
      { day: weekdayOnOrAfter(dayNumber(year, 10, 31), SATURDAY), name: 'Alla helgons dag' },
      { day: dayNumber(year, 12, 25), name: 'Juldagen' },
      { day: dayNumber(year, 12, 26), name: 'Annandag jul' },
    );
    return days.sort((a, b) => a.day - b.day);
  },
  deadlineClosedDays(year: number): StatutoryDay[] {
    return [
      { day: midsommarafton(year), name: 'Midsommarafton' },
      { day: dayNumber(year, 12, 24), name: 'Julafton' },
      { day: dayNumber(year, 12, 31), name: 'Nyårsafton' },
    ];
  },
  defaultAnnualClosedDays: [
    { day: 'midsommarafton', reason: 'Midsommarafton' },
    { day: '12-24', reason: 'Julafton' },
    { day: '12-31', reason: 'Nyårsafton' },
  ],
  names: { weekend: 'helg', bridgeDay: 'Klämdag' },
};
