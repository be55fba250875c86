/**
 * Deadlines a letter sets in its text (FX-3): dates after a reply-by cue (`dates.ts`), and the
 * forms written without a date, read against the sending time in the profile's zone:
 * - a weekday after a cue ("senest mandag", "inden fredag", "senast på tisdag"): its next
 *   occurrence after the sending day, so "senest mandag" written on a Monday means a week later;
 * - "i morgen", "i overmorgen", "i dag" after a cue;
 * - a period ("inden for 8 dage", "inom en vecka", "inom 14 dagar", or "N units" after a cue),
 *   counted in calendar days from the sending day; working days skip weekends only, as this
 *   module knows no holidays (a holiday makes the real deadline later, never earlier);
 * - an ISO week after a cue ("senest i uge 49", "senast vecka 49"): the end of that week's Friday.
 *   A week is answered on working days and Friday is its last ordinary one: a later day would
 *   promise the citizen a weekend the municipality does not read mail in, an earlier one would
 *   cut days the letter gives.
 * Each deadline ends at the end of its day unless a time follows ("senest mandag kl. 12").
 * A phrase that always sets a deadline ("svar senest", "svara senast", "reply by") with nothing
 * readable after it is reported as unreadable, so the decision does not hold the letter.
 *
 * The phrases are data (`data/deadline-phrases.json`). The text is scanned once for cue words;
 * only the stretches around them are cut into words, where phrases are looked up by their first
 * word. No pattern backtracks over the text, so the cost stays linear in its length.
 */
import { DateTime } from 'luxon';
import phrases from './data/deadline-phrases.json' with { type: 'json' };
import { findDates, timeAfter, type FindDatesOptions } from './dates.ts';

export interface TextDeadline {
  /** Half-open [start, end) of the words that set it, in UTF-16 code units. */
  start: number;
  end: number;
  /** As written, e.g. "senest mandag" or "3. december 2026". */
  text: string;
  deadline: Date;
}

export interface TextDeadlines {
  /** Every deadline read, in order of position. */
  deadlines: TextDeadline[];
  /** Sentences that clearly set a deadline that cannot be read, as written (at most 80 characters). */
  unreadable: string[];
}

interface Token {
  word: string;
  start: number;
  end: number;
}

/** Phrases by their first word, each as its words. */
function byFirstWord(list: readonly string[]): Map<string, string[][]> {
  const map = new Map<string, string[][]>();
  for (const phrase of list) {
    const words = phrase.split(' ');
    map.set(words[0]!, [...(map.get(words[0]!) ?? []), words]);
  }
  // Longest first, so "fristen er" wins over "frist".
  for (const list of map.values()) list.sort((a, b) => b.length - a.length);
  return map;
}

const CUES = byFirstWord(phrases.cues);
const PERIODS = byFirstWord(phrases.periods);
const CLEAR = byFirstWord(phrases.clear);
const RELATIVE_DAYS = byFirstWord(Object.keys(phrases.relativeDays));
const UNITS = byFirstWord(Object.keys(phrases.units));
const FILLERS = new Set(phrases.fillers);
const WEEK_WORDS = new Set(phrases.weekWords);
const NUMBERS: ReadonlyMap<string, number> = new Map(Object.entries(phrases.numbers));

/** Weekday name (lower case) → ISO weekday, in da, sv and en, from the runtime's CLDR data. */
const WEEKDAYS: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const lang of ['da', 'sv', 'en']) {
    const fmt = new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' });
    // 2026-11-23 is a Monday.
    for (let d = 0; d < 7; d++) map.set(fmt.format(new Date(Date.UTC(2026, 10, 23 + d))).toLowerCase(), d + 1);
  }
  return map;
})();

const WORD = /[\p{L}\p{N}]+/gu;
/** What may stand between two words of one phrase: spaces, one punctuation mark, one line break. */
const GAP = /^[ \t]*[.:,]?[ \t]*(?:\r?\n[ \t]*)?$/;
const MAX_GAP = 12;

/**
 * The words that start a cue or a period, as one alternation of literal words: most of a letter
 * holds none, so only the stretch around each of them is cut into words. Every clear phrase
 * holds a cue ("svar senest", "modtaget senest"), so the stretch starts a little before it.
 */
const CUE_WORD = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[...new Set([...CUES.keys(), ...PERIODS.keys()])]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
);
/** How far before a cue a clear phrase may start, and after it its words are read. */
const BEFORE = 40;
const AFTER = 120;

/** The words of the stretches around the cues, in order. */
function tokens(text: string): Token[] {
  const ranges: Array<{ start: number; end: number }> = [];
  for (const m of text.matchAll(CUE_WORD)) {
    const last = ranges.at(-1);
    if (last && m.index - BEFORE <= last.end) last.end = m.index + AFTER;
    else ranges.push({ start: wordStart(text, Math.max(0, m.index - BEFORE)), end: m.index + AFTER });
  }
  const list: Token[] = [];
  for (const range of ranges) {
    WORD.lastIndex = range.start;
    for (let m = WORD.exec(text); m && m.index < range.end; m = WORD.exec(text)) {
      list.push({ word: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
    }
  }
  return list;
}

/** `at`, moved back to the start of the word it falls in. */
function wordStart(text: string, at: number): number {
  let start = at;
  while (start > 0 && /[\p{L}\p{N}]/u.test(text[start - 1]!)) start--;
  return start;
}

/** The number of words of the longest phrase of `map` that starts at token `i`, or 0. */
function phraseAt(text: string, list: Token[], i: number, map: Map<string, string[][]>): number {
  const candidates = map.get(list[i]?.word ?? '');
  if (!candidates) return 0;
  for (const words of candidates) {
    if (words.every((w, k) => list[i + k]?.word === w && (k === 0 || joined(text, list[i + k - 1]!, list[i + k]!)))) return words.length;
  }
  return 0;
}

function joined(text: string, a: Token, b: Token): boolean {
  return b.start - a.end <= MAX_GAP && GAP.test(text.slice(a.end, b.start));
}

type Reader = (list: Token[], i: number) => { next: number; at: (day: DateTime) => DateTime | null } | null;

/** "8 dage", "en vecka", "14 working days" starting at token `i`. */
function period(text: string): Reader {
  return (list, i) => {
    const amountToken = list[i];
    const unitLength = phraseAt(text, list, i + 1, UNITS);
    if (!amountToken || unitLength === 0 || !joined(text, amountToken, list[i + 1]!)) return null;
    const amount = /^\d{1,3}$/.test(amountToken.word) ? +amountToken.word : NUMBERS.get(amountToken.word);
    if (amount === undefined) return null;
    const unitWords = list.slice(i + 1, i + 1 + unitLength).map((t) => t.word).join(' ');
    const unit = phrases.units[unitWords as keyof typeof phrases.units];
    return {
      next: i + 1 + unitLength,
      at: (day) => (unit === 'workday' ? addWeekdays(day, amount) : day.plus({ [`${unit}s`]: amount })),
    };
  };
}

function addWeekdays(day: DateTime, n: number): DateTime {
  let at = day;
  for (let left = n; left > 0; ) {
    at = at.plus({ days: 1 });
    if (at.weekday <= 5) left--;
  }
  return at;
}

/** What a cue names: a weekday, a relative day, a week or a period, after at most two fillers. */
function named(text: string): Reader {
  const readPeriod = period(text);
  return (list, start) => {
    for (let i = start; i < list.length && i <= start + 2 && joined(text, list[i - 1]!, list[i]!); i++) {
      const relative = phraseAt(text, list, i, RELATIVE_DAYS);
      if (relative) {
        const days = phrases.relativeDays[list.slice(i, i + relative).map((t) => t.word).join(' ') as keyof typeof phrases.relativeDays];
        return { next: i + relative, at: (day) => day.plus({ days }) };
      }
      const token = list[i]!;
      const weekday = WEEKDAYS.get(token.word) ?? WEEKDAYS.get(token.word.replace(/en$/, ''));
      // "mandag den 7. december" is read by its date.
      if (weekday !== undefined && !/^(?:den|d|\d+)$/.test(list[i + 1]?.word ?? '')) {
        return { next: i + 1, at: (day) => day.plus({ days: (weekday - day.weekday + 7) % 7 || 7 }) };
      }
      const weekNumber = list[i + 1];
      if (WEEK_WORDS.has(token.word) && weekNumber && /^\d{1,2}$/.test(weekNumber.word) && joined(text, token, weekNumber)) {
        return { next: i + 2, at: (day) => weekFriday(day, +weekNumber.word) };
      }
      const p = readPeriod(list, i);
      if (p) return p;
      if (!FILLERS.has(token.word)) return null;
    }
    return null;
  };
}

/** The Friday of ISO week `n`, in the year that puts it after about two months before `day`. */
function weekFriday(day: DateTime, n: number): DateTime | null {
  for (const weekYear of [day.weekYear, day.weekYear + 1]) {
    const friday = DateTime.fromObject({ weekYear, weekNumber: n, weekday: 5 }, { zone: day.zone });
    if (friday.isValid && friday.weekNumber === n && friday >= day.minus({ days: 60 })) return friday;
  }
  return null;
}

/** Every deadline the text sets, and the clear deadlines it sets that cannot be read. */
export function readDeadlines(text: string, options: FindDatesOptions): TextDeadlines {
  const found: TextDeadline[] = findDates(text, options)
    .filter((d) => d.replyBy)
    .map((d) => ({ start: d.start, end: d.end, text: d.text, deadline: d.deadline }));
  const list = tokens(text);
  const readNamed = named(text);
  let day: DateTime | undefined;
  for (let i = 0; i < list.length; i++) {
    const cue = phraseAt(text, list, i, PERIODS) || phraseAt(text, list, i, CUES);
    const reading = cue ? readNamed(list, i + cue) : null;
    if (!reading) continue;
    day ??= DateTime.fromJSDate(options.reference, { zone: options.timeZone }).startOf('day');
    const at = reading.at(day);
    const last = list[reading.next - 1]!;
    if (!at?.isValid) continue;
    const time = timeAfter(text, last.end);
    const deadline = (time ? at.set({ hour: +time.slice(0, 2), minute: +time.slice(3) }) : at.endOf('day')).toJSDate();
    found.push({ start: list[i]!.start, end: last.end, text: text.slice(list[i]!.start, last.end).replace(/\s+/g, ' '), deadline });
    i = reading.next - 1;
  }
  found.sort((a, b) => a.start - b.start);
  return { deadlines: found, unreadable: unreadable(text, list, found) };
}

/** Clear deadline phrases with no deadline read right after them (in the next 40 characters of the line). */
function unreadable(text: string, list: Token[], found: TextDeadline[]): string[] {
  const result: string[] = [];
  let f = 0;
  for (let i = 0; i < list.length; i++) {
    const length = phraseAt(text, list, i, CLEAR);
    if (!length) continue;
    const start = list[i]!.start;
    const end = list[i + length - 1]!.end;
    while (f < found.length && found[f]!.end <= start) f++;
    const next = found[f];
    if (!(next && next.start <= end + 40)) result.push(sentenceFrom(text, start));
    i += length - 1;
  }
  return result;
}

/** The sentence from `start`: to its full stop, or the line's end, at most 80 characters. */
function sentenceFrom(text: string, start: number): string {
  const rest = text.slice(start, start + 80);
  // A full stop before a capital ends it; the one in "31. november" does not.
  const stop = rest.search(/[.!?](?=\s+\p{Lu}|\s*$)|\n/u);
  return (stop === -1 ? rest : rest.slice(0, stop)).trim();
}
