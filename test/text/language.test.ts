import { describe, expect, it } from 'vitest';
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
