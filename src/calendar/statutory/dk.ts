/**
 * Denmark. Helligdage: lov om søgnehelligdage as amended by lov nr. 217 of 28/02/2023, which
 * abolished store bededag from 2024. Grundlovsdag, 24 and 31 December are not helligdage, but
 * a deadline that ends on them moves to the next working day, as on a helligdag.
 */
import { dayNumber, easterSunday } from '../days.ts';
import type { CountryRules, StatutoryDay } from './types.ts';

const LAST_STORE_BEDEDAG = 2023;

export const denmark: CountryRules = {
  holidays(year: number): StatutoryDay[] {
    const easter = easterSunday(year);
    const days: StatutoryDay[] = [
      { day: dayNumber(year, 1, 1), name: 'Nytårsdag' },
      { day: easter - 3, name: 'Skærtorsdag' },
      { day: easter - 2, name: 'Langfredag' },
      { day: easter, name: 'Påskedag' },
      { day: easter + 1, name: '2. påskedag' },
    ];
    if (year <= LAST_STORE_BEDEDAG) days.push({ day: easter + 26, name: 'Store bededag' });
    days.push(
      { day: easter + 39, name: 'Kristi himmelfartsdag' },
      { day: easter + 49, name: 'Pinsedag' },
      { day: easter + 50, name: '2. pinsedag' },
      { day: dayNumber(year, 12, 25), name: 'Juledag' },
      { day: dayNumber(year, 12, 26), name: '2. juledag' },
    );
    return days;
  },
  deadlineClosedDays(year: number): StatutoryDay[] {
    return [
      { day: dayNumber(year, 6, 5), name: 'Grundlovsdag' },
      { day: dayNumber(year, 12, 24), name: 'Juleaftensdag' },
      { day: dayNumber(year, 12, 31), name: 'Nytårsaftensdag' },
    ];
  },
  defaultAnnualClosedDays: [
    { day: '05-01', reason: '1. maj', from: '12:00' },
    { day: '06-05', reason: 'Grundlovsdag', from: '12:00' },
    { day: '12-24', reason: 'Juleaftensdag' },
    { day: '12-31', reason: 'Nytårsaftensdag' },
  ],
  names: { weekend: 'weekend', bridgeDay: 'Inklemt dag' },
};
