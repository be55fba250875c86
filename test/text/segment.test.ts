import { describe, expect, it } from 'vitest';
import { readability, lixBand } from '../../src/text/readability.ts';
import { hashLower, segment } from '../../src/text/segment.ts';

const sentencesOf = (text: string, lang: 'da' | 'sv' | 'en') => segment(text, lang).sentences.map((s) => text.slice(s.start, s.end));

describe('segment', () => {
  it('does not end a Danish sentence at f.eks., bl.a., kl., jf., ca. or an ordinal date', () => {
    const text = 'Send f.eks. en lønseddel, bl.a. fra maj. Mødet er den 3. maj kl. 10 i lokale 2, jf. indkaldelsen. Det varer ca. en time.';
    expect(sentencesOf(text, 'da')).toEqual([
      'Send f.eks. en lønseddel, bl.a. fra maj.',
      'Mødet er den 3. maj kl. 10 i lokale 2, jf. indkaldelsen.',
      'Det varer ca. en time.',
    ]);
  });

  it('does not end a Swedish sentence at t.ex., s.k., m.m. before lower case, but does before a capital after osv.', () => {
    const text = 'Ta med t.ex. id-kort, s.k. LMA-kort m.m. till mötet. Vi tar kaffe, smörgås osv. Sedan börjar vi.';
    expect(sentencesOf(text, 'sv')).toEqual(['Ta med t.ex. id-kort, s.k. LMA-kort m.m. till mötet.', 'Vi tar kaffe, smörgås osv.', 'Sedan börjar vi.']);
  });

  it('splits paragraphs at blank lines and list items and a greeting into their own sentences', () => {
    const text = 'Kære borger,\nTak for din ansøgning.\n\nDu skal sende:\n- en lønseddel\n- en kopi af dit pas';
    const seg = segment(text, 'da');
    expect(seg.paragraphs).toHaveLength(2);
    expect(sentencesOf(text, 'da')).toEqual(['Kære borger,', 'Tak for din ansøgning.', 'Du skal sende:', '- en lønseddel', '- en kopi af dit pas']);
  });

  it('keeps offsets that slice back to the words, with Unicode letters and inner hyphens', () => {
    const text = 'Ærø-færgen og Öland: cpr-nr. 3,5 km på 1.000 m!';
    const seg = segment(text, 'da');
    expect(seg.words.map((w) => text.slice(w.start, w.end))).toEqual(['Ærø-færgen', 'og', 'Öland', 'cpr-nr', '3,5', 'km', 'på', '1.000', 'm']);
    expect(seg.words[0]).toMatchObject({ lower: 'ærø-færgen', letters: 9, caps: false });
  });

  it('keeps the words as parallel arrays whose keys match the lower-cased word, whatever its case', () => {
    const text = 'SÅFREMT Såfremt såfremt ÆRØ STOP';
    const { table, words } = segment(text, 'da');
    expect(table.count).toBe(words.length);
    expect(Array.from(table.start.subarray(0, table.count))).toEqual(words.map((w) => w.start));
    expect(table.key[0]).toBe(hashLower('såfremt'));
    expect(table.key[1]).toBe(table.key[0]);
    expect(table.key[2]).toBe(table.key[0]);
    expect(table.key[3]).not.toBe(table.key[0]);
    expect(Array.from(table.caps.subarray(0, table.count))).toEqual([1, 0, 0, 1, 1]);
  });

  it('grows the word table past its first guess without losing words', () => {
    const text = 'a b c d e f g h i j k l m n o p q r s t u v w x y z '.repeat(20);
    const { table } = segment(text, 'en');
    expect(table.count).toBe(520);
    expect(text.slice(table.start[519], table.end[519])).toBe('z');
  });
});

describe('readability', () => {
  it('computes LIX as words per sentence plus the share of words over six letters', () => {
    // 11 words, 2 sentences, 3 long words (kommunens, ansøgningen, godkendt): 11/2 + 100*3/11 = 32.8
    const seg = segment('Vi har fået kommunens brev i dag. Ansøgningen er godkendt nu.', 'da');
    const r = readability(seg, 'da');
    expect(r.words).toBe(11);
    expect(r.sentences).toBe(2);
    expect(r.longWords).toBe(3);
    expect(r.lix).toBe(32.8);
  });

  it('uses the bands of the language: the same LIX is easier in Swedish than in Danish', () => {
    expect(lixBand(27, 'sv')).toBe('very-easy');
    expect(lixBand(27, 'da')).toBe('easy');
    expect(lixBand(60, 'sv')).toBe('very-hard');
    expect(lixBand(55, 'da')).toBe('very-hard');
    expect(lixBand(54.9, 'da')).toBe('hard');
  });

  it('reports long sentences and paragraphs with their offsets', () => {
    const long = `${'ord '.repeat(30).trim()}.`;
    const text = `Kort sætning.\n\n${long}`;
    const r = readability(segment(text, 'da'), 'da', { longSentenceWords: 25, longParagraphWords: 20 });
    expect(r.longSentences).toEqual([{ start: text.indexOf('ord'), end: text.length, words: 30 }]);
    expect(r.longParagraphs).toHaveLength(1);
  });
});
