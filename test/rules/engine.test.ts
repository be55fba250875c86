import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCatalog } from '../../src/i18n/catalog.ts';
import { parseConfig, samplePath } from '../../src/config/load.ts';
import { createEngine, engineFromConfig, RuleCrashError } from '../../src/rules/engine.ts';
import { parseRuleEntry, RulesConfigError } from '../../src/rules/config.ts';
import thresholds from '../../src/rules/data/thresholds.json' with { type: 'json' };
import { checkThresholds, rules } from '../../src/rules/registry.ts';
import { defineRule } from '../../src/rules/types.ts';
import { makeMessage, settings } from './helpers.ts';

const messy = makeMessage({
  subject: 'Budget',
  to: ['Jonas Berg <job@eksempel-kommune.dk>'],
  headers: { 'Return-Receipt-To': 'meh@eksempel-kommune.dk' },
  body: 'Hej\nSvar senest 4/12-2026.\nMøde 3/12-2026.',
  attachments: [{ filename: 'a.xlsx', contentType: 'application/vnd.ms-excel', size: 10, disposition: 'attachment' }],
});

describe('createEngine', () => {
  it('runs every rule at its default level and sorts findings: message, headers in order, body by offset', () => {
    const findings = createEngine({ settings }).check(messy, { lang: 'en' });
    expect(findings.map((f) => [f.ruleId, f.location.kind])).toEqual([
      ['no-internal-attachments', 'message'],
      ['subject-states-action', 'header'],
      ['no-read-receipt', 'header'],
      ['reply-by-date-iso', 'body'],
      ['reply-by-date-iso', 'body'],
      ['common-signature', 'body'],
    ]);
    expect(findings.every((f) => f.explanation && f.suggestion)).toBe(true);
  });

  it('applies configured levels and options, and turns rules off', () => {
    const engine = createEngine({
      settings,
      rules: { 'no-read-receipt': { level: 'error' }, 'reply-by-date-iso': { level: 'off' }, 'common-signature': { level: 'off' } },
    });
    const findings = engine.check(messy, { lang: 'da' });
    expect(findings.find((f) => f.ruleId === 'no-read-receipt')?.level).toBe('error');
    expect(findings.some((f) => f.ruleId === 'reply-by-date-iso')).toBe(false);
    expect(engine.rules.find((r) => r.rule.meta.id === 'no-mass-mail')?.options).toEqual({ max: 25 });
  });

  it('renders each finding in the requested language', () => {
    const [da, sv] = (['da', 'sv'] as const).map((lang) =>
      createEngine({ settings }).check(messy, { lang }).find((f) => f.ruleId === 'no-read-receipt'),
    );
    expect(da?.message).toBe('Mailen beder om læsekvittering (Return-Receipt-To).');
    expect(sv?.message).toBe('Mejlet begär läskvitto (Return-Receipt-To).');
  });

  it('refuses unknown rules and bad options with the rule and key named', () => {
    expect(() => createEngine({ settings, rules: { 'no-such-rule': { level: 'error' } } })).toThrow(RulesConfigError);
    expect(() => createEngine({ settings, rules: { 'no-mass-mail': { level: 'warning', options: { max: 'many' } } } })).toThrow(
      /rule no-mass-mail: option "max"/,
    );
  });

  it('refuses an option a rule does not take, for every rule (strict option schemas)', () => {
    for (const rule of rules) {
      expect(() => parseRuleEntry(rule, ['warning', { noSuchOption: 1 }]), rule.meta.id).toThrow(/unknown option "noSuchOption"/);
    }
    expect(() => parseRuleEntry(rules.find((r) => r.meta.id === 'descriptive-title')!, ['warning', { minWords: 2 }])).toThrow(/unknown option "minWords"/);
  });

  it('checks the default thresholds against the rules: each one an option its rule takes', () => {
    expect(() => checkThresholds(thresholds)).not.toThrow();
    expect(() => checkThresholds({ ...thresholds, 'descriptive-title': { minWords: 2 } })).toThrow(/thresholds\.json: rule descriptive-title/);
    expect(() => checkThresholds({ 'no-such-rule': {} })).toThrow(/unknown rule no-such-rule/);
  });

  it('names the rule when one crashes', () => {
    const broken = defineRule({
      meta: {
        id: 'broken',
        clause: 'BK-4',
        docs: { description: { en: 'x', da: 'x', sv: 'x' } },
        defaultLevel: 'error',
        options: z.object({}),
        messages: defineCatalog({ en: { m: 'm' }, da: { m: 'm' }, sv: { m: 'm' } }),
      },
      check() {
        throw new Error('boom');
      },
    });
    const engine = createEngine({ settings, registry: [broken] });
    expect(() => engine.check(messy, { lang: 'en' })).toThrow(RuleCrashError);
    expect(() => engine.check(messy, { lang: 'en' })).toThrow('rule broken failed: boom');
  });

  it('skips rules for the other channel', () => {
    const letter = { ...messy, channel: 'digitalpost' as const };
    const findings = createEngine({ settings }).check(letter, { lang: 'en' });
    expect(findings.some((f) => f.ruleId === 'no-read-receipt')).toBe(false);
  });

  it('has a unique id, a clause and da/sv/en text for every rule', () => {
    expect(new Set(rules.map((r) => r.meta.id)).size).toBe(rules.length);
    for (const { meta } of rules) {
      expect(meta.clause).toMatch(/^(FX-(?:[1-9]|1[01])|BK-(?:[1-9]|[12]\d|30))$/);
      expect(Object.keys(meta.messages.da).sort()).toEqual(Object.keys(meta.messages.en).sort());
      expect(Object.keys(meta.messages.sv).sort()).toEqual(Object.keys(meta.messages.en).sort());
      expect(meta.options.safeParse({}).success).toBe(true);
    }
  });
});

describe('the rules section of postvakt.yaml', () => {
  const sample = readFileSync(samplePath('dk'), 'utf8');
  const withLevels = (levels: string) => sample.replace(/ {2}levels:\n(?: {4}.*\n)*/, `  levels:\n${levels}\n`);

  it('loads both samples into an engine', () => {
    for (const country of ['dk', 'se'] as const) {
      const config = parseConfig(readFileSync(samplePath(country), 'utf8'));
      const engine = engineFromConfig(config);
      expect(engine.rules.find((r) => r.rule.meta.id === 'no-read-receipt')?.level).toBe('error');
    }
  });

  it('takes a level or [level, options]', () => {
    const config = parseConfig(withLevels('    short-mail: off\n    no-mass-mail: [error, { max: 40 }]'));
    expect(config.rules.levels).toEqual({ 'short-mail': { level: 'off', options: { maxWords: 250 } }, 'no-mass-mail': { level: 'error', options: { max: 40 } } });
  });

  it.each([
    ['    no-mass-mails: warning', /rules\.levels\.no-mass-mails: unknown rule "no-mass-mails"; did you mean "no-mass-mail"\?/],
    ['    no-mass-mail: warn', /rules\.levels\.no-mass-mail: "warn" is not a level; expected one of off, suggestion, warning, error/],
    ['    no-mass-mail: [warning, { max: 0 }]', /rules\.levels\.no-mass-mail: option "max"/],
    ['    no-mass-mail: [warning, { maks: 10 }]', /rules\.levels\.no-mass-mail: unknown option "maks"/],
  ])('explains %s', (levels, error) => {
    expect(() => parseConfig(withLevels(levels), 'postvakt.yaml')).toThrow(error);
  });

  it('validates the shared settings', () => {
    expect(() => parseConfig(sample.replace('domains: [eksempel-kommune.dk]', 'domains: ["not a domain"]'))).toThrow(
      /municipality\.domains\.0: .*expected a domain/,
    );
  });
});
