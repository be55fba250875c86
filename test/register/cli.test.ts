/**
 * `postvakt migrate`, `flag …` and `decide` as an operator runs them: a fresh directory with the
 * Danish sample configuration (key file created on first use), on both dialects.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { samplePath } from '../../src/config/load.ts';
import { DIALECTS, freshStoreUrl } from '../support/stores.ts';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI in this process (commander parsing, exit codes, one-line errors: all of `main`), with
 * the environment and working directory an operator would have. Starting a process per command
 * costs seconds of transpiling; one test below does start the real binary.
 */
async function postvakt(cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<Result> {
  const saved = { ...process.env };
  const savedCwd = process.cwd();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  try {
    Object.assign(process.env, env);
    process.chdir(cwd);
    const code = await main(args);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.chdir(savedCwd);
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

const LETTER = [
  'From: Jobcenter <jobcenter@eksempel-kommune.dk>',
  'To: borger@example.dk, nabo@example.dk',
  'Subject: Din aktivitetsplan',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Kære borger',
  '',
  'Her er din nye aktivitetsplan.',
  '',
].join('\r\n');

describe.each(DIALECTS)('the register CLI on %s', (dialect) => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let env: NodeJS.ProcessEnv;

  const cli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => postvakt(dir, { ...env, ...extraEnv }, args);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'postvakt-cli-'));
    const store = freshStoreUrl(dialect);
    cleanup = store.cleanup;
    env = {
      POSTVAKT_CONFIG: samplePath('dk'),
      POSTVAKT_DATABASE_URL: store.url,
      LANG: 'en_GB.UTF-8',
      POSTVAKT_LOG_LEVEL: 'warn',
    };
    writeFileSync(join(dir, 'letter.eml'), LETTER);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await cleanup();
  });

  it('migrate applies the migrations once', async () => {
    const first = await cli(['migrate']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Applied migration 0001_register.');
    const second = await cli(['migrate']);
    expect(second.stdout).not.toContain('Applied');
    expect(second.stdout).toMatch(new RegExp(`up to date \\(\\d+ migrations, ${dialect}\\)`));
  });

  it('flag add creates the key file (0600), and the flag holds a Friday-afternoon letter', async () => {
    const added = await cli(['flag', 'add', '--id', 'Borger@example.dk', '--reason', 'Angst før weekenden', '--review', '2027-06-30', '--by', 'a.caseworker', '--unit', 'Jobcenter', '--json']);
    expect(added.code, added.stderr).toBe(0);
    expect(statSync(join(dir, 'data/register.key')).mode & 0o777).toBe(0o600);
    expect(added.stderr).toContain('created the consideration register key file');
    const flag = JSON.parse(added.stdout) as { id: string; unit: string; caseWorker: string };
    expect(flag).toMatchObject({ unit: 'Jobcenter', caseWorker: 'a.caseworker' });
    expect(added.stdout).not.toContain('Angst');

    const decided = await cli(['decide', 'letter.eml', '--at', '2026-11-27T13:30:00+01:00', '--json']);
    expect(decided.code, decided.stderr).toBe(0);
    const decisions = JSON.parse(decided.stdout) as Array<{ recipient: string; verdict: string; holdUntil?: string }>;
    expect(decisions.map((d) => [d.recipient, d.verdict, d.holdUntil])).toEqual([
      ['borger@example.dk', 'hold', '2026-11-30T08:00:00.000Z'],
      ['nabo@example.dk', 'deliver', undefined],
    ]);

    // POSTVAKT_NOW stands the clock on Saturday when --at is not given; text output in Danish.
    const saturday = await cli(['decide', 'letter.eml', '--lang', 'da'], { POSTVAKT_NOW: '2026-11-28T10:00:00+01:00' });
    expect(saturday.stdout).toContain('borger@example.dk: hold tilbage (markeret)');
    expect(saturday.stdout).toContain('[FX-8]');
    expect(saturday.stdout).toContain('mandag den 30. november 2026 kl. 09.00');

    const list = await cli(['flag', 'list']);
    expect(list.stdout).toContain(flag.id);
    expect(list.stdout).not.toMatch(/borger|Angst/i);

    const shown = await cli(['flag', 'show', flag.id]);
    expect(shown.stdout).toContain('Reason: Angst før weekenden');
    expect(shown.stdout).toContain('b…@example.dk');
  });

  it('bad input is one clear line on stderr, exit 2, and changes nothing', async () => {
    const before = (await cli(['flag', 'list', '--json'])).stdout;
    const cases: Array<[string[], RegExp]> = [
      [['flag', 'add', '--id', '12345', '--reason', 'x', '--review', '2027-01-01'], /is not an e-mail address, CPR number/],
      [['flag', 'add', '--id', 'borger@example.dk', '--reason', 'x', '--review', '2027-01-01'], /already flagged/],
      [['flag', 'add', '--id', 'ny@example.dk', '--reason', 'x', '--review', 'soon'], /review date "soon" is not a date/],
      [['flag', 'remove', 'ukendt@example.dk'], /this citizen has no flag/],
      [['decide', 'missing.eml', '--at', '2026-11-27T13:30:00+01:00'], /cannot read the message/],
      [['decide', 'letter.eml', '--at', '2026-11-27 13:30'], /not an ISO 8601 instant/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
    const missingKey = await cli(['flag', 'list'], { POSTVAKT_REGISTER_HMAC_KEY: Buffer.alloc(32).toString('base64') });
    expect(missingKey.code).toBe(2);
    expect(missingKey.stderr).toMatch(/POSTVAKT_REGISTER_ENC_KEY is not set/);
    expect((await cli(['flag', 'list', '--json'])).stdout).toBe(before);
  });

  it('flag remove by identifier deletes the flag', async () => {
    const removed = await cli(['flag', 'remove', 'borger@example.dk']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Flag removed.');
    expect((await cli(['flag', 'list'])).stdout).toContain('No flags.');
  });
});

describe('the postvakt binary', () => {
  it('runs decide as a process, standing on POSTVAKT_NOW', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postvakt-bin-'));
    try {
      writeFileSync(join(dir, 'letter.eml'), LETTER);
      const { stdout } = await promisify(execFile)(process.execPath, [resolve('bin/postvakt.js'), 'decide', 'letter.eml', '--json'], {
        cwd: dir,
        env: { PATH: process.env.PATH, POSTVAKT_CONFIG: samplePath('dk'), POSTVAKT_NOW: '2026-11-28T10:00:00+01:00', POSTVAKT_LOG_LEVEL: 'error' },
      });
      // No flags in a fresh store: both recipients are delivered, and the key file now exists.
      const decisions = JSON.parse(stdout) as Array<{ recipient: string; verdict: string; reasons: Array<{ code: string }> }>;
      expect(decisions.map((d) => [d.recipient, d.verdict, d.reasons[0]!.code])).toEqual([
        ['borger@example.dk', 'deliver', 'not-flagged'],
        ['nabo@example.dk', 'deliver', 'not-flagged'],
      ]);
      expect(statSync(join(dir, 'data/register.key')).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'data/postvakt.db')).isFile()).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
