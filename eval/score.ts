/**
 * Scores every text detector against the labelled corpus. Shared by `text.eval.ts` (the table)
 * and the tests in `test/text/eval.test.ts` (the targets from issue 4).
 */
import { findIdentityNumbers } from '../src/text/identity.ts';
import { detectLanguage } from '../src/text/language.ts';
import { findOfficialese } from '../src/text/officialese.ts';
import { segment, type TextLang } from '../src/text/segment.ts';
import { findSensitiveTerms } from '../src/text/sensitive.ts';
import { analyseTone } from '../src/text/tone.ts';
import { paragraphs, readCorpus } from './corpus.ts';

/**
 * `tuned`: the lists and scoring were tuned on this set, so it guards against regressions and a
 * miss fails `eval:text`. `held-out`: never tuned against; it measures how the detector does on
 * text it has not seen, is always reported, and does not fail the run (gating on it would invite
 * tuning against it, which would end its use).
 */
export type SetRole = 'tuned' | 'held-out';

export interface Score {
  detector: string;
  role: SetRole;
  lang: TextLang;
  n: number;
  precision: number;
  recall: number;
  accuracy: number;
  /** Share of the set's 0 lines the detector fires on (false alarms). */
  falseAlarms: number;
}

export const TARGETS: Record<string, { precision: number; recall: number; accuracy: number; label: string }> = {
  identity: { precision: 0.99, recall: 0.99, accuracy: 0, label: 'P,R>=0.99' },
  officialese: { precision: 0.9, recall: 0.9, accuracy: 0, label: 'P,R>=0.9' },
  tone: { precision: 0.8, recall: 0.8, accuracy: 0, label: 'P,R>=0.8' },
  language: { precision: 0, recall: 0, accuracy: 0.97, label: 'acc>=0.97' },
};
TARGETS['holdout-officialese'] = TARGETS.officialese!;
TARGETS['sources-officialese'] = TARGETS.officialese!;
TARGETS['holdout2-officialese'] = TARGETS.officialese!;
TARGETS['holdout3-officialese'] = TARGETS.officialese!;
/** Issue 16: at most this share of the plain control sentences (the 0 lines of the source-based sets) may fire. */
export const PLAIN_FALSE_ALARMS = 0.02;
TARGETS['holdout-tone'] = TARGETS.tone!;
TARGETS['holdout2-tone'] = TARGETS.tone!;

/**
 * Sets not listed are `tuned`. `holdout-tone` was held out until its first score (da R 0.73,
 * sv R 0.67) and then tuned against, so it counts as tuned; `holdout2-tone` replaced it.
 * `holdout2-officialese` is built from one public source per language that the lists never used
 * (named `held-out` in the list's `sources`); `sources-officialese` from the sources that were used.
 * `holdout3-officialese` (sv) was written from Myndigheternas skrivregler by someone who never saw
 * the lists, and scored once untouched (R 0.414, FA 0.014); the list was then built from the same
 * source, which the issue names, so it counts as tuned: Malmö's Skrivguiden stays the held-out one.
 */
const HELD_OUT = new Set(['holdout-officialese', 'holdout2-officialese', 'holdout2-tone']);

export function roleOf(detector: string): SetRole {
  return HELD_OUT.has(detector) ? 'held-out' : 'tuned';
}

const officialese = (text: string, lang: TextLang) => findOfficialese(segment(text, lang), lang).length > 0;
const angry = (text: string, lang: TextLang) => analyseTone(text, lang).angry;

/** Each detector by corpus file name (`eval/corpus/<lang>/<name>.tsv`); see `roleOf` for which are held out. */
const DETECTORS: Record<string, (text: string, lang: TextLang) => boolean> = {
  identity: (text, lang) => findIdentityNumbers(text, { lang }).length > 0,
  officialese,
  'holdout-officialese': officialese,
  'sources-officialese': officialese,
  'holdout2-officialese': officialese,
  'holdout3-officialese': officialese,
  tone: angry,
  'holdout-tone': angry,
  'holdout2-tone': angry,
  sensitive: (text, lang) => findSensitiveTerms(segment(text, lang), [lang]).length > 0,
};

export function scoreDetector(detector: string, lang: TextLang): Score | undefined {
  const corpus = readCorpus(lang, detector);
  if (corpus.length === 0) return undefined;
  const detect = DETECTORS[detector]!;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { label, text } of corpus) {
    const found = detect(text, lang);
    if (found && label) tp++;
    else if (found) fp++;
    else if (label) fn++;
    else tn++;
  }
  return {
    detector,
    role: roleOf(detector),
    lang,
    n: corpus.length,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    accuracy: (tp + tn) / corpus.length,
    falseAlarms: fp + tn === 0 ? 0 : fp / (fp + tn),
  };
}

/** Misclassified lines, for tuning the lists. */
export function mistakes(detector: string, lang: TextLang): Array<{ label: boolean; text: string }> {
  const detect = DETECTORS[detector]!;
  return readCorpus(lang, detector).filter(({ label, text }) => detect(text, lang) !== label);
}

export function scoreLanguage(lang: TextLang): Score {
  const ps = paragraphs(lang, 20);
  const right = ps.filter((p) => detectLanguage(p).lang === lang).length;
  const accuracy = ps.length === 0 ? 0 : right / ps.length;
  return { detector: 'language', role: 'tuned', lang, n: ps.length, precision: accuracy, recall: accuracy, accuracy, falseAlarms: 1 - accuracy };
}

export function scoreAll(): Score[] {
  const out: Score[] = [];
  for (const detector of Object.keys(DETECTORS)) {
    for (const lang of ['da', 'sv', 'en'] as const) {
      const s = scoreDetector(detector, lang);
      if (s) out.push(s);
    }
  }
  for (const lang of ['da', 'sv', 'en'] as const) out.push(scoreLanguage(lang));
  return out;
}

/** Issue 16: false alarms on the plain control sentences — the 0 lines of the source-based officialese sets, used and held out. */
export function plainControl(lang: TextLang): { n: number; falseAlarms: number } {
  const lines = ['sources-officialese', 'holdout2-officialese', 'holdout3-officialese'].flatMap((set) => readCorpus(lang, set)).filter((l) => !l.label);
  const fired = lines.filter((l) => officialese(l.text, lang)).length;
  return { n: lines.length, falseAlarms: lines.length === 0 ? 0 : fired / lines.length };
}
