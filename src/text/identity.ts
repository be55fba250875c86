/**
 * Danish CPR numbers and Swedish personnummer / samordningsnummer in free text (BK-27, BK-28):
 * find them with a confidence, mask them for logs, and normalise one identifier for storage.
 *
 * Danish CPR (DDMMYY-SSSS): the date must exist, with the century from the 7th digit as the CPR
 * office defines it. Modulus 11 is NOT required — numbers without it have been issued since 2007 —
 * but a number that passes it is more likely a CPR number, so it raises the confidence.
 * Swedish numbers are checked with the maintained `personnummer` package (Luhn, date, day + 60).
 * Context words just before a number decide between an identity number and a look-alike
 * (phone, order, invoice, account numbers); the nearest one wins.
 */
import personnummerModule from 'personnummer';
import contextData from './data/identity-context.json' with { type: 'json' };
import { isLetterCode, type TextLang } from './segment.ts';

export type IdentityKind = 'cpr' | 'personnummer' | 'samordningsnummer';
export type Confidence = 'low' | 'medium' | 'high';

export interface IdentityNumberMatch {
  kind: IdentityKind;
  country: 'dk' | 'se';
  /** Offsets into the searched text, [start, end). */
  start: number;
  end: number;
  text: string;
  /** Display form with the serial digits hidden: 010203-XXXX, 19010203-XXXX. */
  masked: string;
  confidence: Confidence;
  /** The same digits are also valid as this kind of the other country; `kind` is the one chosen. */
  alsoValidAs?: IdentityKind;
}

export interface FindIdentityOptions {
  /**
   * The profile's country settles digits valid as both a CPR number and a Swedish number: the
   * municipality writes about its own citizens. Without it, the text's language decides.
   */
  country?: 'dk' | 'se';
  /** The text's language breaks a tie between a CPR and a Swedish reading of the same digits. */
  lang?: TextLang;
  /** Drop matches below this confidence (default: keep all). */
  minConfidence?: Confidence;
}

// The package's CommonJS build is `module.exports = Personnummer`, while its types declare an
// ES default export; under NodeNext the types therefore put the class one `.default` too deep.
const Personnummer = personnummerModule as unknown as typeof personnummerModule.default;
type Personnummer = InstanceType<typeof Personnummer>;

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
const BY_RANK: Confidence[] = ['low', 'medium', 'high'];

const CONTEXT_WINDOW = 48;

// Context words are single words; trailing full stops are ignored ("tlf." is "tlf").
const CONTEXT = new Map<string, 'positive' | 'negative'>([
  ...contextData.positive.map((w) => [stripDots(w.toLowerCase()), 'positive'] as const),
  ...contextData.negative.map((w) => [stripDots(w.toLowerCase()), 'negative'] as const),
]);

function stripDots(word: string): string {
  return word.replace(/\.+$/, '');
}

export function findIdentityNumbers(text: string, options: FindIdentityOptions = {}): IdentityNumberMatch[] {
  const out: IdentityNumberMatch[] = [];
  const min = RANK[options.minConfidence ?? 'low'];
  for (const c of candidates(text)) {
    const found = classify(c.head, c.sep, c.serial, contextBefore(text, c.start), options);
    if (!found || RANK[found.confidence] < min) continue;
    out.push({
      kind: found.kind,
      country: found.country,
      confidence: found.confidence,
      start: c.start,
      end: c.end,
      text: text.slice(c.start, c.end),
      masked: `${c.head}-XXXX`,
      ...(found.alsoValidAs ? { alsoValidAs: found.alsoValidAs } : {}),
    });
  }
  return out;
}

interface Candidate {
  start: number;
  end: number;
  /** The 6 or 8 date digits, the separator ('' when none) and the 4 serial digits. */
  head: string;
  sep: string;
  serial: string;
}

/**
 * Runs of digits shaped like an identity number: 6 or 8 digits, an optional separator (- – + or
 * one space) and 4 digits, or 10 or 12 digits in one run. A hand-written scan rather than a
 * regular expression: it skips non-digits at the cost of one comparison each and allocates only
 * for real candidates, which matters at a megabyte of text.
 */
function* candidates(text: string): Generator<Candidate> {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    const run = i - start;
    if (run === 10 || run === 12) {
      if (bounded(text, start, i)) yield { start, end: i, head: text.slice(start, i - 4), sep: '', serial: text.slice(i - 4, i) };
      continue;
    }
    if (run !== 6 && run !== 8) continue;
    const sepCode = text.charCodeAt(i);
    if (!(sepCode === 0x2d || sepCode === 0x2013 || sepCode === 0x2b || sepCode === 0x20)) continue;
    let j = i + 1;
    while (j < n && isDigit(text.charCodeAt(j))) j++;
    if (j - i - 1 !== 4 || !bounded(text, start, j)) continue;
    yield { start, end: j, head: text.slice(start, i), sep: text[i]!, serial: text.slice(i + 1, j) };
    i = j;
  }
}

/**
 * Not part of a word, nor of an account number such as "1234-0102031234" or a range such as
 * "01012024-31122024" (the digit runs themselves are already whole).
 */
function bounded(text: string, start: number, end: number): boolean {
  const before = text.charCodeAt(start - 1);
  if (isLetterCode(before)) return false;
  if ((before === 0x2d || before === 0x2e || before === 0x2f || before === 0x2013) && isDigit(text.charCodeAt(start - 2))) return false;
  const after = text.charCodeAt(end);
  if (isLetterCode(after)) return false;
  return !((after === 0x2d || after === 0x2e || after === 0x2f || after === 0x2013) && isDigit(text.charCodeAt(end + 1)));
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The text with every identity number replaced by its masked form (for logs and lists). */
export function maskIdentityNumbers(text: string, options: FindIdentityOptions = {}): string {
  const found = findIdentityNumbers(text, options);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const f of found) {
    out += text.slice(at, f.start) + f.masked;
    at = f.end;
  }
  return out + text.slice(at);
}

/** 'cpr' is a positive context word that also says the number is Danish. */
type Context = 'cpr' | 'positive' | 'negative' | 'none';

/** The nearest context word before the number, within a short window on the same line. */
function contextBefore(text: string, at: number): Context {
  const from = Math.max(0, at - CONTEXT_WINDOW);
  // Walk words right to left: the first known one is the nearest.
  let end = at;
  while (end > from) {
    let c = text.charCodeAt(end - 1);
    if (c === 0x0a) return 'none';
    if (!isWordCode(c)) {
      end--;
      continue;
    }
    let start = end;
    while (start > from && isWordCode((c = text.charCodeAt(start - 1)))) start--;
    let wordEnd = end;
    while (wordEnd > start && text.charCodeAt(wordEnd - 1) === 0x2e) wordEnd--; // "tlf." is "tlf"
    const word = text.slice(start, wordEnd).toLowerCase();
    const kind = CONTEXT.get(word) ?? CONTEXT.get(firstPart(word));
    if (kind === 'negative') return 'negative';
    if (kind === 'positive') return word.startsWith('cpr') ? 'cpr' : 'positive';
    end = start;
  }
  return 'none';
}

/** "cpr-nr" → "cpr", "j.nr" → "j". */
function firstPart(word: string): string {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 0x2d || c === 0x2e) return word.slice(0, i);
  }
  return word;
}

/** Letters, digits and the marks inside context words: "cpr-nr.", "j.nr", "sms'e". */
function isWordCode(c: number): boolean {
  return isDigit(c) || isLetterCode(c) || c === 0x2d || c === 0x2e || c === 0x27;
}

interface Reading {
  kind: IdentityKind;
  country: 'dk' | 'se';
  confidence: Confidence;
  alsoValidAs?: IdentityKind;
}

function classify(head: string, sep: string, serial: string, context: Context, options: FindIdentityOptions): Reading | undefined {
  if (context === 'negative') return undefined;
  const swedish = swedishReading(head, sep, serial);
  const cpr = head.length === 6 && sep !== '+' && isCprDate(head, serial) ? cprReading(head, serial) : undefined;
  if (!swedish && !cpr) return undefined;
  // Both readings can be valid for the same 10 digits. A "cpr" just before settles it; else the
  // profile's country; without one, the Luhn check passes by chance only one time in ten, so the
  // Swedish reading wins unless the text is Danish.
  const preferCpr = context === 'cpr' || (options.country ? options.country === 'dk' : options.lang === 'da');
  const pick = swedish && cpr ? (preferCpr ? cpr : swedish) : (swedish ?? cpr)!;
  const other = swedish && cpr ? (pick === cpr ? swedish : cpr) : undefined;
  let rank = sep === '-' || sep === '–' || sep === '+' ? 1 : 0;
  if (pick.checked) rank++;
  if (context === 'positive' || context === 'cpr') rank = 2;
  if (head.length === 8) rank = Math.max(rank, 1);
  return { kind: pick.kind, country: pick.country, confidence: BY_RANK[Math.min(rank, 2)]!, ...(other ? { alsoValidAs: other.kind } : {}) };
}

interface CheckedReading {
  kind: IdentityKind;
  country: 'dk' | 'se';
  /** Passed a check digit test (Luhn for Sweden, modulus 11 for Denmark). */
  checked: boolean;
}

/**
 * The Swedish reading: Luhn over the last ten digits and a real date (day + 60 for a
 * samordningsnummer). Checked here rather than with `personnummer`, which reports a failure by
 * throwing and costs far more per look-alike at a megabyte of text; `normaliseIdentityNumber`,
 * which must also settle the century, uses the package.
 */
function swedishReading(head: string, sep: string, serial: string): CheckedReading | undefined {
  const at = head.length - 6; // YYMMDD starts here
  if (!luhn(head, at, serial)) return undefined;
  const rawDay = twoDigits(head, at + 4);
  const coordination = rawDay > 60;
  const day = coordination ? rawDay - 60 : rawDay;
  const month = twoDigits(head, at + 2);
  // Leap days need the century: from the 12 digits, else the latest year not in the future
  // (or a century earlier with '+'); 29 February is accepted when either century allows it.
  const yy = twoDigits(head, at);
  const dated =
    head.length === 8
      ? isDate(twoDigits(head, 0) * 100 + yy, month, day)
      : isDate((sep === '+' ? 1800 : 1900) + yy, month, day) || isDate((sep === '+' ? 1900 : 2000) + yy, month, day);
  if (!dated) return undefined;
  return { kind: coordination ? 'samordningsnummer' : 'personnummer', country: 'se', checked: true };
}

/** Luhn over YYMMDD (from `head` at `at`) and the serial, read as char codes: no strings made. */
function luhn(head: string, at: number, serial: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = (i < 6 ? head.charCodeAt(at + i) : serial.charCodeAt(i - 6)) - 0x30;
    const weighted = i % 2 === 0 ? d * 2 : d;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return sum % 10 === 0;
}

function twoDigits(s: string, at: number): number {
  return (s.charCodeAt(at) - 0x30) * 10 + s.charCodeAt(at + 1) - 0x30;
}

const CPR_WEIGHTS = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

function cprReading(head: string, serial: string): CheckedReading {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += ((i < 6 ? head.charCodeAt(i) : serial.charCodeAt(i - 6)) - 0x30) * CPR_WEIGHTS[i]!;
  return { kind: 'cpr', country: 'dk', checked: sum % 11 === 0 };
}

/** The CPR century rule: the 7th digit and the two-digit year give the full year. */
export function cprYear(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900 + yy;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

function isCprDate(head: string, serial: string): boolean {
  return isDate(cprYear(twoDigits(head, 4), serial.charCodeAt(0) - 0x30), twoDigits(head, 2), twoDigits(head, 0));
}

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export type NormalisedIdentity =
  | { ok: true; kind: IdentityKind; country: 'dk' | 'se'; /** DK: DDMMYYSSSS; SE: YYYYMMDDNNNN. */ canonical: string }
  | { ok: false; error: 'format' | 'invalid-date' | 'invalid-checksum' | 'ambiguous' };

/**
 * One identifier as typed by a case worker ("010203-1234", "19010203-1234", "010203+1234",
 * " 0102031234 ") to its canonical form. `country` settles 10 digits that are valid both as a
 * CPR number and as a personnummer; without it such input is `ambiguous`.
 */
export function normaliseIdentityNumber(input: string, options: { country?: 'dk' | 'se' } = {}): NormalisedIdentity {
  const m = /^\s*(\d{6}|\d{8})\s*([-–+]?)\s*(\d{4})\s*$/.exec(input);
  if (!m) return { ok: false, error: 'format' };
  const [, head = '', sep = '', serial = ''] = m;
  const wantSe = options.country === 'se' || head.length === 8 || sep === '+';
  const wantDk = options.country === 'dk' || (!wantSe && options.country === undefined);
  const cprOk = head.length === 6 && sep !== '+' && isCprDate(head, serial);
  if (wantDk && options.country !== undefined) {
    return cprOk ? { ok: true, kind: 'cpr', country: 'dk', canonical: head + serial } : { ok: false, error: 'invalid-date' };
  }
  let swedish: Personnummer | undefined;
  try {
    swedish = Personnummer.parse(`${head}${sep === '+' ? '+' : '-'}${serial}`, { allowCoordinationNumber: true, allowInterimNumber: false });
  } catch {
    swedish = undefined;
  }
  const seOk = swedish !== undefined;
  if (wantSe || (seOk && !cprOk)) {
    if (!swedish) return { ok: false, error: swedishError(head) };
    return {
      ok: true,
      kind: swedish.isCoordinationNumber() ? 'samordningsnummer' : 'personnummer',
      country: 'se',
      canonical: swedish.format(true).replace(/\D/g, ''),
    };
  }
  if (cprOk && seOk) return { ok: false, error: 'ambiguous' };
  if (cprOk) return { ok: true, kind: 'cpr', country: 'dk', canonical: head + serial };
  return { ok: false, error: 'invalid-date' };
}

function swedishError(head: string): 'invalid-date' | 'invalid-checksum' {
  const yymmdd = head.slice(-6);
  const day = Number(yymmdd.slice(4, 6));
  const year = head.length === 8 ? Number(head.slice(0, 4)) : 2000 + Number(yymmdd.slice(0, 2));
  const dateOk = isDate(year, Number(yymmdd.slice(2, 4)), day > 60 ? day - 60 : day);
  return dateOk ? 'invalid-checksum' : 'invalid-date';
}
