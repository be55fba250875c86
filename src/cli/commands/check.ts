/**
 * `postvakt check [--format human|json|sarif] [--lang da|sv|en] [--config F] FILE... | -`:
 * checks e-mails (.eml) and Digital Post letters (MeMo XML) against the guidelines.
 * Exit 0 when clean (warnings and suggestions allowed), 1 with error-level findings,
 * 2 when an input or the usage is wrong.
 */
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { clockFromEnv } from '../../clock/clock.ts';
import { translate, type Lang, type Params } from '../../i18n/catalog.ts';
import { describeWarning } from '../../message/messages.ts';
import { MessageError, parseMessage } from '../../message/parse.ts';
import { engineFromConfig, RuleCrashError, type RuleEngine } from '../../rules/engine.ts';
import { RulesConfigError } from '../../rules/config.ts';
import { formatHuman } from '../../rules/format/human.ts';
import { toJsonReport } from '../../rules/format/json.ts';
import type { FileResult } from '../../rules/format/result.ts';
import { toSarif } from '../../rules/format/sarif.ts';
import { messages } from '../../rules/messages.ts';
import pkg from '../../../package.json' with { type: 'json' };
import { registerInputError, UsageError } from '../errors.ts';
import { cliConfig, printJson, withConfigOption } from '../shared.ts';
import type { RegisterCommands } from './index.ts';

registerInputError(RulesConfigError);

interface CheckOptions {
  format: 'human' | 'json' | 'sarif';
  lang?: Lang;
  config?: string;
  listRules?: boolean;
}

function say(lang: Lang, key: keyof (typeof messages)['en'], params?: Params): string {
  return translate(messages, lang, key, params);
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Read, parse and check one input; what goes wrong with the input is its result, not a crash. */
async function checkOne(path: string, engine: RuleEngine, lang: Lang, now: Date): Promise<FileResult> {
  let bytes: Buffer;
  try {
    bytes = path === '-' ? await readStdin() : await readFile(path);
  } catch (err) {
    return { path, findings: [], parseWarnings: [], error: say(lang, 'error.unreadable', { code: (err as NodeJS.ErrnoException).code ?? 'error' }) };
  }
  try {
    const message = await parseMessage(bytes);
    const findings = engine.check(message, { lang, reference: message.date ?? now });
    return {
      path,
      message,
      raw: bytes.toString('utf8'),
      findings,
      parseWarnings: message.warnings.map((w) => ({ code: w.code, message: describeWarning(w, lang) })),
    };
  } catch (err) {
    if (err instanceof MessageError) return { path, findings: [], parseWarnings: [], error: err.describe(lang) };
    throw err;
  }
}

function listRules(engine: RuleEngine, lang: Lang, format: CheckOptions['format']): void {
  const rows = engine.rules.map(({ rule, level, options }) => ({
    id: rule.meta.id,
    clause: rule.meta.clause,
    level,
    defaultLevel: rule.meta.defaultLevel,
    description: rule.meta.docs.description[lang],
    options,
  }));
  if (format !== 'human') return printJson(rows);
  const width = Math.max(...rows.map((r) => r.id.length));
  const lines = rows.map((r) => {
    const opts = r.options && Object.keys(r.options).length ? `  ${JSON.stringify(r.options)}` : '';
    return `  ${r.id.padEnd(width)}  ${r.clause.padEnd(5)}  ${`${r.level} (${r.defaultLevel})`.padEnd(24)}  ${r.description}${opts}`;
  });
  process.stdout.write(`${say(lang, 'listRules.header')}\n${lines.join('\n')}\n`);
}

export const register: RegisterCommands = (program: Command, env) => {
  withConfigOption(
    program
      .command('check')
      .description('check e-mails (.eml) and Digital Post letters (MeMo XML) against the guidelines')
      .argument('[files...]', 'files to check; - reads standard input')
      .addOption(new Option('--format <format>', 'output format').choices(['human', 'json', 'sarif']).default('human'))
      .addOption(new Option('--lang <lang>', 'language of the findings (default: the municipality’s)').choices(['da', 'sv', 'en']))
      .option('--list-rules', 'list every rule with its clause, level and options'),
  ).action(async (files: string[], opts: CheckOptions) => {
    const { config } = cliConfig(opts);
    const lang = opts.lang ?? (config.municipality.language as Lang);
    const engine = engineFromConfig(config);
    if (opts.listRules) return listRules(engine, lang, opts.format);
    if (files.length === 0) throw new UsageError(say(lang, 'error.noFiles'));
    const now = clockFromEnv().now();
    const results: FileResult[] = [];
    for (const path of files) {
      try {
        results.push(await checkOne(path, engine, lang, now));
      } catch (err) {
        // A crashing rule is a bug: name the file it crashed on, keep the stack trace.
        if (err instanceof RuleCrashError) err.message = `${path}: ${err.message}`;
        throw err;
      }
    }
    if (opts.format === 'json') printJson(toJsonReport(results, { lang, toolVersion: pkg.version }));
    else if (opts.format === 'sarif') printJson(toSarif(results, { lang, toolVersion: pkg.version, rules: engine.rules }));
    else {
      const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
      process.stdout.write(formatHuman(results, { lang, color }));
    }
    if (results.some((r) => r.error)) env.setExitCode(2);
    else if (results.some((r) => r.findings.some((f) => f.level === 'error'))) env.setExitCode(1);
  });
};
