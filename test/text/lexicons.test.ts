import { describe, expect, it } from 'vitest';
import { expandBraces } from '../../src/text/lexicon.ts';
import { findOfficialese, officialeseEntries } from '../../src/text/officialese.ts';
import { segment } from '../../src/text/segment.ts';
import { findSensitiveTerms } from '../../src/text/sensitive.ts';

const officialese = (text: string, lang: 'da' | 'sv') => findOfficialese(segment(text, lang), lang);

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
    const read = (text: string, lang: 'da' | 'sv') => officialese(text, lang).map((m) => [m.text, m.alternative, m.fits]);
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
