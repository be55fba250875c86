/**
 * What a reviewer should consider masking (BK-25), and what still identifies the person in a
 * secrecy-first unit (BK-26): identity numbers (`text/identity`), e-mail addresses, phone numbers,
 * sensitive terms (`text/sensitive`), and the person's name as the message's addresses and its
 * greeting give it. Suggestions only: the reviewer decides and names the ground.
 */
import { findIdentityNumbers } from '../text/identity.ts';
import { findSensitiveTerms } from '../text/sensitive.ts';
import { scanWords } from '../text/segment.ts';
import greetings from './data/greetings.json' with { type: 'json' };
import type { RequestDocument } from './documents.ts';

export type SuggestionKind = 'identity-number' | 'email' | 'phone' | 'sensitive' | 'name';

/** Whether an address is the municipality's own (`rules.internalDomains`). */
export type OwnAddress = (address: string) => boolean;

export interface Span {
  start: number;
  end: number;
}

export interface Suggestion extends Span {
  document: string;
  part: string;
  kind: SuggestionKind;
  text: string;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
// Danish (8 digits, pairs) and Swedish (0-prefixed area code) numbers, with an optional +45/+46.
const PHONE = /(?<![\p{N}-])(?:\+4[56][ -]?)?(?:\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}|0\d{1,3}[ -]?\d{2,3}[ -]?\d{2}[ -]?\d{2})(?![\p{N}-])/gu;
const GREETING = new RegExp(
  `(?:^|\\n)\\s*(?:${greetings.words.join('|')})\\s+((?:\\p{Lu}[\\p{L}'-]+)(?:\\s+\\p{Lu}[\\p{L}'-]+){0,3})`,
  'giu',
);

function regexSpans(text: string, re: RegExp): Array<Span & { text: string }> {
  return [...text.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
}

/** Every place `needle` occurs in `text`, ignoring case. */
function occurrences(text: string, needle: string): Span[] {
  const out: Span[] = [];
  const hay = text.toLocaleLowerCase();
  const n = needle.toLocaleLowerCase();
  if (n.length < 2) return out;
  for (let at = hay.indexOf(n); at >= 0; at = hay.indexOf(n, at + n.length)) out.push({ start: at, end: at + n.length });
  return out;
}

/**
 * The person's identifiers found anywhere in the documents (BK-26): identity numbers, e-mail
 * addresses, phone numbers, and names from the addresses and greetings.
 */
export function personIdentifiers(documents: RequestDocument[], isOwn: OwnAddress): string[] {
  const found = new Set<string>();
  for (const doc of documents) {
    for (const a of [doc.from, ...doc.to]) {
      // The municipality's own people act in office; the person is the one outside.
      if (!a || isOwn(a.address)) continue;
      found.add(a.address.toLowerCase());
      if (a.name && a.name.trim().length > 1) found.add(a.name.trim());
    }
    for (const p of doc.parts) {
      for (const m of findIdentityNumbers(p.text)) found.add(m.text);
      for (const m of regexSpans(p.text, EMAIL)) if (!isOwn(m.text)) found.add(m.text.toLowerCase());
      for (const m of regexSpans(p.text, PHONE)) found.add(m.text);
      for (const m of p.text.matchAll(GREETING)) found.add(m[1]!);
    }
  }
  return [...found];
}

/** Suggested masks for every part: detector matches and every occurrence of the person's identifiers. */
export function suggestMasks(documents: RequestDocument[], isOwn: OwnAddress): Suggestion[] {
  const identifiers = personIdentifiers(documents, isOwn);
  const out: Suggestion[] = [];
  for (const doc of documents) {
    for (const p of doc.parts) {
      const add = (kind: SuggestionKind, s: Span) => out.push({ document: doc.id, part: p.part, kind, start: s.start, end: s.end, text: p.text.slice(s.start, s.end) });
      for (const m of findIdentityNumbers(p.text)) add('identity-number', m);
      // The municipality's own addresses are its officials' in office, not the person's.
      for (const m of regexSpans(p.text, EMAIL)) if (!isOwn(m.text)) add('email', m);
      for (const m of regexSpans(p.text, PHONE)) add('phone', m);
      for (const m of findSensitiveTerms({ text: p.text, table: scanWords(p.text) })) add('sensitive', m);
      for (const id of identifiers) for (const s of occurrences(p.text, id)) add('name', s);
    }
  }
  return dropOverlaps(out);
}

/** Keep the first (earliest, then longest) of overlapping suggestions in each part. */
function dropOverlaps(list: Suggestion[]): Suggestion[] {
  list.sort((a, b) => a.document.localeCompare(b.document) || a.part.localeCompare(b.part) || a.start - b.start || b.end - a.end);
  const out: Suggestion[] = [];
  for (const s of list) {
    const last = out.at(-1);
    if (last && last.document === s.document && last.part === s.part && s.start < last.end) continue;
    out.push(s);
  }
  return out;
}

/** The text with the spans cut out, for checking what a release would still show. */
export function unmaskedText(text: string, spans: Span[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start > at) out += text.slice(at, s.start);
    out += '\u0000';
    at = Math.max(at, s.end);
  }
  return out + text.slice(at);
}

/** BK-26: the identifiers that a release with these masks would still show. */
export function remainingIdentifiers(
  documents: RequestDocument[],
  masksOf: (document: string, part: string) => Span[],
  isOwn: OwnAddress,
): string[] {
  const identifiers = personIdentifiers(documents, isOwn);
  const left = new Set<string>();
  for (const doc of documents) {
    for (const p of doc.parts) {
      const shown = unmaskedText(p.text, masksOf(doc.id, p.part));
      for (const id of identifiers) if (occurrences(shown, id).length > 0) left.add(id);
    }
  }
  return [...left];
}
