/**
 * Officialese (FX-10, BK-9): stiff administrative words and phrases with a plainer alternative,
 * from the lists in `data/officialese.<lang>.json`. English has no list: the rules target
 * Danish and Swedish writing guidance. Every entry names the public source(s) it was taken from
 * (`source`, keys of the file's `sources`, each with its title and address).
 *
 * A replacement must keep the sentence grammatical: "fremsendte" is "sendte", not "send". An
 * entry whose patterns have inflected forms names the alternative for each form that has one
 * fitting the sentence as it stands (`forms`: same tense, voice and number); any other form
 * ("påtænkte" is "planlagde" or "planlagte", by its use) gets the alternative's base form as a
 * hint, never as a fix.
 *
 * Verb phrases ("är föremål för prövning", "har foretaget en vurdering af") are written once as a
 * `frame` with a slot for their verb, `<vara> föremål för prövning`, and the file's inflection
 * tables (`paradigms`) expand the slot into each tense and the perfect with each auxiliary
 * (`perfect`), every form paired with the same form of the plain verb (`verb`): "har varit
 * föremål för prövning" → "har prövats". The finding covers the whole phrase. A frame with a
 * `hint` instead of a `verb` has no one replacement ("är föremål för" + any noun) and gets the hint.
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
  /** Keys of the list's `sources`. */
  source: string[];
  /** Only the forms named in `forms` get a fix; any other match gets `alt` as a hint (frames; phrases with no in-place rewrite). */
  formsOnly?: boolean;
}

/** A verb's forms, by slot: infinitive, present, past, supine (participle after "har"), passive. */
type Paradigm = Partial<Record<'inf' | 'pres' | 'past' | 'sup' | 'pass', string>>;

interface FrameEntry {
  /** Patterns with one `<verb>` slot naming a paradigm: `<vara> föremål för prövning`. */
  frame: string[];
  /** The plain verb (or verb phrase) in each slot; a slot it lacks is matched and given `inf` as a hint. */
  verb?: Paradigm;
  /** No one replacement fits: this is offered as a hint. */
  hint?: string;
  source: string[];
}

export interface OfficialeseList {
  _note: string;
  sources: Record<string, { title: string; url: string; use: 'build' | 'held-out' }>;
  paradigms: Record<string, Paradigm>;
  /** Auxiliaries that form the perfect with the supine ("har", "hade", "ha"). */
  perfect: string[];
  entries: Array<OfficialeseEntry | FrameEntry>;
}

export interface OfficialeseMatch {
  start: number;
  end: number;
  text: string;
  alternative: string;
  /** The alternative fits where the match stands (a fix); false: it is the base form, a hint. */
  fits: boolean;
}

const LISTS: Partial<Record<TextLang, OfficialeseList>> = {
  da: da as OfficialeseList,
  sv: sv as OfficialeseList,
};

const SLOTS = ['inf', 'pres', 'past', 'sup', 'pass'] as const;

/** Expands a frame into one entry whose patterns are its forms, each form paired with its replacement. */
function expandFrame(list: OfficialeseList, e: FrameEntry): OfficialeseEntry {
  const match: string[] = [];
  const forms: Record<string, string> = {};
  for (const pattern of e.frame) {
    const slot = /<([^>]+)>/.exec(pattern);
    if (!slot) throw new Error(`officialese frame "${pattern}" has no <verb> slot`);
    const paradigm = list.paradigms[slot[1]!];
    if (!paradigm) throw new Error(`officialese frame "${pattern}": no paradigm "${slot[1]}"`);
    const add = (head: string, plain: string | undefined) => {
      const form = pattern.replace(slot[0], head).toLowerCase();
      match.push(form);
      // The replacement stands for the whole phrase: "är i behov av" → "behöver".
      if (plain !== undefined) forms[form] = plain;
    };
    for (const s of SLOTS) {
      const head = paradigm[s];
      if (head === undefined) continue;
      add(head, e.verb?.[s]);
      if (s === 'sup') for (const aux of list.perfect) add(`${aux} ${head}`, e.verb?.sup === undefined ? undefined : `${aux} ${e.verb.sup}`);
    }
  }
  return { match, alt: e.verb?.inf ?? e.hint ?? '', forms, formsOnly: true, source: e.source };
}

function compile(list: OfficialeseList): OfficialeseEntry[] {
  return list.entries.map((e) => ('frame' in e ? expandFrame(list, e) : e));
}

const ENTRIES: Partial<Record<TextLang, OfficialeseEntry[]>> = { da: compile(LISTS.da!), sv: compile(LISTS.sv!) };

const MATCHERS: Partial<Record<TextLang, PhraseMatcher<OfficialeseEntry>>> = {
  da: new PhraseMatcher<OfficialeseEntry>(ENTRIES.da!),
  sv: new PhraseMatcher<OfficialeseEntry>(ENTRIES.sv!),
};

/** The entries with frames expanded into their forms. */
export function officialeseEntries(lang: TextLang): readonly OfficialeseEntry[] {
  return ENTRIES[lang] ?? [];
}

/** The list as written, with its sources and inflection tables. */
export function officialeseList(lang: TextLang): OfficialeseList | undefined {
  return LISTS[lang];
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

/** Whether the entry matches inflected forms ("fremsend{e,er}", a frame), so one alternative cannot fit them all. */
function inflected(entry: OfficialeseEntry): boolean {
  return entry.formsOnly === true || entry.match.some((p) => p.includes('{'));
}

/** "Såfremt" → "Hvis": the fix keeps a sentence-initial capital. */
function keepCapital(original: string, alternative: string): string {
  const first = original[0] ?? '';
  if (alternative === '' || first === first.toLowerCase()) return alternative;
  return alternative[0]!.toUpperCase() + alternative.slice(1);
}
