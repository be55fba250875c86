/**
 * Case numbers and classification codes for registration (BK-20), per municipality: the case
 * number's shape as a regular expression, and the codes of the classification scheme (KLE for
 * DK, the municipality's own scheme for SE) as data.
 */
import type { Country } from './grounds.ts';
import type { RecordsConfig } from './config.ts';
import data from './data/classification.json' with { type: 'json' };

export interface ClassificationCode {
  code: string;
  title: string;
}

export interface CaseNumberFormat {
  pattern: string;
  example: string;
}

/** DK: a KLE-shaped journal number (topic, facet, serial, year); SE: a diarienummer such as "KS 2026/123". */
export const DEFAULT_CASE_NUMBERS: Record<Country, CaseNumberFormat> = {
  DK: { pattern: String.raw`\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d{1,6}-\d{2}`, example: '27.12.08-P20-1-26' },
  SE: { pattern: String.raw`[A-ZÅÄÖ]{2,5} \d{4}/\d{1,6}`, example: 'KS 2026/123' },
};

const DEFAULT_SCHEME: Record<Country, keyof typeof data.schemes> = { DK: 'kle-sample', SE: 'se-sample' };

export function caseNumberFormat(country: Country, config: Pick<RecordsConfig, 'caseNumber'>): CaseNumberFormat {
  return config.caseNumber ?? DEFAULT_CASE_NUMBERS[country];
}

/** Whether a case number has the municipality's shape (the whole string must match). */
export function validCaseNumber(format: CaseNumberFormat, caseNumber: string): boolean {
  return new RegExp(`^(?:${format.pattern})$`, 'u').test(caseNumber);
}

/** The classification codes registrations may use. */
export function classificationCodes(country: Country, config: Pick<RecordsConfig, 'classification'>): ClassificationCode[] {
  const chosen = config.classification ?? DEFAULT_SCHEME[country];
  if (Array.isArray(chosen)) return chosen;
  return data.schemes[chosen];
}
