import { describe, expect, it } from 'vitest';
import { cprYear, findIdentityNumbers, maskIdentityNumbers, normaliseIdentityNumber } from '../../src/text/identity.ts';

describe('findIdentityNumbers: Danish CPR', () => {
  it('finds a CPR number that fails modulus 11 (issued since 2007)', () => {
    // 010190-2000: weighted sum 4*0+3*1+2*0+7*1+6*9+5*0+4*2+3*0+2*0+1*0 = 72, not divisible by 11
    const [m] = findIdentityNumbers('Borgerens cpr-nr. er 010190-2000.', { lang: 'da' });
    expect(m).toMatchObject({ kind: 'cpr', country: 'dk', text: '010190-2000', masked: '010190-XXXX', confidence: 'high' });
  });

  it('rejects a date that does not exist, taking the century from the 7th digit', () => {
    expect(cprYear(0, 4)).toBe(2000);
    expect(cprYear(37, 4)).toBe(1937);
    expect(cprYear(58, 5)).toBe(1858);
    expect(cprYear(10, 2)).toBe(1910);
    // 29 February 1900 (7th digit 1) does not exist; 29 February 2000 (7th digit 4) does.
    expect(findIdentityNumbers('cpr 290200-1003', { lang: 'da' })).toEqual([]);
    expect(findIdentityNumbers('cpr 290200-4003', { lang: 'da' })).toHaveLength(1);
    expect(findIdentityNumbers('cpr 310403-4003', { lang: 'da' })).toEqual([]);
  });

  it('raises confidence with a context word and lowers it without a separator', () => {
    const [bare] = findIdentityNumbers('Vi har noteret 0101902000 i sagen.', { lang: 'da' });
    const [withContext] = findIdentityNumbers('CPR: 0101902000', { lang: 'da' });
    expect(bare?.confidence).toBe('low');
    expect(withContext?.confidence).toBe('high');
  });

  it('does not take phone, order, invoice or account numbers for identity numbers', () => {
    const text = [
      'Ring på tlf. 0701234567.',
      'Ordrenr. 150324-0012 er sendt.',
      'Fakturanummer 010224-5566 skal betales.',
      'Beløbet går til konto 1234-0102031234.',
      'Perioden 01012024-31122024.',
      'EAN 5798000123456.',
    ].join('\n');
    expect(findIdentityNumbers(text, { lang: 'da' })).toEqual([]);
  });
});

describe('findIdentityNumbers: Swedish personnummer', () => {
  it('finds 10 and 12 digits, with - and +, and samordningsnummer (day + 60)', () => {
    const found = findIdentityNumbers('Pnr 121212-1212, 19121212-1212, 121212+1212 och samordningsnummer 701063-2391.', { lang: 'sv' });
    expect(found.map((m) => [m.kind, m.text, m.masked])).toEqual([
      ['personnummer', '121212-1212', '121212-XXXX'],
      ['personnummer', '19121212-1212', '19121212-XXXX'],
      ['personnummer', '121212+1212', '121212-XXXX'],
      ['samordningsnummer', '701063-2391', '701063-XXXX'],
    ]);
  });

  it('requires the Luhn check for 12 digits', () => {
    expect(findIdentityNumbers('personnummer 19121212-1213', { lang: 'sv' })).toEqual([]);
  });

  it('keeps only matches at or above minConfidence', () => {
    expect(findIdentityNumbers('Noterat 0101902000 i ärendet.', { lang: 'sv', minConfidence: 'medium' })).toEqual([]);
  });
});

describe('findIdentityNumbers: digits valid in both countries', () => {
  // 070761-4285: 7 July 1961 as a CPR number, and a samordningsnummer (day 61 = 1st) with Luhn.
  it("takes the profile's country and says the other reading", () => {
    expect(findIdentityNumbers('Vedr. 070761-4285', { country: 'dk' })).toEqual([expect.objectContaining({ kind: 'cpr', country: 'dk', alsoValidAs: 'samordningsnummer' })]);
    expect(findIdentityNumbers('Vedr. 070761-4285', { country: 'se', lang: 'da' })).toEqual([expect.objectContaining({ kind: 'samordningsnummer', country: 'se', alsoValidAs: 'cpr' })]);
  });

  it('names no other reading for digits valid in one country only', () => {
    expect(findIdentityNumbers('Vedr. 010190-1234', { country: 'se' })[0]?.alsoValidAs).toBeUndefined();
  });
});

describe('maskIdentityNumbers', () => {
  it('masks every number in a text and leaves the rest alone', () => {
    expect(maskIdentityNumbers('CPR 010190-2000 och pnr 19121212-1212; tlf. 0701234567')).toBe(
      'CPR 010190-XXXX och pnr 19121212-XXXX; tlf. 0701234567',
    );
  });
});

describe('normaliseIdentityNumber', () => {
  it('gives the canonical form: DDMMYYSSSS for CPR, YYYYMMDDNNNN for Sweden', () => {
    expect(normaliseIdentityNumber(' 010190-2000 ', { country: 'dk' })).toEqual({ ok: true, kind: 'cpr', country: 'dk', canonical: '0101902000' });
    expect(normaliseIdentityNumber('19121212-1212')).toEqual({ ok: true, kind: 'personnummer', country: 'se', canonical: '191212121212' });
    expect(normaliseIdentityNumber('121212+1212')).toMatchObject({ ok: true, canonical: '191212121212' });
    expect(normaliseIdentityNumber('701063-2391', { country: 'se' })).toMatchObject({ ok: true, kind: 'samordningsnummer' });
  });

  it('says why it cannot', () => {
    expect(normaliseIdentityNumber('12-34')).toEqual({ ok: false, error: 'format' });
    expect(normaliseIdentityNumber('310490-2000', { country: 'dk' })).toEqual({ ok: false, error: 'invalid-date' });
    expect(normaliseIdentityNumber('19121212-1213')).toEqual({ ok: false, error: 'invalid-checksum' });
    // valid as a CPR number (12 Dec 1912) and as a personnummer (Luhn passes): needs a country
    expect(normaliseIdentityNumber('121212-1212')).toEqual({ ok: false, error: 'ambiguous' });
  });
});
