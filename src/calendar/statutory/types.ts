import type { AnnualClosedDay } from '../config.ts';
import type { DayNumber } from '../days.ts';

export interface StatutoryDay {
  day: DayNumber;
  /** The day's name in the country's language, as the statute and citizens call it. */
  name: string;
}

/** What one country's law says about working time. */
export interface CountryRules {
  /** Public holidays by statute in a year, in date order. */
  holidays(year: number): StatutoryDay[];
  /** Weekdays that are not holidays but that statutory deadlines still skip. */
  deadlineClosedDays(year: number): StatutoryDay[];
  /** The municipal closed days most municipalities keep; `annualClosedDays` overrides them. */
  defaultAnnualClosedDays: AnnualClosedDay[];
  /** Names used in quiet-window reasons. */
  names: { weekend: string; bridgeDay: string };
}
