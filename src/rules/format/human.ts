/**
 * Human output after ESLint's "stylish": the file, then one line per finding (where, level,
 * message, rule and clause), what to do instead, and — once per rule and file — why.
 */
import { styleText } from 'node:util';
import { translate, type Lang, type Params } from '../../i18n/catalog.ts';
import { messages } from '../messages.ts';
import type { Location } from '../types.ts';
import { countFindings, type FileResult } from './result.ts';

type Style = Parameters<typeof styleText>[0];
type Key = keyof (typeof messages)['en'];

export function locationLabel(location: Location, lang: Lang): string {
  if (location.kind === 'body') return `${location.line}:${location.column}`;
  if (location.kind === 'header') return location.start !== undefined ? `${location.header}:${location.start + 1}` : location.header;
  return translate(messages, lang, 'location.message');
}

export function formatHuman(results: readonly FileResult[], options: { lang: Lang; color: boolean }): string {
  const { lang } = options;
  const t = (key: Key, params?: Params) => translate(messages, lang, key, params);
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text) : text);
  const levelStyle = { error: 'red', warning: 'yellow', suggestion: 'cyan' } as const;
  const out: string[] = [];
  let failed = 0;
  const all = results.flatMap((r) => r.findings);

  for (const result of results) {
    if (result.error) {
      failed++;
      out.push(paint('underline', result.path), `  ${paint('red', t('label.inputError'))}: ${result.error}`, '');
      continue;
    }
    if (result.findings.length === 0 && result.parseWarnings.length === 0) continue;
    out.push(paint('underline', result.path));
    for (const w of result.parseWarnings) out.push(`  ${paint('yellow', t('label.parseWarning'))}: ${w.message}`);
    const where = result.findings.map((f) => locationLabel(f.location, lang));
    const levels = result.findings.map((f) => t(`level.${f.level}`));
    const whereWidth = Math.max(0, ...where.map((w) => w.length));
    const levelWidth = Math.max(0, ...levels.map((l) => l.length));
    const indent = ' '.repeat(2 + whereWidth + 2 + levelWidth + 2);
    const explained = new Set<string>();
    result.findings.forEach((f, i) => {
      out.push(
        `  ${paint('dim', where[i]!.padEnd(whereWidth))}  ${paint(levelStyle[f.level], levels[i]!.padEnd(levelWidth))}  ${f.message}  ${paint('dim', `${f.ruleId} (${f.clause})`)}`,
      );
      if (f.suggestion) out.push(`${indent}${t('label.instead')}: ${f.suggestion}`);
      if (f.fix) out.push(`${indent}${f.fix.text === '' ? t('label.fixDelete') : `${t('label.fix')}: ${f.fix.text}`}`);
      if (f.explanation && !explained.has(f.ruleId)) {
        explained.add(f.ruleId);
        out.push(paint('dim', `${indent}${t('label.why')}: ${f.explanation}`));
      }
    });
    out.push('');
  }

  const counts = countFindings(all);
  if (all.length === 0 && failed === 0) out.push(paint('green', t('clean')));
  else if (all.length > 0) {
    const summary = t('summary', { total: all.length, ...counts });
    out.push(paint(counts.errors ? 'red' : 'yellow', `✖ ${summary}`));
  }
  if (failed) out.push(paint('red', t('failedFiles', { count: failed })));
  return `${out.join('\n')}\n`;
}
