/**
 * One pass of every text analysis over a text, for the gateway, the rules and the benchmark:
 * language, segmentation, readability, officialese, tone, identity numbers and sensitive terms.
 * The text is segmented once and every analysis reads the same words.
 */
import { findIdentityNumbers, type IdentityNumberMatch } from './identity.ts';
import { detectLanguage } from './language.ts';
import { findOfficialese, type OfficialeseMatch } from './officialese.ts';
import { readability, type Readability, type ReadabilityOptions } from './readability.ts';
import { segment, type Segmentation, type TextLang } from './segment.ts';
import { findSensitiveTerms, type SensitiveMatch } from './sensitive.ts';
import { analyseTone, type ToneResult } from './tone.ts';

export interface TextAnalysis {
  lang: TextLang;
  segmentation: Segmentation;
  readability: Readability;
  officialese: OfficialeseMatch[];
  tone: ToneResult;
  /** This and `sensitive` are computed on first read: the rules look for them in the whole body instead. */
  readonly identityNumbers: IdentityNumberMatch[];
  readonly sensitive: SensitiveMatch[];
}

export interface AnalyseOptions extends ReadabilityOptions {
  /** Skip detection and use this language. */
  lang?: TextLang;
  /** Used when detection cannot tell (too little text). */
  fallbackLang?: TextLang;
}

export function analyseText(text: string, options: AnalyseOptions = {}): TextAnalysis {
  const lang = options.lang ?? detectLanguage(text).lang ?? options.fallbackLang ?? 'da';
  const seg = segment(text, lang);
  let identityNumbers: IdentityNumberMatch[] | undefined;
  let sensitive: SensitiveMatch[] | undefined;
  return {
    lang,
    segmentation: seg,
    readability: readability(seg, lang, options),
    officialese: findOfficialese(seg, lang),
    tone: analyseTone(text, lang, seg),
    get identityNumbers() {
      return (identityNumbers ??= findIdentityNumbers(text, { lang }));
    },
    get sensitive() {
      return (sensitive ??= findSensitiveTerms(seg, lang === 'en' ? ['da', 'sv'] : [lang]));
    },
  };
}
