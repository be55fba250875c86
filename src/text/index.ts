/** The text module's public API: Danish, Swedish and English language analysis. */
export { analyseText, type AnalyseOptions, type TextAnalysis } from './analyse.ts';
export {
  findIdentityNumbers,
  maskIdentityNumbers,
  normaliseIdentityNumber,
  type FindIdentityOptions,
  type IdentityKind,
  type IdentityNumberMatch,
  type NormalisedIdentity,
} from './identity.ts';
export { detectLanguage, detectParagraphLanguages, type LanguageGuess, type ParagraphLanguage } from './language.ts';
export { findOfficialese, type OfficialeseMatch } from './officialese.ts';
export { lixBand, readability, type LixBand, type Readability } from './readability.ts';
export { segment, type Paragraph, type Segmentation, type Sentence, type TextLang, type Word } from './segment.ts';
export { findSensitiveTerms, SENSITIVE_CATEGORIES, type SensitiveCategory, type SensitiveMatch } from './sensitive.ts';
export { analyseTone, type ToneResult, type ToneSignal } from './tone.ts';
export { messageText, titleTexts, type MessageText } from './message.ts';
