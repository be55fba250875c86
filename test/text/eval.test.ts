/** The targets of issue 4 on the labelled corpus in eval/ (the same figures `npm run eval:text` prints). */
import { describe, expect, it } from 'vitest';
import { plainControl, PLAIN_FALSE_ALARMS, scoreDetector, scoreLanguage, TARGETS } from '../../eval/score.ts';

describe('evaluation corpus targets', () => {
  for (const detector of ['identity', 'officialese', 'tone'] as const) {
    for (const lang of ['da', 'sv'] as const) {
      it(`${detector} (${lang}) meets ${TARGETS[detector]!.label}`, () => {
        const s = scoreDetector(detector, lang)!;
        expect(s.n).toBeGreaterThanOrEqual(100);
        expect(s.precision).toBeGreaterThanOrEqual(TARGETS[detector]!.precision);
        expect(s.recall).toBeGreaterThanOrEqual(TARGETS[detector]!.recall);
      });
    }
  }

  for (const lang of ['da', 'sv'] as const) {
    it(`officialese (${lang}) finds what the sources used name, and fires on at most 2 % of their plain rewrites (issue 16)`, () => {
      const s = scoreDetector('sources-officialese', lang)!;
      expect(s.recall).toBeGreaterThanOrEqual(TARGETS['sources-officialese']!.recall);
      const control = plainControl(lang);
      expect(control.n).toBeGreaterThanOrEqual(40);
      expect(control.falseAlarms).toBeLessThanOrEqual(PLAIN_FALSE_ALARMS);
    });
  }

  it('officialese (sv) finds what Myndigheternas skrivregler names (the set written from it, tuned since its first score)', () => {
    const s = scoreDetector('holdout3-officialese', 'sv')!;
    expect(s.n).toBeGreaterThanOrEqual(100);
    expect(s.recall).toBeGreaterThanOrEqual(TARGETS['holdout3-officialese']!.recall);
    expect(s.falseAlarms).toBeLessThanOrEqual(PLAIN_FALSE_ALARMS);
  });

  for (const lang of ['da', 'sv', 'en'] as const) {
    it(`language detection (${lang}) is right on ≥ 97 % of paragraphs of 20+ words`, () => {
      const s = scoreLanguage(lang);
      expect(s.n).toBeGreaterThanOrEqual(15);
      expect(s.accuracy).toBeGreaterThanOrEqual(0.97);
    });
  }
});
