import { describe, expect, it } from 'vitest';
import { analyseTone } from '../../src/text/tone.ts';

describe('analyseTone', () => {
  it('calls insults, threats and shouting angry, with where they are', () => {
    const text = 'Du er en idiot. Du kommer til at fortryde det. SVAR MIG NU!!!';
    const r = analyseTone(text, 'da');
    expect(r.angry).toBe(true);
    expect(r.angrySentences).toHaveLength(3);
    expect(r.signals.map((s) => [s.kind, s.text])).toEqual([
      ['insult', 'idiot'],
      ['threat', 'Du kommer til at fortryde'],
      ['shouting', 'SVAR MIG NU'],
      ['shouting', '!!!'],
    ]);
    expect(r.score).toBeLessThan(-10);
  });

  it('reports a word on both the harsh and the insult list once, as an insult', () => {
    expect(analyseTone('Det er helt åndssvagt og du er åndssvag.', 'da').signals.filter((s) => s.text === 'åndssvag').map((s) => s.kind)).toEqual(['insult']);
    expect(analyseTone('Ni är inkompetenta.', 'sv').signals.map((s) => [s.kind, s.text])).toEqual([['insult', 'inkompetenta']]);
  });

  it('does not call a polite refusal angry', () => {
    const r = analyseTone('Vi beklager, men desværre kan vi ikke give dig tilskud. Din ansøgning er ikke godkendt.', 'da');
    expect(r.angry).toBe(false);
    expect(r.score).toBeLessThan(0);
  });

  it('turns a negated word around', () => {
    expect(analyseTone('Jag är inte arg på dig.', 'sv').score).toBeGreaterThan(0);
    expect(analyseTone('Jag är arg på dig.', 'sv').score).toBeLessThan(0);
    expect(analyseTone('Jeg er ikke glad for det.', 'da').score).toBeLessThan(0);
  });

  it('takes a friendly exclamation as friendly, and acronyms as acronyms', () => {
    expect(analyseTone('Tusind tak for hjælpen!!!', 'da').angry).toBe(false);
    expect(analyseTone('Husk dit CPR-kort og NemID til mødet hos SKAT.', 'da').angry).toBe(false);
  });

  it('knows idioms and swearing used as intensifiers, in Danish and Swedish', () => {
    expect(analyseTone('Din opførsel er under al kritik.', 'da').angry).toBe(true);
    expect(analyseTone('Det är förbannat irriterande att vänta på er.', 'sv').angry).toBe(true);
    // "kritik" alone is no anger: a case worker passing criticism on
    expect(analyseTone('Vi har noteret din kritik og giver den videre.', 'da').angry).toBe(false);
  });

  it('weighs a harsh word more after an intensifier, and mild exasperation only with stacked marks', () => {
    expect(analyseTone('Jeg er skuffet over svaret.', 'da').angry).toBe(false);
    expect(analyseTone('Jeg er dybt skuffet over svaret.', 'da').angry).toBe(true);
    expect(analyseTone('Vad i hela friden tänkte du på?', 'sv').angry).toBe(false);
    expect(analyseTone('Vad i hela friden tänkte du på?!', 'sv').angry).toBe(true);
  });

  it('knows English too', () => {
    expect(analyseTone('You are an idiot and I will report you.', 'en').angry).toBe(true);
    expect(analyseTone('Thank you, we will get back to you.', 'en').angry).toBe(false);
  });
});
