/** Identifier normalisation: every spelling of one citizen's identifier gives one canonical form. */
import { describe, expect, it } from 'vitest';
import { canonicalIdentifier, identifierLabel, IdentifierError, parseIdentifier } from '../../src/register/identifier.ts';

describe('parseIdentifier', () => {
  it.each([
    ['DK', 'Borger@Example.DK', 'email:borger@example.dk'],
    ['DK', ' <borger@example.dk> ', 'email:borger@example.dk'],
    ['DK', 'mailto:borger@example.dk', 'email:borger@example.dk'],
    ['DK', '010190-1234', 'cpr:0101901234'],
    ['DK', '0101901234', 'cpr:0101901234'],
    ['DK', '010190 1234', 'cpr:0101901234'],
    // The 7th digit 4 with year 20 is born 2020 — 29 February exists then.
    ['DK', '290220-4001', 'cpr:2902204001'],
    ['SE', '900101-0017', 'pnr:199001010017'],
    ['SE', '9001010017', 'pnr:199001010017'],
    ['SE', '19900101-0017', 'pnr:199001010017'],
    ['DK', '19900101-0017', 'pnr:199001010017'],
    ['DK', 'pnr:900101-0017', 'pnr:199001010017'],
    ['SE', 'cpr:0101901234', 'cpr:0101901234'],
    // Samordningsnummer: day + 60.
    ['SE', '19900161-0014', 'pnr:199001610014'],
  ] as const)('%s reads %j as %s', (country, input, canonical) => {
    expect(canonicalIdentifier(parseIdentifier(input, { country }))).toBe(canonical);
  });

  it.each([
    ['DK', '320190-1234'],
    ['DK', '290221-1234'],
    ['SE', '900101-0018'],
    ['DK', '12345678'],
    ['DK', 'borger@example'],
    ['DK', 'borger'],
    ['DK', ''],
  ] as const)('%s refuses %j', (country, input) => {
    expect(() => parseIdentifier(input, { country })).toThrow(IdentifierError);
  });

  it('labels tell flags apart without naming the citizen', () => {
    expect(identifierLabel(parseIdentifier('010190-1234', { country: 'DK' }))).toBe('CPR ******-1234');
    expect(identifierLabel(parseIdentifier('19900101-0017', { country: 'SE' }))).toBe('personnummer ********-0017');
    expect(identifierLabel(parseIdentifier('borger@example.dk', { country: 'DK' }))).toBe('b…@example.dk');
  });
});
