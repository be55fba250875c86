/**
 * What several rules need to read a message the same way: the writer's own new text, whether
 * it is a reply or a forward, its recipients and their domains, word lists turned into
 * Unicode-aware matchers, and where a recipient sits in a header.
 */
import { z } from 'zod';
import { SENSITIVE_CATEGORIES } from '../text/sensitive.ts';
import { translate, type Lang, type Params } from '../i18n/catalog.ts';
import type { IdentityNumberMatch } from '../text/identity.ts';
import { textMessages } from '../text/messages.ts';
import { header, type Address, type Message } from '../message/types.ts';
import type { Location } from './types.ts';
import headerData from './data/headers.json' with { type: 'json' };

export interface Range {
  start: number;
  end: number;
}

/** The writer's own text: the `new` segments, or the whole body when the parser found no segments. */
export function newTextRanges(message: Message): Range[] {
  const segments = message.body.segments;
  if (segments.length === 0) return message.body.text.length ? [{ start: 0, end: message.body.text.length }] : [];
  return segments.filter((s) => s.kind === 'new').map(({ start, end }) => ({ start, end }));
}

/** The new text joined, with a way back from an offset in it to an offset in the body. */
export interface NewText {
  text: string;
  toBody(offset: number): number;
}

// Several rules read the new text of the same message; it is joined once per message.
const newTexts = new WeakMap<Message, NewText>();

export function newText(message: Message): NewText {
  let cached = newTexts.get(message);
  if (!cached) {
    cached = joinNewText(message);
    newTexts.set(message, cached);
  }
  return cached;
}

function joinNewText(message: Message): NewText {
  const ranges = newTextRanges(message);
  const text = ranges.map((r) => message.body.text.slice(r.start, r.end)).join('\n');
  return {
    text,
    toBody(offset: number): number {
      let base = 0;
      for (const r of ranges) {
        const length = r.end - r.start;
        if (offset <= base + length) return r.start + (offset - base);
        base += length + 1;
      }
      return ranges.at(-1)?.end ?? 0;
    },
  };
}

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
const WORD_AT = new RegExp(WORD.source, WORD.flags);

/** How many words a text has, and where word number `nth` (0-based) and the last word stand. */
export interface WordScan {
  count: number;
  nth?: Range;
  last?: Range;
}

/**
 * Counts words without keeping every match: a long mail has tens of thousands of them. `test`
 * makes no match object, so it counts in about half the time of `exec`; only the two words
 * asked for are matched again from where the search for them began, to learn their start.
 */
export function scanWords(text: string, nth = -1): WordScan {
  const scan: WordScan = { count: 0 };
  let from = 0;
  let lastFrom = 0;
  WORD.lastIndex = 0;
  while (WORD.test(text)) {
    if (scan.count === nth) scan.nth = wordFrom(text, from);
    lastFrom = from;
    from = WORD.lastIndex;
    scan.count++;
  }
  if (scan.count > 0) scan.last = wordFrom(text, lastFrom);
  return scan;
}

/** The first word at or after `from` (a separate pattern, so a running count keeps its place). */
function wordFrom(text: string, from: number): Range {
  WORD_AT.lastIndex = from;
  const m = WORD_AT.exec(text)!;
  return { start: m.index, end: m.index + m[0].length };
}

export function countWords(text: string): number {
  return scanWords(text).count;
}

function prefixPattern(prefixes: string[]): RegExp {
  return new RegExp(`^\\s*(?:(?:${prefixes.join('|')})\\s*(?:\\[\\d+\\])?\\s*:\\s*)+`, 'iu');
}
const REPLY_PREFIX = prefixPattern(headerData.replyPrefixes);
const ANY_PREFIX = prefixPattern([...headerData.replyPrefixes, ...headerData.forwardPrefixes]);

/** A reply: it names the message it answers, or its subject starts with Re:/SV:/AW: … */
export function isReply(message: Message): boolean {
  return Boolean(message.inReplyTo) || message.references.length > 0 || REPLY_PREFIX.test(message.subject);
}

/** The subject without Re:/SV:/Fwd:/VS: prefixes, and the length of what was removed. */
export function stripSubjectPrefixes(subject: string): { text: string; offset: number } {
  const m = ANY_PREFIX.exec(subject);
  const offset = m ? m[0].length : 0;
  return { text: subject.slice(offset), offset };
}

export function allRecipients(message: Message): Address[] {
  return [...message.to, ...message.cc, ...message.bcc];
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** The domain is one of the internal domains or a subdomain of one. */
export function isInternal(address: string, internalDomains: string[]): boolean {
  const domain = domainOf(address);
  return internalDomains.some((d) => {
    const internal = d.toLowerCase();
    return domain === internal || domain.endsWith(`.${internal}`);
  });
}

/**
 * Where `needle` stands in a header's value, as a header location; the whole header when it is
 * not found there (for example when the parser gives no such header, as in a MeMo letter).
 */
export function headerLocation(message: Message, name: string, needle?: string): Location {
  const value = header(message, name);
  if (value !== undefined && needle) {
    const start = value.toLowerCase().indexOf(needle.toLowerCase());
    if (start >= 0) return { kind: 'header', header: name, start, end: start + needle.length };
  }
  return { kind: 'header', header: name };
}

/** The header the subject lives in: Subject for e-mail, the MeMo label for a letter. */
export function subjectHeader(message: Message): string {
  return message.channel === 'digitalpost' ? 'label' : 'Subject';
}

/** A match of a word list, with its place in the searched text. */
export interface PhraseMatch extends Range {
  text: string;
}

export type WordLists = Partial<Record<Lang, string[]>>;

/**
 * A matcher for a word list from `data/`. `*` at the end of an entry matches any ending
 * (inflections: "godkend*" → godkender, godkendelse); spaces match any white space. Word edges
 * are Unicode letters, since `\b` in JavaScript only knows ASCII.
 */
export class PhraseMatcher {
  readonly #pattern: RegExp;

  constructor(lists: WordLists | string[]) {
    const entries = Array.isArray(lists) ? lists : Object.values(lists).flat();
    const alternatives = [...new Set(entries.map((e) => e.toLowerCase()))]
      .sort((a, b) => b.length - a.length)
      .map((entry) => {
        const stem = entry.endsWith('*');
        const body = (stem ? entry.slice(0, -1) : entry)
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\s+/g, '\\s+');
        return stem ? `${body}\\p{L}*` : body;
      });
    this.#pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  }

  /** The first match only: stops there instead of listing every match of a long text. */
  first(text: string): PhraseMatch | undefined {
    this.#pattern.lastIndex = 0;
    const m = this.#pattern.exec(text);
    return m ? { start: m.index, end: m.index + m[0].length, text: m[0] } : undefined;
  }

  all(text: string): PhraseMatch[] {
    return [...text.matchAll(this.#pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
  }
}

/**
 * `build` remembered for its last arguments (compared by identity). Rules compile patterns from
 * the settings, which stay the same from one message to the next, so they compile them once.
 */
export function rememberLast<A extends unknown[], R>(build: (...args: A) => R): (...args: A) => R {
  let lastArgs: A | undefined;
  let last: R;
  return (...args) => {
    if (!lastArgs || args.length !== lastArgs.length || args.some((a, i) => a !== lastArgs![i])) {
      last = build(...args);
      lastArgs = args;
    }
    return last;
  };
}

/** Sentence-ish stretches of text (split at . ! ? and line breaks), with offsets. */
export function sentences(text: string): PhraseMatch[] {
  return [...text.matchAll(/[^.!?\n]+[.!?]*/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
}

/**
 * Someone outside the organisation gets the message: a Digital Post letter always, an e-mail
 * when a recipient is outside the internal domains (or none are configured).
 */
export function reachesCitizen(message: Message, internalDomains: string[]): boolean {
  if (message.channel === 'digitalpost') return true;
  if (internalDomains.length === 0) return true;
  return allRecipients(message).some((r) => !isInternal(r.address, internalDomains));
}

/** The options of the two sensitive-data rules (BK-27, BK-28): which categories to look for. */
export const sensitiveCategoriesOptions = z
  .object({ categories: z.array(z.enum(SENSITIVE_CATEGORIES)).default([...SENSITIVE_CATEGORIES]) })
  .strict()
  .default({ categories: [...SENSITIVE_CATEGORIES] });

/**
 * How an identity-number rule names what it found (BK-27): `found`, or `foundEither` when the
 * digits are valid in both countries and the profile's country settled which one it is.
 */
export function identityReport(m: IdentityNumberMatch, lang: Lang): { messageId: 'found' | 'foundEither'; params: Params } {
  const params = { kind: translate(textMessages, lang, m.kind), masked: m.masked };
  if (!m.alsoValidAs) return { messageId: 'found', params };
  return {
    messageId: 'foundEither',
    params: { ...params, other: translate(textMessages, lang, m.alsoValidAs), country: translate(textMessages, lang, `country.${m.country}`) },
  };
}
