import { describe, expect, it } from 'vitest';
import { expandBraces } from '../../src/text/lexicon.ts';
import { findOfficialese, officialeseEntries, officialeseList } from '../../src/text/officialese.ts';
import { segment } from '../../src/text/segment.ts';
import { findSensitiveTerms } from '../../src/text/sensitive.ts';

const officialese = (text: string, lang: 'da' | 'sv') => findOfficialese(segment(text, lang), lang);
/** Each match as [text, alternative, whether it is a fix]. */
const read = (text: string, lang: 'da' | 'sv') => officialese(text, lang).map((m) => [m.text, m.alternative, m.fits]);

describe('officialese lists', () => {
  it('have at least 150 entries per language, each with an alternative field', () => {
    for (const lang of ['da', 'sv'] as const) {
      const entries = officialeseEntries(lang);
      expect(entries.length).toBeGreaterThanOrEqual(150);
      for (const e of entries) expect(typeof e.alt).toBe('string');
    }
  });

  it('expands inflected forms written with braces', () => {
    expect(expandBraces('erhåll{a,er,it}')).toEqual(['erhålla', 'erhåller', 'erhållit']);
    expect(expandBraces('træff{e,er} {en,} afgørelse')).toEqual(['træffe en afgørelse', 'træffe  afgørelse', 'træffer en afgørelse', 'træffer  afgørelse']);
  });

  it('finds inflected forms and multi-word phrases, and offers the alternative with the capital kept', () => {
    expect(officialese('Såfremt du vil klage, fremsendte vi brevet.', 'da').map((m) => [m.text, m.alternative])).toEqual([
      ['Såfremt', 'Hvis'],
      ['fremsendte', 'sendte'],
    ]);
    expect(officialese('Du ska inkomma med kompletteringar. Vi erhöll den i går.', 'sv').map((m) => [m.text, m.alternative])).toEqual([
      ['inkomma med', 'skicka in'],
      ['erhöll', 'fick'],
    ]);
  });

  it('keeps the tense, voice and number of the word it replaces, or gives the base form as a hint', () => {
    expect(read('Vi fremsendte brevet. Vi påtænker at lukke sagen. Vi meddeler dig, at det meddeles.', 'da')).toEqual([
      ['fremsendte', 'sendte', true],
      ['påtænker', 'planlægger', true],
      ['meddeler', 'fortæller', true],
      // "Det meddeles" has no passive "fortælles" that reads well: the base form, as a hint.
      ['meddeles', 'fortælle', false],
    ]);
    expect(read('Din ansökan har inkommit. Du ska inkomma med intyget. Inkom med intyget.', 'sv')).toEqual([
      ['inkommit', 'kommit in', true],
      ['inkomma med', 'skicka in', true],
      // "Inkom" is the past tense and the imperative alike.
      ['Inkom med', 'skicka in', false],
    ]);
    expect(read('Den påtænkte ændring.', 'da')).toEqual([['påtænkte', 'planlægge', false]]);
  });

  it('names in forms only forms that the entry matches', () => {
    for (const lang of ['da', 'sv'] as const) {
      for (const e of officialeseEntries(lang)) {
        const matched = new Set(e.match.flatMap((p) => expandBraces(p.toLowerCase())));
        for (const form of Object.keys(e.forms ?? {})) expect(matched, `${lang}: ${form}`).toContain(form);
      }
    }
  });

  it('names for every entry a recorded source with title and address, and builds nothing from the held-out source', () => {
    for (const lang of ['da', 'sv'] as const) {
      const list = officialeseList(lang)!;
      const heldOut = Object.entries(list.sources).filter(([, s]) => s.use === 'held-out');
      expect(heldOut, lang).toHaveLength(1);
      for (const [key, s] of Object.entries(list.sources)) {
        expect(s.title, key).not.toBe('');
        if (key !== 'prior') expect(s.url, key).toMatch(/^https?:\/\//);
      }
      for (const e of list.entries) {
        const name = 'frame' in e ? e.frame[0] : e.match[0];
        expect(e.source.length, `${lang}: ${name}`).toBeGreaterThan(0);
        for (const key of e.source) {
          expect(list.sources[key], `${lang}: ${name} names unknown source ${key}`).toBeDefined();
          expect(list.sources[key]!.use, `${lang}: ${name} is built from the held-out source`).toBe('build');
        }
      }
    }
  });

  it('matches a verb phrase as a whole in every tense and the perfect, keeping the form in the fix', () => {
    // [text, language, every match as [text, alternative, is a fix]]
    const cases: Array<[string, 'da' | 'sv', unknown[]]> = [
      ['Ärendet är föremål för prövning. Det var föremål för granskning. Det har varit föremål för utredning.', 'sv', [
        ['är föremål för prövning', 'prövas', true],
        ['var föremål för granskning', 'granskades', true],
        ['har varit föremål för utredning', 'har utretts', true],
      ]],
      // No one verb replaces "föremål för" + any noun: the whole phrase, with a hint.
      ['Vi är i behov av hjälp. Hon skulle ha varit i behov av stöd. Frågan blev föremål för överklagande.', 'sv', [
        ['är i behov av', 'behöver', true],
        ['ha varit i behov av', 'ha behövt', true],
        ['blev föremål för', 'prövas', false],
      ]],
      ['Du skall betala. Vi har foretaget en vurdering af sagen.', 'sv', [['skall', 'ska', true]]],
      ['Vi har foretaget en vurdering af sagen. Der foretages en undersøgelse. Han var i besiddelse af nøglen.', 'da', [
        ['har foretaget en vurdering af', 'har vurderet', true],
        ['foretages en undersøgelse', 'undersøges', true],
        ['var i besiddelse af', 'havde', true],
      ]],
      // Fixed verb phrases are frames too, so the perfect and the passive are found, not only the forms once listed.
      ['Vi har gjort en bedömning. Marken tas i anspråk. Huset var beläget vid sjön.', 'sv', [
        ['har gjort en bedömning', 'har bedömt', true],
        ['tas i anspråk', 'används', true],
        ['var beläget', 'låg', true],
      ]],
      ['Kommunen har truffet en afgørelse. Der gives tilladelse.', 'da', [
        ['har truffet en afgørelse', 'har afgjort', true],
        ['gives tilladelse', 'tillades', true],
      ]],
      ['Tak for Deres skrivelse. Skrivelsen kom i går.', 'da', [['Deres skrivelse', 'Dit brev', true], ['Skrivelsen', 'Brevet', true]]],
    ];
    for (const [text, lang, expected] of cases) expect(read(text, lang), text).toEqual(expected);
  });

  it('matches the formal "De bedes" but not "de" meaning they, and respects Unicode word edges', () => {
    expect(officialese('De bedes venligst ringe.', 'da').map((m) => m.text)).toEqual(['De bedes venligst']);
    expect(officialese('Børnene sagde, at de havde det godt.', 'da')).toEqual([]);
    // "erhverv" inside "erhvervsskole" and "fremsend" inside a longer word are not matches
    expect(officialese('Han går på erhvervsskole og fremsendelsesdagen er fredag.', 'da')).toEqual([]);
  });
});

describe('sensitive terms', () => {
  it('finds terms from every category with the category named, in Danish and Swedish', () => {
    const da = findSensitiveTerms(segment('Underretning om misbrug og diagnosen ADHD; han er medlem af en fagforening.', 'da'), ['da']);
    expect(da.map((m) => m.category)).toEqual(['social', 'addiction', 'health', 'health', 'union']);
    const sv = findSensitiveTerms(segment('Orosanmälan enligt LVU', 'sv'), ['sv']);
    expect(sv.map((m) => [m.text, m.category])).toEqual([
      ['Orosanmälan', 'social'],
      ['LVU', 'social'],
    ]);
  });

  it('leaves ordinary municipal words alone', () => {
    expect(findSensitiveTerms(segment('Kommunal service och nya öppettider i receptionen.', 'sv'), ['sv'])).toEqual([]);
  });
});
