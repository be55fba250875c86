/** The grounds catalogue and registration formats per country, from the samples (BK-19, BK-20). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig, samplePath } from '../../src/config/load.ts';
import { describeGround, findGround, groundsFor } from '../../src/records/grounds.ts';
import { caseNumberFormat, classificationCodes, validCaseNumber } from '../../src/records/classification.ts';

const dk = parseConfig(readFileSync(samplePath('dk'), 'utf8'), 'dk.yaml', {});
const se = parseConfig(readFileSync(samplePath('se'), 'utf8'), 'se.yaml', {});

describe('grounds catalogue', () => {
  it('gives each country the four BK-19 grounds and its own provisions, samples marked for review', () => {
    const bk19 = ['bk19-assignment', 'bk19-draft', 'bk19-internal-no-facts', 'bk19-private'];
    for (const country of ['DK', 'SE'] as const) {
      expect(groundsFor(country, [], 'not-public').filter((g) => g.provision === 'BK-19').map((g) => g.id).sort()).toEqual(bk19);
    }
    const seSecret = groundsFor('SE', [], 'secret');
    expect(seSecret.map((g) => g.id)).toContain('se-osl-26-1');
    expect(seSecret.every((g) => g.provision.startsWith('OSL ') && g.review)).toBe(true);
    expect(groundsFor('DK', [], 'secret').every((g) => /^(Forvaltningsloven|Offentlighedsloven) §/.test(g.provision))).toBe(true);
    expect(findGround('DK', 'se-osl-26-1')).toBeUndefined();
    expect(describeGround(findGround('SE', 'se-osl-26-1')!, 'sv')).toBe('OSL 26 kap. 1 § — Socialtjänst (enskilds personliga förhållanden)');
    expect(describeGround(findGround('DK', 'bk19-draft')!, 'en')).toBe('Draft, note or working material not yet dispatched or archived (BK-19)');
  });

  it('lets the municipality add or replace grounds by id', () => {
    const own = [{ id: 'se-osl-26-1', kind: 'secret' as const, provision: 'OSL 26 kap. 1 §', title: { da: 'x', sv: 'Socialtjänst', en: 'x' }, review: false }];
    expect(findGround('SE', 'se-osl-26-1', own)).toMatchObject({ title: { sv: 'Socialtjänst' }, review: false, country: 'se' });
    expect(groundsFor('SE', own).filter((g) => g.id === 'se-osl-26-1')).toHaveLength(1);
  });
});

describe('case numbers and classification from the samples', () => {
  it('accepts the DK KLE journal-number shape and the SE diarienummer, nothing else', () => {
    const dkFormat = caseNumberFormat('DK', dk.records);
    expect(validCaseNumber(dkFormat, '27.12.08-P20-1-26')).toBe(true);
    expect(validCaseNumber(dkFormat, '27.12.08-P20-1-26 x')).toBe(false);
    expect(validCaseNumber(dkFormat, 'KS 2026/123')).toBe(false);
    const seFormat = caseNumberFormat('SE', se.records);
    expect(validCaseNumber(seFormat, 'KS 2026/123')).toBe(true);
    expect(validCaseNumber(seFormat, 'KS 2026/')).toBe(false);
    expect(classificationCodes('DK', dk.records).map((c) => c.code)).toContain('27.12.08');
    expect(classificationCodes('SE', se.records).map((c) => c.code)).toContain('3.1');
  });
});
