/**
 * Officialese (FX-10, BK-9): stiff administrative words and phrases with a plainer alternative,
 * from the lists in `data/officialese.<lang>.json`. English has no list: the rules target
 * Danish and Swedish writing guidance.
 *
 * A replacement must keep the sentence grammatical: "fremsendte" is "sendte", not "send". An
 * entry whose patterns have inflected forms names the alternative for each form that has one
 * fitting the sentence as it stands (`forms`: same tense, voice and number); any other form
 * ("påtænkte" is "planlagde" or "planlagte", by its use) gets the alternative's base form as a
 * hint, never as a fix.
 */
import da from './data/officialese.da.json' with { type: 'json' };
import sv from './data/officialese.sv.json' with { type: 'json' };
import { PhraseMatcher, type LexiconEntry } from './lexicon.ts';
import type { Segmentation, TextLang } from './segment.ts';

export interface OfficialeseEntry extends LexiconEntry {
  /** The plainer alternative (base form); empty when the advice is to leave the word out. */
  alt: string;
  /** Lower-case matched form (words joined by one space) → the alternative in the same form. */
  forms?: Partial<Record<string, string>>;
}

export interface OfficialeseMatch {
  start: number;
  end: number;
  text: string;
  alternative: string;
  /** The alternative fits where the match stands (a fix); false: it is the base form, a hint. */
  fits: boolean;
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
  return matcher.find(seg.table, seg.text).map((m) => {
    const text = seg.text.slice(m.start, m.end);
    const form = m.entry.forms?.[text.toLowerCase().replace(/\s+/g, ' ')];
    const fits = form !== undefined || m.entry.alt === '' || !inflected(m.entry);
    return { start: m.start, end: m.end, text, alternative: fits ? keepCapital(text, form ?? m.entry.alt) : m.entry.alt, fits };
  });
}

/** Whether the entry's patterns name inflected forms ("fremsend{e,er}"), so one alternative cannot fit them all. */
function inflected(entry: OfficialeseEntry): boolean {
  return entry.match.some((p) => p.includes('{'));
}

/** "Såfremt" → "Hvis": the fix keeps a sentence-initial capital. */
function keepCapital(original: string, alternative: string): string {
  const first = original[0] ?? '';
  if (alternative === '' || first === first.toLowerCase()) return alternative;
  return alternative[0]!.toUpperCase() + alternative.slice(1);
}
