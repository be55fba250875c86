import type { CalendarConfig } from '../config.ts';
import { dayNumber, easterSunday, type DayNumber } from '../days.ts';
import { denmark } from './dk.ts';
import { midsommarafton, sweden } from './se.ts';
import type { CountryRules } from './types.ts';

export type { CountryRules, StatutoryDay } from './types.ts';

export const COUNTRY_RULES: Record<CalendarConfig['country'], CountryRules> = { DK: denmark, SE: sweden };

/** The date an `annualClosedDays` entry falls on in a year; null when MM-DD does not exist (02-30). */
export function resolveAnnualDay(spec: string, year: number): DayNumber | null {
  if (spec === 'midsommarafton') return midsommarafton(year);
  const easter = /^easter([+-]\d+)$/.exec(spec);
  if (easter) return easterSunday(year) + Number(easter[1]);
  const month = Number(spec.slice(0, 2));
  const day = Number(spec.slice(3, 5));
  const d = dayNumber(year, month, day);
  // Date.UTC rolls 02-30 over into March; such a day does not occur in this year.
  return new Date(d * 86_400_000).getUTCDate() === day ? d : null;
}
