/**
 * The municipal working-time calendar (FX-6, BK-14, BK-16, BK-18).
 *
 * Why own statutory tables rather than date-holidays plus corrections: date-holidays has no
 * 31 December for DK and marks Grundlovsdag and 24 December only as observances, so every answer
 * would need a correction layer that knows the statutes anyway; the statutes themselves are a
 * dozen dates per country around Easter (see `statutory/`), they change by law on known dates
 * (store bededag, nationaldagen) and must be reviewable line by line against the law. Asking
 * date-holidays costs about a millisecond per question, too slow for a gateway asking per message.
 *
 * Speed: each local year is computed once into sorted arrays of opening intervals and quiet
 * windows in epoch ms, so `isOpen`, `nextOpening` and `quietWindow` are binary searches with no
 * time-zone arithmetic. Local rules (opening hours, cut-off, half days) are turned into instants
 * with luxon in the profile's zone when the year is built, which makes DST changes exact.
 */
import { DateTime } from 'luxon';
import { WEEKDAYS, type CalendarConfig, type OpeningHours } from './config.ts';
import { civilDate, dayNumber, isoDateOf, isoWeekday, parseIsoDate, type DayNumber } from './days.ts';
import { zoneClock } from './zone.ts';
import { COUNTRY_RULES, resolveAnnualDay, type CountryRules } from './statutory/index.ts';
import type { ClosedDay, QuietWindow, WorkingCalendar } from './types.ts';

/** An instant or year the calendar cannot answer for (outside the Gregorian years it models). */
export class CalendarError extends Error {}

const FIRST_YEAR = 1583;
const LAST_YEAR = 9998;
/** How far nextOpening looks ahead before deciding the profile never opens again. */
const MAX_YEARS_AHEAD = 3;

interface Closure {
  name: string;
  kind: 'statutory' | 'configured';
  /** Local HH:MM from which the office is closed; absent for a whole day. */
  from?: string;
}

interface YearData {
  year: number;
  /** Every closed or half day of the year, in date order. */
  closed: ClosedDay[];
  /** Opening intervals [starts[i], ends[i]) in epoch ms, in order; one per open day. */
  starts: Float64Array;
  ends: Float64Array;
  /** The local date of each opening interval. */
  openDays: Int32Array;
  /** Statutory non-working weekdays (holidays and the deadline days) for addWorkingDays. */
  deadlineClosed: Set<DayNumber>;
}

interface WindowData {
  /** Quiet windows that start in this year, in order. */
  starts: Float64Array;
  ends: Float64Array;
  reasons: string[];
}

type Interval = { startMinute: number; endMinute: number } | null;

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function parseOpeningHours(hours: OpeningHours): Interval[] {
  // Indexed by ISO weekday - 1 (Monday first).
  return WEEKDAYS.map((d) => {
    const text = hours[d];
    return text === null ? null : { startMinute: toMinutes(text.slice(0, 5)), endMinute: toMinutes(text.slice(6)) };
  });
}

/** Binary search: the first index whose value is greater than t (values ascending). */
function firstAbove(values: Float64Array, t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function createCalendar(config: CalendarConfig): WorkingCalendar {
  const rules: CountryRules = COUNTRY_RULES[config.country];
  const zone = config.timeZone;
  const weekHours = parseOpeningHours(config.openingHours);
  const cutoffMinute = toMinutes(config.quietCutoff);
  const annual = config.annualClosedDays ?? rules.defaultAnnualClosedDays;
  const oneOff = config.closedDays.map((c) => ({ ...c, day: parseIsoDate(c.date) }));

  const years = new Map<number, YearData>();
  const windows = new Map<number, WindowData>();
  const yearStarts = new Map<number, number>();
  const closureCache = new Map<number, Map<DayNumber, Closure>>();

  const clock = zoneClock(zone);

  /** Local wall-clock time on a date as an instant (24:00 is the next midnight). */
  function localInstant(day: DayNumber, minute: number): number {
    return clock.instantOf(day * 86_400_000 + minute * 60_000);
  }

  function checkYear(year: number): void {
    if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
      throw new CalendarError(`year ${year} is outside ${FIRST_YEAR}–${LAST_YEAR}`);
    }
  }

  function yearStart(year: number): number {
    let start = yearStarts.get(year);
    if (start === undefined) {
      start = localInstant(dayNumber(year, 1, 1), 0);
      yearStarts.set(year, start);
    }
    return start;
  }

  // Most questions are about "now", so the last year asked about is remembered.
  let lastYear = { year: NaN, from: Infinity, to: -Infinity };

  /** The local year an instant falls in; local and UTC years differ by at most one. */
  function localYear(t: number): number {
    if (t >= lastYear.from && t < lastYear.to) return lastYear.year;
    if (!Number.isFinite(t)) throw new CalendarError('not a valid instant');
    let year = new Date(t).getUTCFullYear();
    if (t >= yearStart(year + 1)) year += 1;
    else if (t < yearStart(year)) year -= 1;
    checkYear(year);
    lastYear = { year, from: yearStart(year), to: yearStart(year + 1) };
    return year;
  }

  /** Statutory and configured closures of one year, before the bridge-day rule. */
  function baseClosures(year: number): Map<DayNumber, Closure> {
    let closures = closureCache.get(year);
    if (closures) return closures;
    const map = new Map<DayNumber, Closure>();
    const add = (day: DayNumber, closure: Closure) => {
      const existing = map.get(day);
      // A whole day beats a half day, an earlier half day beats a later one, a statute beats the
      // configuration: the list shows each date once, with what actually closes the office.
      // Two holidays on one date (Kristi himmelsfärdsdag on 1 May) keep both names.
      if (existing?.kind === 'statutory' && closure.kind === 'statutory') existing.name += `, ${closure.name}`;
      if (existing && (existing.from === undefined || (closure.from !== undefined && closure.from >= existing.from))) return;
      map.set(day, closure);
    };
    for (const h of rules.holidays(year)) add(h.day, { name: h.name, kind: 'statutory' });
    for (const a of annual) {
      const day = resolveAnnualDay(a.day, year);
      if (day !== null) add(day, { name: a.reason, kind: 'configured', ...(a.from ? { from: a.from } : {}) });
    }
    for (const c of oneOff) {
      if (civilDate(c.day).year === year) add(c.day, { name: c.reason, kind: 'configured', ...(c.from ? { from: c.from } : {}) });
    }
    closures = map;
    closureCache.set(year, closures);
    return closures;
  }

  function baseClosure(day: DayNumber): Closure | undefined {
    return baseClosures(civilDate(day).year).get(day);
  }

  /** Closed all day before bridge days: no weekday hours, or a whole-day closure. */
  function closedAllDay(day: DayNumber): boolean {
    const c = baseClosure(day);
    return weekHours[isoWeekday(day) - 1] === null || (c !== undefined && c.from === undefined);
  }

  function closureOf(day: DayNumber): Closure | undefined {
    const c = baseClosure(day);
    if (config.bridgeDays && !closedAllDay(day) && closedAllDay(day - 1) && closedAllDay(day + 1)) {
      return { name: rules.names.bridgeDay, kind: 'configured' };
    }
    return c;
  }

  function buildYear(year: number): YearData {
    checkYear(year);
    const first = dayNumber(year, 1, 1);
    const last = dayNumber(year + 1, 1, 1);
    const closed: ClosedDay[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const openDays: number[] = [];
    for (let day = first; day < last; day++) {
      const closure = closureOf(day);
      if (closure) {
        closed.push({ date: isoDateOf(day), name: closure.name, kind: closure.kind, ...(closure.from ? { from: closure.from } : {}) });
      }
      const hours = weekHours[isoWeekday(day) - 1];
      if (!hours || (closure && closure.from === undefined)) continue;
      const endMinute = closure?.from ? Math.min(hours.endMinute, toMinutes(closure.from)) : hours.endMinute;
      if (endMinute <= hours.startMinute) continue;
      const start = localInstant(day, hours.startMinute);
      const end = localInstant(day, endMinute);
      if (end <= start) continue;
      starts.push(start);
      ends.push(end);
      openDays.push(day);
    }
    const deadlineClosed = new Set<DayNumber>([...rules.holidays(year), ...rules.deadlineClosedDays(year)].map((h) => h.day));
    return { year, closed, starts: Float64Array.from(starts), ends: Float64Array.from(ends), openDays: Int32Array.from(openDays), deadlineClosed };
  }

  function yearData(year: number): YearData {
    let data = years.get(year);
    if (!data) {
      data = buildYear(year);
      years.set(year, data);
    }
    return data;
  }

  /** The first opening interval at or after a year's start, searching ahead a few years. */
  function firstOpeningFrom(year: number): { data: YearData; index: number } {
    for (let y = year; y <= year + MAX_YEARS_AHEAD; y++) {
      const data = yearData(y);
      if (data.starts.length > 0) return { data, index: 0 };
    }
    throw new CalendarError(`the office never opens within ${MAX_YEARS_AHEAD} years of ${year}: check openingHours and closedDays`);
  }

  /** Why the office is closed on the days strictly between two open days, e.g. "Juledag, weekend". */
  function reasonBetween(openDay: DayNumber, nextOpenDay: DayNumber): string {
    const reasons: string[] = [];
    const halfDay = closureOf(openDay);
    if (halfDay) reasons.push(halfDay.name);
    for (let day = openDay + 1; day < nextOpenDay; day++) {
      const reason = closureOf(day)?.name ?? rules.names.weekend;
      if (!reasons.includes(reason)) reasons.push(reason);
    }
    return reasons.join(', ');
  }

  function buildWindows(year: number): WindowData {
    const data = yearData(year);
    const starts: number[] = [];
    const ends: number[] = [];
    const reasons: string[] = [];
    for (let i = 0; i < data.openDays.length; i++) {
      const day = data.openDays[i]!;
      const next = i + 1 < data.openDays.length ? { data, index: i + 1 } : firstOpeningFrom(year + 1);
      const nextDay = next.data.openDays[next.index]!;
      if (nextDay === day + 1) continue;
      // The window starts at the cut-off, or earlier if the office already closed that day.
      const cutoff = localInstant(day, cutoffMinute);
      starts.push(Math.max(data.starts[i]!, Math.min(cutoff, data.ends[i]!)));
      ends.push(next.data.starts[next.index]!);
      reasons.push(reasonBetween(day, nextDay));
    }
    return { starts: Float64Array.from(starts), ends: Float64Array.from(ends), reasons };
  }

  function windowData(year: number): WindowData {
    let data = windows.get(year);
    if (!data) {
      data = buildWindows(year);
      windows.set(year, data);
    }
    return data;
  }

  function nextOpeningMs(t: number): number {
    const year = localYear(t);
    const data = yearData(year);
    const i = firstAbove(data.ends, t);
    if (i < data.ends.length) return Math.max(t, data.starts[i]!);
    const next = firstOpeningFrom(year + 1);
    return next.data.starts[next.index]!;
  }

  function quietWindowAt(t: number): QuietWindow | null {
    const year = localYear(t);
    let w = windowData(year);
    let i = firstAbove(w.starts, t) - 1;
    if (i < 0) {
      // A window that started last year (e.g. on 30 December) may still be running.
      w = windowData(year - 1);
      i = w.starts.length - 1;
    }
    if (i < 0 || t >= w.ends[i]!) return null;
    return { start: new Date(w.starts[i]!), end: new Date(w.ends[i]!), reason: w.reasons[i]! };
  }

  function isDeadlineWorkingDay(day: DayNumber): boolean {
    return isoWeekday(day) <= 5 && !yearData(civilDate(day).year).deadlineClosed.has(day);
  }

  function local(t: Date): DateTime {
    localYear(t.getTime());
    return DateTime.fromMillis(t.getTime(), { zone });
  }

  return {
    country: config.country,
    timeZone: zone,

    isOpen(t: Date): boolean {
      return nextOpeningMs(t.getTime()) === t.getTime();
    },

    nextOpening(t: Date): Date {
      // Inside a quiet window the office is winding down before closed days: a citizen who
      // gets a letter now can first count on reaching us when the window ends (FX-6, FX-8).
      const quiet = quietWindowAt(t.getTime());
      return quiet ? quiet.end : new Date(nextOpeningMs(t.getTime()));
    },

    closedDays(year: number): ClosedDay[] {
      return yearData(year).closed.map((c) => ({ ...c }));
    },

    quietWindow(t: Date): QuietWindow | null {
      return quietWindowAt(t.getTime());
    },

    addWorkingDays(t: Date, n: number): Date {
      if (!Number.isInteger(n) || n < 0) throw new CalendarError(`working days must be a whole number ≥ 0, not ${n}`);
      const start = local(t);
      let day = dayNumber(start.year, start.month, start.day);
      // The day of t never counts (it has begun); n = 0 only moves t past closed days.
      if (n === 0) {
        while (!isDeadlineWorkingDay(day)) day += 1;
      }
      for (let counted = 0; counted < n; ) {
        day += 1;
        if (isDeadlineWorkingDay(day)) counted += 1;
      }
      const { year, month, day: dom } = civilDate(day);
      // The deadline falls at the same local time of day as t, on the last counted working day.
      return DateTime.fromObject(
        { year, month, day: dom, hour: start.hour, minute: start.minute, second: start.second, millisecond: start.millisecond },
        { zone },
      ).toJSDate();
    },

    workingTimeBetween(a: Date, b: Date): number {
      const from = a.getTime();
      const to = b.getTime();
      if (!(to > from)) return 0;
      let ms = 0;
      for (let year = localYear(from), lastYear = localYear(to); year <= lastYear; year++) {
        const data = yearData(year);
        for (let i = firstAbove(data.ends, from); i < data.starts.length && data.starts[i]! < to; i++) {
          ms += Math.min(data.ends[i]!, to) - Math.max(data.starts[i]!, from);
        }
      }
      return Math.floor(ms / 60_000);
    },

    openIntervals(a: Date, b: Date): Array<{ start: Date; end: Date }> {
      const from = a.getTime();
      const to = b.getTime();
      const out: Array<{ start: Date; end: Date }> = [];
      if (!(to > from)) return out;
      for (let year = localYear(from), lastYear = localYear(to); year <= lastYear; year++) {
        const data = yearData(year);
        for (let i = firstAbove(data.ends, from); i < data.starts.length && data.starts[i]! < to; i++) {
          out.push({ start: new Date(Math.max(data.starts[i]!, from)), end: new Date(Math.min(data.ends[i]!, to)) });
        }
      }
      return out;
    },

    formatLocal(t: Date): string {
      return local(t).toISO({ suppressMilliseconds: true })!;
    },
  };
}

/** The calendar of telephone hours (BK-16): the same closed days, the phone hours instead of opening hours. */
export function phoneHoursCalendar(config: CalendarConfig): WorkingCalendar {
  return createCalendar({ ...config, openingHours: config.phoneHours ?? config.openingHours });
}
