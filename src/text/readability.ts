/**
 * Readability (FX-10, BK-9): LIX, its band per language, and the sentences and paragraphs that
 * are too long. LIX = words / sentences + 100 × long words / words, where a long word has more
 * than six letters. Bands and limits are data (`data/readability.json`).
 */
import data from './data/readability.json' with { type: 'json' };
import type { Segmentation, TextLang } from './segment.ts';

export type LixBand = 'very-easy' | 'easy' | 'medium' | 'hard' | 'very-hard';

export interface ReadabilityOptions {
  longSentenceWords?: number;
  longParagraphWords?: number;
}

export interface Span {
  start: number;
  end: number;
  words: number;
}

export interface Readability {
  lix: number;
  band: LixBand;
  words: number;
  sentences: number;
  longWords: number;
  longSentences: Span[];
  longParagraphs: Span[];
}

const BANDS = data.bands as Record<TextLang, Array<{ below: number | null; band: LixBand }>>;

export function lixBand(lix: number, lang: TextLang): LixBand {
  return BANDS[lang].find((b) => b.below === null || lix < b.below)!.band;
}

/** LIX over sentences that have words; 0 for a text without words. */
export function readability(seg: Segmentation, lang: TextLang, options: ReadabilityOptions = {}): Readability {
  const longSentenceWords = options.longSentenceWords ?? data.longSentenceWords;
  const longParagraphWords = options.longParagraphWords ?? data.longParagraphWords;
  let longWords = 0;
  const { count, letters } = seg.table;
  for (let k = 0; k < count; k++) if (letters[k]! > data.longWordLetters) longWords++;
  const sentencesWithWords = seg.sentences.filter((s) => s.endWord > s.firstWord);
  const words = count;
  const lix = words === 0 ? 0 : words / sentencesWithWords.length + (100 * longWords) / words;
  const rounded = Math.round(lix * 10) / 10;
  const longSentences = sentencesWithWords
    .filter((s) => s.endWord - s.firstWord > longSentenceWords)
    .map((s) => ({ start: s.start, end: s.end, words: s.endWord - s.firstWord }));
  const longParagraphs: Span[] = [];
  for (const p of seg.paragraphs) {
    const first = seg.sentences[p.firstSentence];
    const last = seg.sentences[p.endSentence - 1];
    const count = first && last ? last.endWord - first.firstWord : 0;
    if (count > longParagraphWords) longParagraphs.push({ start: p.start, end: p.end, words: count });
  }
  return {
    lix: rounded,
    band: lixBand(rounded, lang),
    words,
    sentences: sentencesWithWords.length,
    longWords,
    longSentences,
    longParagraphs,
  };
}
