/**
 * The corpus of realistic Danish and Swedish mails and MeMo letters, parsed by the real parser
 * and checked by the real engine: each message's manifest entry says which rules must fire and
 * which must stay silent, and every BK/FX rule has messages of both kinds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { parseMessage } from '../../src/message/parse.ts';
import { engineFromConfig } from '../../src/rules/engine.ts';
import { rules } from '../../src/rules/registry.ts';

const dir = join(import.meta.dirname, '../fixtures/corpus');
const manifest = parse(readFileSync(join(dir, 'manifest.yaml'), 'utf8')) as {
  messages: Array<{ file: string; about: string; fire: string[]; silent: string[] }>;
};
const engines = {
  da: engineFromConfig(loadConfig(join(dir, 'dk.yaml')).config),
  sv: engineFromConfig(loadConfig(join(dir, 'se.yaml')).config),
};
/** The language rules (issue 4) are evaluated on their own corpus in eval/. */
const LANGUAGE_RULES = new Set(['plain-language', 'calm-tone', 'no-identity-number-in-subject', 'identity-number-in-body', 'no-sensitive-subject', 'secret-content']);
const bkfx = rules.map((r) => r.meta.id).filter((id) => !LANGUAGE_RULES.has(id));

describe('the rule corpus', () => {
  it('has at least 40 messages, every file listed once, Danish and Swedish, mail and MeMo', () => {
    const files = readdirSync(dir).filter((f) => /\.(eml|xml)$/.test(f)).sort();
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(manifest.messages.map((m) => m.file).sort()).toEqual(files);
    expect(files.filter((f) => f.startsWith('sv-')).length).toBeGreaterThanOrEqual(15);
    expect(files.filter((f) => f.endsWith('.xml')).length).toBeGreaterThanOrEqual(5);
  });

  it('gives every BK/FX rule messages where it must fire and messages where it must not', () => {
    for (const id of bkfx) {
      expect(manifest.messages.some((m) => m.fire.includes(id)), `${id} fires somewhere`).toBe(true);
      expect(manifest.messages.some((m) => m.silent.includes(id)), `${id} is silent somewhere`).toBe(true);
    }
    for (const m of manifest.messages) {
      for (const id of [...m.fire, ...m.silent]) expect(bkfx, `${m.file}: ${id}`).toContain(id);
    }
  });

  describe.each(manifest.messages)('$file ($about)', ({ file, fire, silent }) => {
    it('fires exactly where the manifest says', async () => {
      const message = await parseMessage(readFileSync(join(dir, file)));
      const lang = file.startsWith('sv-') ? 'sv' : 'da';
      const findings = engines[lang].check(message, { lang });
      const fired = new Set(findings.map((f) => f.ruleId));
      for (const id of fire) expect(fired, `${id} must fire`).toContain(id);
      for (const id of silent) expect(fired, `${id} must stay silent`).not.toContain(id);
      for (const f of findings) {
        expect(f.message && f.explanation && f.suggestion, `${f.ruleId} explains itself`).toBeTruthy();
        if (f.location.kind === 'body') {
          expect(f.location.end).toBeLessThanOrEqual(message.body.text.length);
          expect(f.location.start).toBeLessThanOrEqual(f.location.end);
        }
        if (f.fix && f.location.kind === 'body') expect(message.body.text.slice(f.fix.start, f.fix.end)).not.toBe('');
      }
    });
  });
});
