/**
 * The `rules` section of `postvakt.yaml`: settings the rules share (internal domains,
 * distribution lists, the common signature) and a level, optionally with options, per rule:
 *
 *   rules:
 *     internalDomains: [eksempel-kommune.dk]
 *     levels:
 *       no-read-receipt: error              # a level: off | suggestion | warning | error
 *       no-mass-mail: [warning, { max: 40 }] # or [level, options], as in ESLint
 *
 * Options are checked against each rule's own zod schema when the file is loaded, so a typo
 * stops the start with the rule and key named, not a surprise in the middle of the night.
 */
import { z } from 'zod';
import { LEVELS, type AnyRule, type Level, type RuleSettings } from './types.ts';
import { rules as registry } from './registry.ts';

export class RulesConfigError extends Error {}

/**
 * A rule's level and options, checked against the rule's own schema. Throws RulesConfigError
 * with what is wrong; the caller names the rule.
 */
export function parseRuleEntry(rule: AnyRule, raw: unknown): { level: Level; options: unknown } {
  const [level, options] = Array.isArray(raw) ? raw : [raw, {}];
  if (Array.isArray(raw) && raw.length !== 2 && raw.length !== 1) {
    throw new RulesConfigError('expected a level, or [level, { options }]');
  }
  if (!(LEVELS as readonly unknown[]).includes(level)) {
    throw new RulesConfigError(`${JSON.stringify(level)} is not a level; expected one of ${LEVELS.join(', ')}`);
  }
  const parsed = rule.meta.options.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.length ? `option "${issue.path.join('.')}"` : 'options';
    const detail = issue.code === 'unrecognized_keys' ? `unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')}` : `${key}: ${issue.message}`;
    throw new RulesConfigError(detail);
  }
  return { level: level as Level, options: parsed.data };
}

function closest(id: string, known: string[]): string | undefined {
  const distance = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = row[j]!;
        row[j] = next;
      }
    }
    return row[b.length]!;
  };
  const best = known.map((k) => ({ k, d: distance(id, k) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= 3 ? best.k : undefined;
}

const levelsSchema = z.record(z.string(), z.unknown()).transform((raw, ctx) => {
  const out: Record<string, { level: Level; options: unknown }> = {};
  const ids = registry.map((r) => r.meta.id);
  for (const [id, entry] of Object.entries(raw)) {
    const rule = registry.find((r) => r.meta.id === id);
    if (!rule) {
      const hint = closest(id, ids);
      ctx.addIssue({
        code: 'custom',
        path: [id],
        input: undefined,
        message: `unknown rule "${id}"${hint ? `; did you mean "${hint}"?` : ''} (see postvakt check --list-rules)`,
      });
      continue;
    }
    try {
      out[id] = parseRuleEntry(rule, entry);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: [id], input: undefined, message: (err as Error).message });
    }
  }
  return out;
});

export const rulesConfigSchema = z
  .object({
    /** Addresses that reach many people; `*` matches any characters, e.g. "alle-*@eksempel-kommune.dk". */
    distributionLists: z.array(z.string().min(3)).default([]),
    /** The common signature (BK-13); `{name}`-style placeholders match anything on their line. */
    signatureTemplate: z.string().min(1).optional(),
    levels: levelsSchema.default({}),
  })
  .strict()
  .default({ distributionLists: [], levels: {} });

export type RulesSection = z.infer<typeof rulesConfigSchema>;

/** The settings rules share, from the whole configuration. */
export function ruleSettings(config: {
  municipality: { name: string; domains: string[] };
  calendar: { timeZone: string; country: 'DK' | 'SE' };
  rules: RulesSection;
}): RuleSettings {
  return {
    country: config.calendar.country === 'DK' ? 'dk' : 'se',
    internalDomains: config.municipality.domains,
    distributionLists: config.rules.distributionLists,
    municipalityName: config.municipality.name,
    timeZone: config.calendar.timeZone,
    ...(config.rules.signatureTemplate ? { signatureTemplate: config.rules.signatureTemplate } : {}),
  };
}
