/**
 * SARIF 2.1.0 for CI tools and editors. Every rule becomes a `reportingDescriptor` with its
 * clause and help text; every finding a `result`. Locations are mapped back to the lines of
 * the file itself where the text can be found there (plain, unencoded mail); otherwise the
 * finding keeps a logical location (the header, or "body" with the line in the readable text).
 */
import type { Lang } from '../../i18n/catalog.ts';
import type { ConfiguredRule } from '../engine.ts';
import type { Finding } from '../types.ts';
import type { FileResult } from './result.ts';

const SARIF_LEVEL = { error: 'error', warning: 'warning', suggestion: 'note' } as const;

interface Region {
  startLine: number;
  startColumn: number;
  endLine?: number;
  endColumn?: number;
}

/** Finds where a finding's text stands in the raw file, by matching whole lines. */
class RawLines {
  readonly #lines: string[];
  readonly #bodyStart: number;

  constructor(raw: string) {
    this.#lines = raw.split(/\r?\n/);
    const blank = this.#lines.findIndex((l) => l === '');
    this.#bodyStart = blank < 0 ? 0 : blank + 1;
  }

  header(name: string, start: number | undefined): Region | undefined {
    const lower = `${name.toLowerCase()}:`;
    const xmlTag = new RegExp(`<(?:\\w+:)?${name}>`, 'i');
    for (let i = 0; i < this.#lines.length; i++) {
      const line = this.#lines[i]!;
      if (i < this.#bodyStart && line.toLowerCase().startsWith(lower)) {
        const valueColumn = lower.length + (line.slice(lower.length).length - line.slice(lower.length).trimStart().length);
        return { startLine: i + 1, startColumn: valueColumn + (start ?? 0) + 1 };
      }
      const tag = xmlTag.exec(line);
      if (tag) return { startLine: i + 1, startColumn: tag.index + tag[0].length + (start ?? 0) + 1 };
    }
    return undefined;
  }

  /** The raw line holding body line `line` (text `text`), looked for from where it would be in a single-part mail. */
  body(line: number, text: string): number | undefined {
    const wanted = text.trimEnd();
    if (!wanted) return undefined;
    const expected = this.#bodyStart + line - 1;
    for (let i = Math.max(expected, this.#bodyStart); i < this.#lines.length; i++) {
      if (this.#lines[i]!.trimEnd() === wanted) return i + 1;
    }
    for (let i = this.#bodyStart; i < Math.min(expected, this.#lines.length); i++) {
      if (this.#lines[i]!.trimEnd() === wanted) return i + 1;
    }
    return undefined;
  }
}

function location(result: FileResult, finding: Finding, raw: RawLines | undefined) {
  const artifactLocation = { uri: result.path === '-' ? 'stdin' : result.path };
  const loc = finding.location;
  if (loc.kind === 'header') {
    const region = raw?.header(loc.header, loc.start);
    return {
      physicalLocation: { artifactLocation, ...(region ? { region } : {}) },
      logicalLocations: [{ name: loc.header, kind: 'member' }],
    };
  }
  if (loc.kind === 'body' && result.message) {
    const text = result.message.body.text;
    const lineStart = loc.start - (loc.column - 1);
    const lineEnd = text.indexOf('\n', lineStart);
    const lineText = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    const rawLine = raw?.body(loc.line, lineText);
    const logical = { name: 'body', kind: 'member', fullyQualifiedName: `body:${loc.line}:${loc.column}` };
    if (rawLine === undefined) return { physicalLocation: { artifactLocation }, logicalLocations: [logical] };
    const spanEnd = Math.min(loc.end, lineEnd < 0 ? text.length : lineEnd);
    return {
      physicalLocation: {
        artifactLocation,
        region: { startLine: rawLine, startColumn: loc.column, endLine: rawLine, endColumn: loc.column + Math.max(spanEnd - loc.start, 0) },
      },
      logicalLocations: [logical],
    };
  }
  return { physicalLocation: { artifactLocation } };
}

export function toSarif(
  results: readonly FileResult[],
  options: { lang: Lang; toolVersion: string; rules: readonly ConfiguredRule[] },
) {
  const { lang } = options;
  const descriptors = options.rules.map(({ rule, level }) => ({
    id: rule.meta.id,
    name: rule.meta.id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
    shortDescription: { text: rule.meta.docs.description[lang] },
    fullDescription: { text: rule.meta.docs.rationale?.[lang] ?? rule.meta.docs.description[lang] },
    help: { text: `${rule.meta.clause}: ${rule.meta.docs.description[lang]} ${rule.meta.docs.rationale?.[lang] ?? ''}`.trim() },
    defaultConfiguration: { enabled: level !== 'off', level: level === 'off' ? 'none' : SARIF_LEVEL[level] },
    properties: { clause: rule.meta.clause, tags: [rule.meta.clause] },
  }));
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'postvakt',
            version: options.toolVersion,
            language: lang,
            rules: descriptors,
          },
        },
        language: lang,
        results: results.flatMap((result) => {
          const raw = result.raw !== undefined ? new RawLines(result.raw) : undefined;
          return result.findings.map((f) => ({
            ruleId: f.ruleId,
            ruleIndex: index.get(f.ruleId) ?? -1,
            level: SARIF_LEVEL[f.level],
            message: { text: f.suggestion ? `${f.message} ${f.suggestion}` : f.message },
            locations: [location(result, f, raw)],
            // The fix's range is in the decoded text, not the file, so it travels as a property.
            properties: {
              clause: f.clause,
              messageId: f.messageId,
              ...(f.explanation ? { explanation: f.explanation } : {}),
              ...(f.fix ? { fix: f.fix } : {}),
            },
          }));
        }),
        invocations: [
          {
            executionSuccessful: results.every((r) => !r.error),
            toolExecutionNotifications: results
              .filter((r) => r.error)
              .map((r) => ({ level: 'error', message: { text: `${r.path}: ${r.error}` } })),
          },
        ],
      },
    ],
  };
}
