/**
 * Civil dates as day numbers (days since 1970-01-01 in the proleptic Gregorian calendar). The
 * calendar reasons about local dates, and integers make "the next day" and "the weekday" exact
 * and cheap without touching a time zone.
 */
const MS_PER_DAY = 86_400_000;

export type DayNumber = number;

export function dayNumber(year: number, month: number, day: number): DayNumber {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function civilDate(d: DayNumber): CivilDate {
  const date = new Date(d * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 1 = Monday … 7 = Sunday (ISO 8601, as luxon counts). */
export function isoWeekday(d: DayNumber): number {
  return ((((d + 3) % 7) + 7) % 7) + 1;
}

export function isoDateOf(d: DayNumber): string {
  return new Date(d * MS_PER_DAY).toISOString().slice(0, 10);
}

export function parseIsoDate(text: string): DayNumber {
  return dayNumber(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
}

/** The day in [from, from + 6] that falls on the given ISO weekday. */
export function weekdayOnOrAfter(from: DayNumber, weekday: number): DayNumber {
  return from + ((weekday - isoWeekday(from) + 7) % 7);
}

/**
 * Easter Sunday in the Gregorian calendar: the anonymous algorithm published in Nature (1876),
 * a.k.a. Meeus/Jones/Butcher. Valid for every year from 1583.
 */
export function easterSunday(year: number): DayNumber {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumber(year, month, day);
}
