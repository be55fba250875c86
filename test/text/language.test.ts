import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { danishSwedishVote, detectLanguage, detectParagraphLanguages } from '../../src/text/language.ts';

describe('detectLanguage', () => {
  it('tells Danish, Swedish and English apart', () => {
    expect(detectLanguage('Vi har modtaget din ansøgning og vender tilbage, så snart vi har set på den. Ring gerne, hvis du har spørgsmål.').lang).toBe('da');
    expect(detectLanguage('Vi har tagit emot din ansökan och återkommer så snart vi har tittat på den. Ring gärna om du har frågor.').lang).toBe('sv');
    expect(detectLanguage('We have received your application and will get back to you as soon as we have looked at it.').lang).toBe('en');
  });

  it('says nothing for too little text', () => {
    expect(detectLanguage('OK 12').lang).toBeUndefined();
  });

  it('judges each paragraph on its own, with offsets', () => {
    const text = 'Hej Anna, tak for mødet i går. Jeg sender referatet i morgen.\n\nHej Erik, tack för mötet i går. Jag skickar protokollet i morgon.';
    const ps = detectParagraphLanguages(text);
    expect(ps.map((p) => p.lang)).toEqual(['da', 'sv']);
    expect(text.slice(ps[1]!.start, ps[1]!.end).startsWith('Hej Erik')).toBe(true);
  });

  it('uses æ/ø and ä/ö and function words to settle Danish against Swedish', () => {
    expect(danishSwedishVote('jeg har ikke fået svar på mit spørgsmål')).toBeGreaterThan(0);
    expect(danishSwedishVote('jag har inte fått svar på min fråga')).toBeLessThan(0);
    expect(danishSwedishVote('hej')).toBe(0);
  });
});

describe("eld's da/en/sv database (patches/eld, scripts/eld-subset.ts)", () => {
  it('gives the answers and scores of the full medium database limited to da, en and sv', async () => {
    const { eld } = await import('eld');
    const { eld: full } = await import('eld/medium');
    const subset = eld.newInstance() as ReturnType<typeof eld.newInstance> & { load(name: string): Promise<unknown> };
    await subset.load('medium-da-en-sv');
    full.setLanguageSubset(['da', 'en', 'sv']);
    expect(Object.values(subset.info().Languages as Record<string, string>).sort()).toEqual(['da', 'en', 'sv']);
    // Every paragraph of every fixture message, headers and all: real text in all three languages.
    const dirs = ['corpus', 'messages'].map((d) => join(import.meta.dirname, '../fixtures', d));
    const samples = dirs
      .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => readFileSync(join(dir, f), 'utf8')))
      .flatMap((text) => text.split(/\r?\n\s*\r?\n/))
      .map((p) => p.slice(0, 600))
      .filter((p) => /\p{L}{3}/u.test(p));
    expect(samples.length).toBeGreaterThan(200);
    const languages = new Set<string>();
    for (const sample of samples) {
      const [a, b] = [subset.detect(sample), full.detect(sample)];
      expect(a.language, sample).toBe(b.language);
      expect(a.getScores(), sample).toEqual(b.getScores());
      if (a.language) languages.add(a.language);
    }
    expect([...languages].sort()).toEqual(['da', 'en', 'sv']);
  });
});
