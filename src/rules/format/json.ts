/**
 * The JSON report of `postvakt check`, a stable schema (version 1) documented in
 * docs/check-json.md. Fields are only ever added; a breaking change raises `version`.
 */
import type { Lang } from '../../i18n/catalog.ts';
import type { Finding } from '../types.ts';
import { countFindings, type Counts, type FileResult } from './result.ts';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonReport {
  version: typeof JSON_SCHEMA_VERSION;
  tool: { name: 'postvakt'; version: string };
  lang: Lang;
  summary: Counts & { files: number; failedFiles: number };
  files: Array<{
    path: string;
    channel: string | null;
    format: string | null;
    error: string | null;
    parseWarnings: Array<{ code: string; message: string }>;
    summary: Counts;
    findings: Finding[];
  }>;
}

export function toJsonReport(results: readonly FileResult[], options: { lang: Lang; toolVersion: string }): JsonReport {
  const files = results.map((r) => ({
    path: r.path,
    channel: r.message?.channel ?? null,
    format: r.message?.format ?? null,
    error: r.error ?? null,
    parseWarnings: r.parseWarnings,
    summary: countFindings(r.findings),
    findings: r.findings,
  }));
  return {
    version: JSON_SCHEMA_VERSION,
    tool: { name: 'postvakt', version: options.toolVersion },
    lang: options.lang,
    summary: {
      files: results.length,
      failedFiles: results.filter((r) => r.error).length,
      ...countFindings(results.flatMap((r) => r.findings)),
    },
    files,
  };
}
