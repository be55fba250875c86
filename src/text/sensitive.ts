/**
 * Terms that reveal sensitive personal data (BK-27, BK-28): health and diagnoses, social-services
 * measures, addiction, criminal matters, ethnicity, religion, sexuality and union membership,
 * from `data/sensitive.<lang>.json`. Subjects are short and their language is hard to tell, so
 * callers usually search with both Nordic lists.
 */
import da from './data/sensitive.da.json' with { type: 'json' };
import sv from './data/sensitive.sv.json' with { type: 'json' };
import { PhraseMatcher, type LexiconEntry } from './lexicon.ts';
import type { TextLang, Words } from './segment.ts';

export const SENSITIVE_CATEGORIES = ['health', 'social', 'addiction', 'criminal', 'ethnicity', 'religion', 'sexuality', 'union'] as const;
export type SensitiveCategory = (typeof SENSITIVE_CATEGORIES)[number];

interface SensitiveEntry extends LexiconEntry {
  category: string;
}

export interface SensitiveMatch {
  start: number;
  end: number;
  text: string;
  category: SensitiveCategory;
}

const MATCHERS: Record<'da' | 'sv', PhraseMatcher<SensitiveEntry>> = {
  da: new PhraseMatcher<SensitiveEntry>(da.entries),
  sv: new PhraseMatcher<SensitiveEntry>(sv.entries),
};

/** Matches from each language's list, in text order, overlaps removed. */
export function findSensitiveTerms(seg: Words, langs: readonly TextLang[] = ['da', 'sv']): SensitiveMatch[] {
  const all: SensitiveMatch[] = [];
  for (const lang of langs) {
    if (lang === 'en') continue;
    for (const m of MATCHERS[lang].find(seg.table, seg.text)) {
      all.push({ start: m.start, end: m.end, text: seg.text.slice(m.start, m.end), category: m.entry.category as SensitiveCategory });
    }
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  let reached = -1;
  return all.filter((m) => {
    if (m.start < reached) return false;
    reached = m.end;
    return true;
  });
}
