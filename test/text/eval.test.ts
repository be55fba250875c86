/** The targets of issue 4 on the labelled corpus in eval/ (the same figures `npm run eval:text` prints). */
import { describe, expect, it } from 'vitest';
import { scoreDetector, scoreLanguage, TARGETS } from '../../eval/score.ts';

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

  for (const lang of ['da', 'sv', 'en'] as const) {
    it(`language detection (${lang}) is right on ≥ 97 % of paragraphs of 20+ words`, () => {
      const s = scoreLanguage(lang);
      expect(s.n).toBeGreaterThanOrEqual(15);
      expect(s.accuracy).toBeGreaterThanOrEqual(0.97);
    });
  }
});
