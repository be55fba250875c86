/**
 * Dates in Danish, Swedish and English text: where they are, what day they mean (yyyy-mm-dd),
 * whether they were already written as ISO 8601, and whether the writer asks for an answer by
 * that date ("svar senest 2026-12-28", "senest den 4. januar", "svara senast", "reply by").
 *
 * Written by hand because no maintained library finds Nordic day-first dates inside running
 * text with their offsets (chrono-node parses English and a few other locales, not da/sv).
 * Month names come from Intl, so they are the same names the runtime's CLDR data uses.
 */
import { DateTime } from 'luxon';
import type { Lang } from '../i18n/catalog.ts';

export interface FoundDate {
  /** Half-open [start, end) in UTF-16 code units of the searched text. */
  start: number;
  end: number;
  /** The date as written, e.g. "3. december 2026". */
  text: string;
  /** The day meant, yyyy-mm-dd. */
  iso: string;
  /** Time of day written right after the date ("kl. 12.00", "14:30"), as HH:MM. */
  time?: string;
  /** Already written as yyyy-mm-dd. */
  isIso: boolean;
  /** The year was not written and was taken as the next occurrence from the reference. */
  yearInferred: boolean;
  /** The writer asks for an answer or action by this date. */
  replyBy: boolean;
  /**
   * The end of what the date allows, as an instant in the given time zone: the written time,
   * else the end of that day. Used as a deadline.
   */
  deadline: Date;
}

export interface FindDatesOptions {
  /** The language the text is in; names from all three languages are recognised regardless. */
  lang?: Lang;
  /** The moment the text was written (message Date, else now): decides a year left out. */
  reference: Date;
  /** IANA zone the dates are meant in, e.g. Europe/Copenhagen. */
  timeZone: string;
}

const LANGS: Lang[] = ['da', 'sv', 'en'];

/** Month name (lower case, no trailing dot) → month number, in da, sv and en, long and short. */
const MONTHS: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const lang of LANGS) {
    for (const style of ['long', 'short'] as const) {
      const fmt = new Intl.DateTimeFormat(lang, { month: style, timeZone: 'UTC' });
      for (let m = 0; m < 12; m++) {
        map.set(fmt.format(new Date(Date.UTC(2026, m, 15))).toLowerCase().replace(/\.$/, ''), m + 1);
      }
    }
  }
  // Abbreviations people write that CLDR does not list.
  map.set('sept', 9);
  map.set('okt', 10);
  return map;
})();

const MONTH_ALT = [...MONTHS.keys()].sort((a, b) => b.length - a.length).join('|');

/**
 * Words that, right before a date, make it a reply-by date. The grammar of the cue, not a
 * tunable list: "senest", "senast", "inden", "innan", "före", "by" and their phrases.
 */
const REPLY_BY_CUE = new RegExp(
  '(?<!\\p{L})(?:' +
    [
      // Danish
      'senest', 'inden', 'svarfrist', 'frist(?:en)?(?:\\s+er)?', 'tidsfrist', 'deadline',
      // Swedish
      'senast', 'innan', 'före', 'svarsdatum', 'sista\\s+(?:svars)?dag(?:en)?(?:\\s+för\\s+\\p{L}+)?(?:\\s+är)?', 'svara\\s+(?:oss\\s+)?',
      // English
      'by', 'no\\s+later\\s+than', 'before', 'due(?:\\s+on)?', 'reply\\s+(?:on\\s+)?',
    ].join('|') +
    ')' +
    // What may stand between the cue and the date.
    '(?:\\s*:)?(?:\\s+(?:den|d\\.|the|on|[a-zæøåäö]+dag(?:en)?(?:\\s+den)?))?\\s*$',
  'iu',
);

const TIME_AFTER = /^(?:,?\s*(?:kl\.?|klockan|klokken|at|T)\s*|\s+)([01]?\d|2[0-3])[:.]([0-5]\d)(?!\d)/iu;

interface Candidate {
  start: number;
  end: number;
  year?: number;
  month: number;
  day: number;
  isIso: boolean;
  /** A yearless day/month like "3/12" is only a date when a cue or "den" stands before it. */
  needsCue?: boolean;
}

// Patterns: each yields a candidate. Boundaries keep numbers such as 1.000.000 or 12/2026 out,
// and numbers inside identifiers: a journal number such as 02.34.02-P19-12-26 (KLE) holds no date.
const ISO = /(?<![\p{L}\d_.\-/])(\d{4})-(\d{2})-(\d{2})(?![\p{L}\d_\-/])/gu;
const NUMERIC = /(?<![\p{L}\d_.\-/,])(\d{1,2})([./-])(\d{1,2})(?:\2|(?<=\/\d{1,2})-)(\d{4}|\d{2})(?![\p{L}\d_\-/]|[.,]\d)/gu;
const DAY_MONTH_SLASH = /(?<![\p{L}\d_.\-/,])(\d{1,2})\/(\d{1,2})(?![\p{L}\d_\-/]|[.,]\d)/gu;
const NAMED_DAY_FIRST = new RegExp(
  `(?<![\\d\\p{L}])(\\d{1,2})(?:\\.|st|nd|rd|th)?\\s*(?:of\\s+)?(${MONTH_ALT})\\.?(?:,?\\s+(\\d{4}))?(?![\\p{L}\\d]|-\\p{L})`,
  'giu',
);
const NAMED_MONTH_FIRST = new RegExp(
  `(?<![\\d\\p{L}])(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?(?![\\p{L}\\d])`,
  'giu',
);

function* candidates(text: string): Generator<Candidate> {
  for (const m of text.matchAll(ISO)) {
    yield { start: m.index, end: m.index + m[0].length, year: +m[1]!, month: +m[2]!, day: +m[3]!, isIso: true };
  }
  for (const m of text.matchAll(NUMERIC)) {
    const y = m[4]!;
    yield {
      start: m.index,
      end: m.index + m[0].length,
      day: +m[1]!,
      month: +m[3]!,
      year: y.length === 2 ? 2000 + +y : +y,
      isIso: false,
    };
  }
  for (const m of text.matchAll(DAY_MONTH_SLASH)) {
    yield { start: m.index, end: m.index + m[0].length, day: +m[1]!, month: +m[2]!, isIso: false, needsCue: true };
  }
  for (const m of text.matchAll(NAMED_DAY_FIRST)) {
    const month = MONTHS.get(m[2]!.toLowerCase());
    if (month === undefined) continue;
    // "3. maj" but not "3 maj" inside a list of amounts: a day number must be 1–31 (checked later).
    const base = { start: m.index, end: m.index + m[0].length, day: +m[1]!, month, isIso: false };
    yield m[3] ? { ...base, year: +m[3] } : base;
  }
  for (const m of text.matchAll(NAMED_MONTH_FIRST)) {
    const month = MONTHS.get(m[1]!.toLowerCase());
    if (month === undefined) continue;
    // "maj 3" is too often "May 3 people": only English month-first with a year or a day suffix.
    if (!m[3] && !/(st|nd|rd|th)$/i.test(m[0])) continue;
    const base = { start: m.index, end: m.index + m[0].length, day: +m[2]!, month, isIso: false };
    yield m[3] ? { ...base, year: +m[3] } : base;
  }
}

/** A time of day written right after `end` ("kl. 12.00", "14:30"), as HH:MM. */
export function timeAfter(text: string, end: number): string | undefined {
  const m = TIME_AFTER.exec(text.slice(end, end + 16));
  return m ? `${pad(+m[1]!)}:${m[2]}` : undefined;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The next occurrence of day/month on or after about two months before the reference. */
function inferYear(month: number, day: number, reference: DateTime): number {
  // Compared as calendar days, without zones: a day either way does not change the year chosen.
  const candidate = Date.UTC(reference.year, month - 1, day);
  const cutoff = Date.UTC(reference.year, reference.month - 1, reference.day) - 60 * 86_400_000;
  return candidate < cutoff ? reference.year + 1 : reference.year;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Zone arithmetic (Intl, through luxon) is the costly part of finding dates, and messages name
 * the same few days again and again: the deadlines are kept across calls, in a map that is
 * emptied when it grows large so that memory stays bounded.
 */
const deadlines = new Map<string, Date>();

function remembered(key: string, work: () => Date): Date {
  let value = deadlines.get(key);
  if (value === undefined) {
    if (deadlines.size >= 10_000) deadlines.clear();
    value = work();
    deadlines.set(key, value);
  }
  return value;
}

/**
 * The reference in the zone, for its calendar day (all `inferYear` reads). Each message brings its
 * own reference instant, so the last few days' bounds are kept per zone: the next reference usually
 * falls on the same day and needs no zone arithmetic.
 */
const referenceDays = new Map<string, Array<{ from: number; to: number; day: DateTime }>>();

function referenceDay(reference: Date, timeZone: string): DateTime {
  const at = reference.getTime();
  const days = referenceDays.get(timeZone) ?? [];
  const known = days.find((d) => at >= d.from && at <= d.to);
  if (known) return known.day;
  if (referenceDays.size >= 100) referenceDays.clear();
  const day = DateTime.fromJSDate(reference, { zone: timeZone });
  // A few days per zone: a rule's fixed reference and the live clock alternate message by message.
  referenceDays.set(timeZone, [{ from: day.startOf('day').toMillis(), to: day.endOf('day').toMillis(), day }, ...days.slice(0, 3)]);
  return day;
}

/**
 * The patterns' matches per text, kept for a few texts: the regex scans are most of the cost of
 * finding dates, and a gateway message's new text is read twice, for its timing signals and by
 * the ISO-date rule. Only texts up to `SCANNED_MAX_LENGTH` are kept, so memory stays small.
 */
const scanned = new Map<string, Candidate[]>();
const SCANNED_MAX_LENGTH = 100_000;

function sortedCandidates(text: string): Candidate[] {
  let all = scanned.get(text);
  if (all === undefined) {
    all = [...candidates(text)].sort((a, b) => a.start - b.start || b.end - a.end);
    if (text.length <= SCANNED_MAX_LENGTH) {
      if (scanned.size >= 4) scanned.clear();
      scanned.set(text, all);
    }
  }
  return all;
}

/** Every date in `text`, in order of position, overlapping readings resolved to the earliest, longest one. */
export function findDates(text: string, options: FindDatesOptions): FoundDate[] {
  const { timeZone } = options;
  const all = sortedCandidates(text);
  if (all.length === 0) return [];
  const reference = referenceDay(options.reference, timeZone);
  const found: FoundDate[] = [];
  let taken = -1;
  for (const c of all) {
    if (c.start < taken) continue;
    const before = text.slice(Math.max(0, c.start - 48), c.start);
    const replyBy = REPLY_BY_CUE.test(before);
    if (c.needsCue && !replyBy && !/(?<!\p{L})(?:den|d\.)\s*$/iu.test(before)) continue;
    const yearInferred = c.year === undefined;
    const year = c.year ?? inferYear(c.month, c.day, reference);
    if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > daysInMonth(year, c.month)) continue;
    const time = timeAfter(text, c.end);
    const iso = `${year}-${pad(c.month)}-${pad(c.day)}`;
    const deadline = remembered(`day ${timeZone} ${iso}T${time ?? ''}`, () => {
      const day = DateTime.fromObject({ year, month: c.month, day: c.day }, { zone: timeZone });
      return (time ? day.set({ hour: +time.slice(0, 2), minute: +time.slice(3) }) : day.endOf('day')).toJSDate();
    });
    found.push({
      start: c.start,
      end: c.end,
      text: text.slice(c.start, c.end),
      iso,
      ...(time ? { time } : {}),
      isIso: c.isIso,
      yearInferred,
      replyBy,
      // A copy: callers own what they are given, the remembered instant stays as it was.
      deadline: new Date(deadline.getTime()),
    });
    taken = c.end;
  }
  return found;
}
