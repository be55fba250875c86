/**
 * Tone (FX-5, BK-9): is a message written in anger? Signals per sentence:
 * - harsh words and idioms from a valence lexicon (AFINN's −5…+5 scale), with negation ("ikke",
 *   "inte", "not" within three words before turns the sign and halves the weight) and
 *   intensifiers ("dybt", "förbannat", "totally" just before a harsh word weigh it by 1.5);
 * - insults and threats (lists, always a signal);
 * - shouting: words in capitals, stacked !!! and ?!.
 * Mild regret ("desværre", "tyvärr", −1) never adds up to anger: a polite refusal is not angry.
 * The verdict `angry` is what the gateway uses to hold a message until the next morning.
 */
import da from './data/tone.da.json' with { type: 'json' };
import sv from './data/tone.sv.json' with { type: 'json' };
import en from './data/tone.en.json' with { type: 'json' };
import { PhraseMatcher, type LexiconEntry } from './lexicon.ts';
import { segment, wordLower, type Segmentation, type TextLang } from './segment.ts';

export type ToneSignalKind = 'insult' | 'threat' | 'harsh' | 'shouting';

export interface ToneSignal {
  kind: ToneSignalKind;
  start: number;
  end: number;
  text: string;
}

export interface ToneResult {
  /** Sum of valence and penalties; negative is hostile, around 0 is neutral. */
  score: number;
  angry: boolean;
  /** Sentences judged angry, with offsets. */
  angrySentences: Array<{ start: number; end: number }>;
  signals: ToneSignal[];
}

interface ValenceEntry extends LexiconEntry {
  score: number;
}

interface ToneLexicon {
  valence: PhraseMatcher<ValenceEntry>;
  /** Insults and threats in one matcher: one pass over the words for both lists. */
  hostile: PhraseMatcher<LexiconEntry>;
  /** To tell a threat from an insult among the hostile matches. */
  threatEntries: Set<LexiconEntry>;
  /** Words that sharpen the harsh word right after them: "dybt uprofessionelt". */
  intensifiers: Set<string>;
}

function lexicon(data: { valence: ValenceEntry[]; insults: LexiconEntry[]; threats: LexiconEntry[]; intensifiers: string[] }): ToneLexicon {
  return {
    intensifiers: new Set(data.intensifiers),
    valence: new PhraseMatcher(data.valence),
    hostile: new PhraseMatcher([...data.insults, ...data.threats]),
    threatEntries: new Set(data.threats),
  };
}

const LEXICONS: Record<TextLang, ToneLexicon> = { da: lexicon(da), sv: lexicon(sv), en: lexicon(en) };
const NEGATORS = new Set(['ikke', 'ikk', 'aldrig', 'ingen', 'intet', 'inte', 'icke', 'ej', 'aldrig', 'inga', 'inget', 'not', "don't", "isn't", "wasn't", 'never', 'no']);
const NEGATION_REACH = 3;
const INTENSIFIER_WEIGHT = 1.5;
const PENALTY = { insult: -5, threat: -5, caps: -2, marks: -1 } as const;
/** Harsh valence at or below this in one sentence is anger. */
const ANGER_THRESHOLD = -3;
const STACKED_MARKS = /[!?]*(?:!!|\?!|!\?)[!?]*/g;

export function analyseTone(text: string, lang: TextLang, seg: Segmentation = segment(text, lang)): ToneResult {
  const lex = LEXICONS[lang];
  const signals: ToneSignal[] = [];
  const angrySentences: ToneResult['angrySentences'] = [];
  const signal = (kind: ToneSignalKind, start: number, end: number): void => {
    signals.push({ kind, start, end, text: text.slice(start, end) });
  };
  // Each list is matched once over the whole text; the matches are then walked sentence by sentence.
  const valence = new Cursor(lex.valence.find(seg.table, text));
  const hostile = new Cursor(lex.hostile.find(seg.table, text));
  const marks = new Cursor(stackedMarks(text));
  let score = 0;
  for (const sentence of seg.sentences) {
    const { firstWord, endWord } = sentence;
    let harsh = 0;
    let kind = false;
    for (const m of valence.until(sentence.end)) {
      const value = isNegated(seg, m.firstWord, firstWord)
        ? -m.entry.score / 2
        : m.entry.score < 0 && m.firstWord > firstWord && lex.intensifiers.has(wordLower(seg, m.firstWord - 1))
          ? m.entry.score * INTENSIFIER_WEIGHT
          : m.entry.score;
      score += value;
      if (value > 0) kind = true;
      if (value <= -2) {
        harsh += value;
        signal('harsh', m.start, m.end);
      }
    }
    const insultsAndThreats = hostile.until(sentence.end);
    for (const m of insultsAndThreats) {
      const isThreat = lex.threatEntries.has(m.entry);
      score += isThreat ? PENALTY.threat : PENALTY.insult;
      signal(isThreat ? 'threat' : 'insult', m.start, m.end);
    }
    const shouting = shoutingIn(seg, firstWord, endWord, marks.until(sentence.end));
    for (const s of shouting.spans) signal('shouting', s.start, s.end);
    score += shouting.penalty;
    // Shouting is anger unless the sentence is friendly ("Tusind tak!!!").
    const angry =
      insultsAndThreats.length > 0 || harsh <= ANGER_THRESHOLD || (shouting.penalty <= -2 && !kind) || (shouting.penalty < 0 && harsh < 0);
    if (angry) angrySentences.push({ start: sentence.start, end: sentence.end });
  }
  signals.sort((a, b) => a.start - b.start);
  return { score: Math.round(score * 10) / 10, angry: angrySentences.length > 0, angrySentences, signals: withoutHarshTwins(signals) };
}

/**
 * A word on both the harsh and the insult (or threat) list ("åndssvag") is one finding, the
 * stronger one: a harsh signal that overlaps an insult or threat is dropped. `signals` is sorted.
 */
function withoutHarshTwins(signals: ToneSignal[]): ToneSignal[] {
  const hostile = signals.filter((s) => s.kind === 'insult' || s.kind === 'threat');
  if (hostile.length === 0) return signals;
  let h = 0;
  return signals.filter((s) => {
    if (s.kind !== 'harsh') return true;
    while (h < hostile.length && hostile[h]!.end <= s.start) h++;
    return !(h < hostile.length && hostile[h]!.start < s.end);
  });
}

/** Walks items sorted by `start`, handing out those that start before a limit. */
class Cursor<T extends { start: number }> {
  private at = 0;
  constructor(private readonly items: readonly T[]) {}

  until(limit: number): T[] {
    const from = this.at;
    while (this.at < this.items.length && this.items[this.at]!.start < limit) this.at++;
    return from === this.at ? NONE : this.items.slice(from, this.at);
  }
}
const NONE: never[] = [];

function isNegated(seg: Segmentation, at: number, sentenceStart: number): boolean {
  for (let k = Math.max(sentenceStart, at - NEGATION_REACH); k < at; k++) {
    if (NEGATORS.has(wordLower(seg, k))) return true;
  }
  return false;
}

/**
 * Capitals: a word of five or more capital letters, or three capitalised words in a row (short
 * all-caps words alone are acronyms: CPR, SKAT, NAV). Stacked marks (!!, ?!) are found in one pass
 * over the text (`stackedMarks`) and handed in per sentence.
 */
function shoutingIn(seg: Segmentation, firstWord: number, endWord: number, marks: ReadonlyArray<{ start: number; end: number }>) {
  const spans: Array<{ start: number; end: number }> = [];
  let penalty = 0;
  let run = 0;
  let runStart = 0;
  let capsSpan: { start: number; end: number } | undefined;
  const { caps, letters, start, end } = seg.table;
  for (let k = firstWord; k < endWord; k++) {
    if (caps[k] === 1) {
      if (run === 0) runStart = start[k]!;
      run++;
      if (letters[k]! >= 5 || run >= 3) capsSpan = { start: capsSpan?.start ?? (run >= 3 ? runStart : start[k]!), end: end[k]! };
    } else run = 0;
  }
  if (capsSpan) {
    spans.push(capsSpan);
    penalty += PENALTY.caps;
  }
  for (const m of marks) {
    spans.push(m);
    penalty += m.end - m.start >= 3 ? PENALTY.caps : PENALTY.marks;
  }
  return { spans, penalty };
}

function stackedMarks(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  STACKED_MARKS.lastIndex = 0;
  for (let m = STACKED_MARKS.exec(text); m; m = STACKED_MARKS.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}
