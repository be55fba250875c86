/**
 * `postvakt check` as a user runs it: a child process, real files, real exit codes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const corpus = join(root, 'test/fixtures/corpus');
const dkConfig = join(corpus, 'dk.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'postvakt-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(root, 'bin/postvakt.js'), 'check', ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', POSTVAKT_NOW: '2026-11-23T10:00:00+01:00' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Each case starts a process that loads the whole CLI; allow for a busy machine.
describe.concurrent('postvakt check', { timeout: 90_000 }, () => {
  it('exits 0 on a clean message and says so', async () => {
    const r = await run(['--config', dkConfig, join(corpus, 'da-01-moedeindkaldelse.eml')]);
    expect(r).toMatchObject({ code: 0, stdout: 'Ingen fund.\n' });
  });

  it('exits 0 with warnings only, printing them like ESLint stylish', async () => {
    const r = await run(['--config', dkConfig, '--lang', 'en', join(corpus, 'da-02-budget-uden-handling.eml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('test/fixtures/corpus/da-02-budget-uden-handling.eml');
    expect(r.stdout).toMatch(/ {2}Subject:1 +warning +The subject "Budget" does not say what you expect the recipient to do\. +subject-states-action \(BK-4\)/);
    expect(r.stdout).toMatch(/ {2}3:80 +warning +The reply-by date "3\/12-2026" is not written as yyyy-mm-dd\./);
    expect(r.stdout).toContain('Fix: 2026-12-03');
    expect(r.stdout).toContain('✖ Findings: 2 (errors: 0, warnings: 2, suggestions: 0)');
  });

  it('exits 1 when a finding is at error level (the sample sets no-read-receipt: error)', async () => {
    const r = await run(['--config', join(root, 'config/samples/dk.yaml'), join(corpus, 'da-03-laesekvittering.eml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('fejl');
  });

  it('writes the documented JSON schema, in Swedish when asked', async () => {
    const r = await run(['--config', join(corpus, 'se.yaml'), '--format', 'json', join(corpus, 'sv-03-laskvitto.eml'), join(corpus, 'sv-01-for-kannedom.eml')]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      version: 1,
      tool: { name: 'postvakt' },
      lang: 'sv',
      summary: { files: 2, failedFiles: 0, errors: 0, warnings: 1, suggestions: 0 },
    });
    expect(report.files[0]).toMatchObject({ channel: 'email', format: 'eml', error: null, parseWarnings: [] });
    expect(report.files[0].findings[0]).toMatchObject({
      ruleId: 'no-read-receipt',
      clause: 'BK-11',
      level: 'warning',
      messageId: 'requested',
      message: 'Mejlet begär läskvitto (X-Confirm-Reading-To).',
      location: { kind: 'header', header: 'X-Confirm-Reading-To' },
    });
    expect(report.files[1].findings).toEqual([]);
  });

  it('writes SARIF 2.1.0 with rules, clauses and locations in the file', async () => {
    const file = join(corpus, 'da-02-budget-uden-handling.eml');
    const r = await run(['--config', dkConfig, '--format', 'sarif', file]);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    const driver = sarif.runs[0].tool.driver;
    expect(driver.rules.find((d: { id: string }) => d.id === 'reply-by-date-iso')).toMatchObject({ properties: { clause: 'BK-5' }, help: { text: expect.stringContaining('BK-5') } });
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'reply-by-date-iso');
    expect(driver.rules[result.ruleIndex].id).toBe('reply-by-date-iso');
    const region = result.locations[0].physicalLocation.region;
    const line = readFileSync(file, 'utf8').split('\n')[region.startLine - 1]!;
    expect(line.slice(region.startColumn - 1, region.endColumn - 1)).toBe('3/12-2026');
  });

  it('reads a MeMo letter from standard input with -', async () => {
    const letter = readFileSync(join(corpus, 'da-memo-02-generisk-titel.xml'), 'utf8');
    const r = await run(['--config', dkConfig, '--format', 'json', '-'], letter);
    const report = JSON.parse(r.stdout);
    expect(report.files[0]).toMatchObject({ path: '-', channel: 'digitalpost', format: 'memo' });
    expect(report.files[0].findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['descriptive-title']);
  });

  it('exits 2 on a file that cannot be read or is not a message, and still reports the others', async () => {
    const empty = join(tmp, 'empty.eml');
    writeFileSync(empty, '  \n');
    const r = await run(['--config', dkConfig, '--format', 'json', join(tmp, 'missing.eml'), empty, join(corpus, 'da-01-moedeindkaldelse.eml')]);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.summary.failedFiles).toBe(2);
    expect(report.files[0].error).toBe('filen kan ikke læses (ENOENT)');
    expect(report.files[1].error).toBeTruthy();
    expect(report.files[2].error).toBeNull();
  });

  it.each([[['--format', 'xml', 'x.eml']], [['--config', dkConfig]], [['--lang', 'de', 'x.eml']]])(
    'exits 2 with one line on stderr for the usage error %j',
    async (args) => {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toContain('    at ');
    },
  );

  it('exits 2 naming the rule and key on a bad rules section', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, `${readFileSync(dkConfig, 'utf8')}  levels:\n    short-mail: [warning, { maxWords: lots }]\n`);
    const r = await run(['--config', bad, join(corpus, 'da-01-moedeindkaldelse.eml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+: rules\.levels\.short-mail: option "maxWords"/);
  });

  it('lists the rules with clause, level and options', async () => {
    const r = await run(['--config', dkConfig, '--list-rules', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no-mass-mail +BK-7 +warning \(warning\) +The message must not go to a large group or a distribution list\. +\{"max":25\}/);
  });

  it('keeps suggestions grammatical and reports each thing once (issue 15)', async () => {
    const file = join(tmp, 'grammar.eml');
    writeFileSync(
      file,
      'From: sagsbehandler@eksempel-kommune.dk\r\nTo: anna@example.dk\r\nSubject: Til orientering: din sag\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n' +
        'Hej Anna\r\n\r\nVi fremsendte brevet i går. Vi påtænker at lukke sagen. Det meddeles hermed, at du er åndssvag.\r\n\r\nVenlig hilsen\r\nAnna\r\n',
    );
    const r = await run(['--config', dkConfig, '--lang', 'da', file]);
    expect(r.stdout).toContain('Ret til: sendte\n');
    expect(r.stdout).toContain('Ret til: planlægger\n');
    expect(r.stdout).toContain('Skriv et enklere ord, fx "fortælle" i den bøjning, sætningen kræver.');
    expect(r.stdout).not.toContain('Ret til: fortælle');
    expect(r.stdout).toContain('Ret: slet det\n');
    expect(r.stdout).not.toMatch(/Ret til: *\n/);
    expect(r.stdout).not.toMatch(/\{\w+\}/);
    expect(r.stdout.match(/common-signature/g)).toHaveLength(1);
    expect(r.stdout.match(/"åndssvag"/g)).toHaveLength(1);
  });

  it('suggests Swedish forms that fit: "inkommit" is "kommit in"', async () => {
    const file = join(tmp, 'inkommit.eml');
    writeFileSync(
      file,
      'From: handlaggare@exempel.se\r\nTo: anna@example.se\r\nSubject: För kännedom: din ansökan\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHej Anna\r\n\r\nDin ansökan har inkommit till oss och vi läser den nu.\r\n',
    );
    const r = await run(['--config', join(corpus, 'se.yaml'), '--lang', 'sv', file]);
    expect(r.stdout).toContain('Ändra till: kommit in\n');
    expect(r.stdout).not.toContain('komma in');
  });
});
