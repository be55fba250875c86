/**
 * Language of a message and of each paragraph: Danish, Swedish or English.
 *
 * `eld` (Efficient Language Detector, n-gram based, maintained) does the work. `franc-min` was
 * measured on the same corpus and dropped: it has no Danish model at all and calls Danish text
 * Swedish. eld alone mixes up short Danish and Swedish paragraphs now and then, because they share
 * most n-grams; the letters æ/ø and ä/ö never occur in the other language's words, and a few
 * frequent function words differ ("ikke"/"inte", "jeg"/"jag", "og"/"och"), so they settle close
 * calls (see `danishSwedishVote`). eld loads its medium database cut down to da/en/sv (made by
 * `scripts/eld-subset.ts`, shipped in `patches/`), so Norwegian never wins, and a thread starts in
 * well under a tenth of a second with 3 MB of n-grams, instead of a second and 60 MB for all 60
 * languages.
 * eld costs about 0.8 ms per KB, so a paragraph is judged on its first `SAMPLE` characters and
 * a message on a few samples spread over it: the answer does not change after that many letters.
 */
import { eld } from 'eld';
import type { TextLang } from './segment.ts';
import { paragraphRanges } from './segment.ts';

// eld's types declare one export for both kinds of entry; this, the dynamic one, can load().
await (eld as typeof eld & { load(name: string): Promise<unknown> }).load('medium-da-en-sv');

const SAMPLE = 600;
const MESSAGE_SAMPLES = 4;

export interface LanguageGuess {
  /** undefined when the text has too few letters to say. */
  lang: TextLang | undefined;
  /** Between 0 and 1. */
  confidence: number;
}

export interface ParagraphLanguage extends LanguageGuess {
  start: number;
  end: number;
}

export function detectLanguage(text: string): LanguageGuess {
  if (text.length <= SAMPLE * MESSAGE_SAMPLES) return detectSample(text);
  const step = Math.floor(text.length / MESSAGE_SAMPLES);
  const parts: string[] = [];
  for (let i = 0; i < MESSAGE_SAMPLES; i++) parts.push(text.slice(i * step, i * step + SAMPLE));
  return detectSample(parts.join('\n'));
}

export function detectParagraphLanguages(text: string): ParagraphLanguage[] {
  return paragraphRanges(text).map(([start, end]) => ({ start, end, ...detectSample(text.slice(start, Math.min(end, start + SAMPLE))) }));
}

function detectSample(sample: string): LanguageGuess {
  if (!hasLetters(sample, 8)) return { lang: undefined, confidence: 0 };
  const result = eld.detect(sample);
  const scores = result.getScores();
  let lang = asLang(result.language);
  if (lang !== 'en') {
    const vote = danishSwedishVote(sample.toLowerCase());
    if (vote !== 0 && (lang === undefined || Math.abs(vote) >= 2 || (scores.en ?? 0) < Math.max(scores.da ?? 0, scores.sv ?? 0))) {
      lang = vote > 0 ? 'da' : 'sv';
    }
  }
  if (lang === undefined) return { lang: undefined, confidence: 0 };
  const total = (scores.da ?? 0) + (scores.sv ?? 0) + (scores.en ?? 0);
  const confidence = total > 0 ? (scores[lang] ?? 0) / total : 0.5;
  return { lang, confidence: Math.round(Math.min(1, confidence * 1.5) * 100) / 100 };
}

const LETTERS = /\p{L}+/gu;

/** At least `n` letters (UTF-16 units), counted only until there are enough. */
function hasLetters(text: string, n: number): boolean {
  let count = 0;
  LETTERS.lastIndex = 0;
  while (count < n) {
    const run = LETTERS.exec(text);
    if (!run) return false;
    count += run[0].length;
  }
  return true;
}

function asLang(code: string): TextLang | undefined {
  return code === 'da' || code === 'sv' || code === 'en' ? code : undefined;
}

const DANISH_LETTERS = /[æø]/g;
const SWEDISH_LETTERS = /[äö]/g;
const DANISH_WORDS = /(?<!\p{L})(?:ikke|jeg|og|af|hvis|hvad|hvor|også|meget|være|skal|vil|fra|her|venlig|hilsen|tak|vores|jeres|nogen|noget|hvordan|spørgsmål)(?!\p{L})/gu;
const SWEDISH_WORDS = /(?<!\p{L})(?:inte|jag|och|av|vad|också|mycket|vara|ska|vill|från|här|vänlig|hälsning|tack|vår|våra|hur|inget|ert|era|någon|något|frågor)(?!\p{L})/gu;

/**
 * Positive for Danish, negative for Swedish, 0 when undecided: the distinctive letters count
 * double, then words that only one of the two languages uses. Shared words count for both and so
 * cancel out.
 */
export function danishSwedishVote(lower: string): number {
  const letters = count(lower, DANISH_LETTERS) - count(lower, SWEDISH_LETTERS);
  const words = count(lower, DANISH_WORDS) - count(lower, SWEDISH_WORDS);
  return 2 * Math.sign(letters) + Math.sign(words);
}

function count(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let n = 0;
  while (pattern.exec(text)) n++;
  return n;
}
