/**
 * Officialese (FX-10, BK-9): stiff administrative words and phrases with a plainer alternative,
 * from the lists in `data/officialese.<lang>.json`. English has no list: the rules target
 * Danish and Swedish writing guidance.
 */
import da from './data/officialese.da.json' with { type: 'json' };
import sv from './data/officialese.sv.json' with { type: 'json' };
import { PhraseMatcher, type LexiconEntry } from './lexicon.ts';
import type { Segmentation, TextLang } from './segment.ts';

export interface OfficialeseEntry extends LexiconEntry {
  /** The plainer alternative; empty when the advice is to leave the word out. */
  alt: string;
}

export interface OfficialeseMatch {
  start: number;
  end: number;
  text: string;
  alternative: string;
}

const MATCHERS: Partial<Record<TextLang, PhraseMatcher<OfficialeseEntry>>> = {
  da: new PhraseMatcher<OfficialeseEntry>(da.entries),
  sv: new PhraseMatcher<OfficialeseEntry>(sv.entries),
};

export function officialeseEntries(lang: TextLang): readonly OfficialeseEntry[] {
  return lang === 'da' ? da.entries : lang === 'sv' ? sv.entries : [];
}

export function findOfficialese(seg: Segmentation, lang: TextLang): OfficialeseMatch[] {
  const matcher = MATCHERS[lang];
  if (!matcher) return [];
  return matcher.find(seg.table, seg.text).map((m) => ({
    start: m.start,
    end: m.end,
    text: seg.text.slice(m.start, m.end),
    alternative: keepCapital(seg.text.slice(m.start, m.end), m.entry.alt),
  }));
}

/** "Såfremt" → "Hvis": the fix keeps a sentence-initial capital. */
function keepCapital(original: string, alternative: string): string {
  const first = original[0] ?? '';
  if (alternative === '' || first === first.toLowerCase()) return alternative;
  return alternative[0]!.toUpperCase() + alternative.slice(1);
}
