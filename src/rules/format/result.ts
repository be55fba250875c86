/**
 * What `postvakt check` found in one input, the common ground of the human, JSON and SARIF
 * formatters.
 */
import type { Message } from '../../message/types.ts';
import type { Finding } from '../types.ts';

export interface FileResult {
  /** The path as given on the command line; "-" is standard input. */
  path: string;
  message?: Message;
  /** The raw input as text, so locations can be mapped back to the file's own lines. */
  raw?: string;
  findings: Finding[];
  /** Parse warnings, rendered. */
  parseWarnings: Array<{ code: string; message: string }>;
  /** Why the input could not be checked at all (unreadable, not a message). */
  error?: string;
}

export interface Counts {
  errors: number;
  warnings: number;
  suggestions: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  const counts: Counts = { errors: 0, warnings: 0, suggestions: 0 };
  for (const f of findings) {
    if (f.level === 'error') counts.errors++;
    else if (f.level === 'warning') counts.warnings++;
    else counts.suggestions++;
  }
  return counts;
}
