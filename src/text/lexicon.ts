/**
 * Word and phrase lists matched against segmented words, shared by officialese, sensitive terms
 * and the tone lists.
 *
 * A pattern is words separated by spaces; each word may carry brace alternatives for its
 * inflected forms: `erhåll{a,er,er,it,s}`, `fremsend{e,er,t,te}`, `inkomm{a,er,it} med`.
 * Matching is on whole words from the segmenter, so it is Unicode-aware by construction: the
 * same as `(?<!\p{L})…(?!\p{L})`, and it costs at most two Map lookups per word (its first and
 * second word) rather than one regex alternative per entry, which keeps it linear in the text
 * whatever the list length; a phrase is confirmed word by word, at most its length. The lookup is
 * by the segmenter's 32-bit word key (a hash of the lower-cased word), and a hit is confirmed
 * against the text, so no string is made per word.
 */
import { equalsLower, hashLower, type WordTable } from './segment.ts';

export interface LexiconEntry {
  /** Patterns (see above); all lower case unless `caseSensitive`. */
  match: string[];
  /** Match the letters' case exactly (Danish "De"/"Deres" as the formal you). */
  caseSensitive?: boolean;
}

export interface PhraseMatch<E> {
  entry: E;
  /** Word index range [firstWord, endWord). */
  firstWord: number;
  endWord: number;
  /** Text offsets [start, end). */
  start: number;
  end: number;
}

interface CompiledPattern<E> {
  entry: E;
  /** The forms each word of the phrase may take, by word key (forms that differ only in case share one). */
  words: Array<Map<number, string[]>>;
}

/** Expand `{a,b}` groups into every form; `stem{,e}` includes the bare stem. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  const close = pattern.indexOf('}', open);
  if (close < 0) throw new Error(`unclosed brace in lexicon pattern "${pattern}"`);
  const head = pattern.slice(0, open);
  const tails = expandBraces(pattern.slice(close + 1));
  return pattern
    .slice(open + 1, close)
    .split(',')
    .flatMap((alt) => tails.map((tail) => head + alt.trim() + tail));
}

const FIRST_BITS_SIZE = 1 << 16;
const FIRST_BITS_MASK = FIRST_BITS_SIZE - 1;

export class PhraseMatcher<E extends LexiconEntry> {
  /**
   * Patterns by the word key of their first word, then of their second: a common first word
   * ("är", "har", "er") starts many phrases, and only those whose second word also fits are tried.
   * Case-sensitive patterns check case on a hit.
   */
  private readonly index = new Map<number, Bucket<E>>();
  /**
   * One bit per low 16 bits of the first words' keys: most words of a text start no pattern,
   * and this turns them away with one array read instead of a Map lookup.
   */
  private readonly firstBits = new Uint8Array(FIRST_BITS_SIZE >> 3);

  constructor(entries: readonly E[]) {
    for (const entry of entries) {
      for (const pattern of entry.match) {
        // Full stops are not part of words ("p.t." is the words "p" and "t"), as in the segmenter.
        const words = pattern
          .trim()
          .split(/[\s.]+/)
          .filter((w) => w !== '')
          .map((w) => formsByKey(expandBraces(entry.caseSensitive ? w : w.toLowerCase())));
        for (const key of words[0]!.keys()) {
          this.firstBits[(key & FIRST_BITS_MASK) >> 3]! |= 1 << (key & 7);
          let bucket = this.index.get(key);
          if (!bucket) this.index.set(key, (bucket = { single: [], bySecond: new Map() }));
          if (words.length === 1) bucket.single.push({ entry, words });
          else for (const second of words[1]!.keys()) bucket.bySecond.set(second, [...(bucket.bySecond.get(second) ?? []), { entry, words }]);
        }
      }
    }
    // Longest phrase first, so "inkomma med" wins over a bare "inkomma" (phrases are tried before single words).
    for (const bucket of this.index.values()) for (const list of bucket.bySecond.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  /** Non-overlapping matches in words [from, to), left to right, longest first at each word. */
  find(words: WordTable, text: string, from = 0, to = words.count): Array<PhraseMatch<E>> {
    const out: Array<PhraseMatch<E>> = [];
    for (let i = from; i < to; ) {
      const hit = this.matchAt(words, text, i, to);
      if (hit) {
        const endWord = i + hit.words.length;
        out.push({ entry: hit.entry, firstWord: i, endWord, start: words.start[i]!, end: words.end[endWord - 1]! });
        i = endWord;
      } else i++;
    }
    return out;
  }

  private matchAt(words: WordTable, text: string, at: number, to: number): CompiledPattern<E> | undefined {
    const key = words.key[at]!;
    if ((this.firstBits[(key & FIRST_BITS_MASK) >> 3]! & (1 << (key & 7))) === 0) return undefined;
    const bucket = this.index.get(key);
    if (bucket === undefined) return undefined;
    const phrases = at + 1 < to ? bucket.bySecond.get(words.key[at + 1]!) : undefined;
    if (phrases) for (const pattern of phrases) if (matchesAt(pattern, words, text, at, to)) return pattern;
    for (const pattern of bucket.single) if (matchesAt(pattern, words, text, at, to)) return pattern;
    return undefined;
  }
}

interface Bucket<E> {
  /** One-word patterns. */
  single: Array<CompiledPattern<E>>;
  /** Longer patterns by the word keys of their second word, longest first. */
  bySecond: Map<number, Array<CompiledPattern<E>>>;
}

function formsByKey(forms: string[]): Map<number, string[]> {
  const byKey = new Map<number, string[]>();
  for (const form of forms) {
    const key = hashLower(form);
    byKey.set(key, [...(byKey.get(key) ?? []), form]);
  }
  return byKey;
}

function matchesAt<E extends LexiconEntry>(pattern: CompiledPattern<E>, words: WordTable, text: string, at: number, to: number): boolean {
  if (at + pattern.words.length > to) return false;
  const exact = pattern.entry.caseSensitive === true;
  for (let k = 0; k < pattern.words.length; k++) {
    const forms = pattern.words[k]!.get(words.key[at + k]!);
    if (forms === undefined || !anyFormAt(forms, text, words.start[at + k]!, words.end[at + k]!, exact)) return false;
  }
  return true;
}

/** A plain loop, no callback: this runs for every word whose key is in the index. */
function anyFormAt(forms: readonly string[], text: string, start: number, end: number, exact: boolean): boolean {
  for (const form of forms) {
    if (exact ? end - start === form.length && text.startsWith(form, start) : equalsLower(text, start, end, form)) return true;
  }
  return false;
}
