/**
 * The rule engine: runs every active rule on a normalised `Message` and returns its findings,
 * rendered in the reader's language and sorted by where they are.
 *
 * The engine is built once from the configuration (levels and options are validated then) and
 * is then a pure function of the message, so the gateway, the web app and `postvakt check`
 * share it and get the same findings for the same message.
 */
import { translate, type Lang } from '../i18n/catalog.ts';
import type { Message } from '../message/types.ts';
import { rules as registry } from './registry.ts';
import type { AnyRule, Finding, Level, Location, Report, RuleContext, RuleSettings } from './types.ts';
import { parseRuleEntry, ruleSettings, RulesConfigError } from './config.ts';

/** Levels and options per rule id, as the `rules.levels` section yields them after validation. */
export type RulesConfig = Record<string, { level: Level; options?: unknown }>;

export interface ConfiguredRule {
  rule: AnyRule;
  level: Level;
  /** Options after validation, defaults filled in. */
  options: unknown;
}

export interface CheckOptions {
  /** Language of the rendered messages. */
  lang: Lang;
  /** When the message was written, for dates without a year; default: the message's Date. */
  reference?: Date;
}

export interface RuleEngine {
  /** Every known rule with its effective level and options, `off` included. */
  readonly rules: readonly ConfiguredRule[];
  check(message: Message, options: CheckOptions): Finding[];
}

/** A rule threw: a bug in the rule, named so it can be found; never the message's fault. */
export class RuleCrashError extends Error {
  constructor(
    readonly ruleId: string,
    cause: unknown,
  ) {
    super(`rule ${ruleId} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export function createEngine(options: {
  rules?: RulesConfig;
  settings: RuleSettings;
  /** The rules to know; default: every rule in the registry. */
  registry?: readonly AnyRule[];
}): RuleEngine {
  const known = options.registry ?? registry;
  const config = options.rules ?? {};
  for (const id of Object.keys(config)) {
    if (!known.some((r) => r.meta.id === id)) throw new RulesConfigError(`rules.levels.${id}: unknown rule`);
  }
  const configured: ConfiguredRule[] = known.map((rule) => {
    const entry = config[rule.meta.id];
    try {
      const parsed = parseRuleEntry(rule, entry ? [entry.level, entry.options ?? {}] : rule.meta.defaultLevel);
      return { rule, ...parsed };
    } catch (err) {
      throw new RulesConfigError(`rule ${rule.meta.id}: ${(err as Error).message}`);
    }
  });
  const active = configured.filter((c) => c.level !== 'off');

  return {
    rules: configured,
    check(message, { lang, reference }) {
      const findings: Finding[] = [];
      const lines = lineStarts(message.body.text);
      for (const { rule, level, options: ruleOptions } of active) {
        if (rule.meta.channels && !rule.meta.channels.includes(message.channel)) continue;
        const { meta } = rule;
        const explanation = meta.docs.rationale?.[lang] ?? meta.docs.description[lang];
        const context: RuleContext<unknown, string> = {
          message,
          options: ruleOptions,
          lang,
          settings: options.settings,
          reference: reference ?? message.date,
          bodyLocation: (start, end) => bodyLocation(lines, start, end),
          report(report: Report<string>) {
            findings.push({
              ruleId: meta.id,
              clause: meta.clause,
              level: level as Exclude<Level, 'off'>,
              messageId: report.messageId,
              message: translate(meta.messages, lang, report.messageId, report.params),
              location: report.location,
              ...(report.suggestionId
                ? { suggestion: translate(meta.messages, lang, report.suggestionId, report.suggestionParams) }
                : {}),
              explanation,
              ...(report.fix ? { fix: report.fix } : {}),
              ...(report.confidence ? { confidence: report.confidence } : {}),
            });
          },
        };
        try {
          rule.check(context);
        } catch (err) {
          throw new RuleCrashError(meta.id, err);
        }
      }
      return sortFindings(findings, message);
    },
  };
}

/** Offsets where each line of the text starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column (UTF-16 units, as editors and ESLint count) of a body offset. */
function bodyLocation(starts: number[], start: number, end: number): Location {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= start) lo = mid;
    else hi = mid - 1;
  }
  return { kind: 'body', start, end, line: lo + 1, column: start - starts[lo]! + 1 };
}

/** The message as a whole first, then headers in the order the message has them, then the body. */
function sortFindings(findings: Finding[], message: Message): Finding[] {
  const headerIndex = (name: string) => {
    const i = message.headers.findIndex((h) => h.name.toLowerCase() === name.toLowerCase());
    return i < 0 ? -1 : i;
  };
  const key = (f: Finding): [number, number, number] => {
    const loc = f.location;
    if (loc.kind === 'message') return [0, 0, 0];
    if (loc.kind === 'header') return [1, headerIndex(loc.header), loc.start ?? 0];
    return [2, loc.start, loc.end];
  };
  return findings
    .map((f, order) => ({ f, k: key(f), order }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2] || a.order - b.order)
    .map(({ f }) => f);
}

/** The engine a loaded `postvakt.yaml` describes. */
export function engineFromConfig(config: Parameters<typeof ruleSettings>[0]): RuleEngine {
  return createEngine({ rules: config.rules.levels, settings: ruleSettings(config) });
}
