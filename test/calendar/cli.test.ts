/**
 * `postvakt calendar …`: the JSON contracts of issue 2, the readable default and exit code 2
 * with one line for bad input. The contracts and exit codes are checked on real processes
 * (`node bin/postvakt.js`, concurrently, as few as cover them); further cases run `main` in-process.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { samplePath } from '../../src/config/load.ts';
import { runCli, spawnCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'postvakt-calendar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const badHours = join(dir, 'bad-hours.yaml');
writeFileSync(badHours, readFileSync(samplePath('dk'), 'utf8').replace('mon: "08:00-15:00"', 'mon: "15:00-08:00"'));

describe.concurrent('postvakt calendar as a process', { timeout: 240_000 }, () => {
  it('holidays --json lists statutory and configured days with half-day times', async () => {
    const { code, stdout } = await spawnCli(['calendar', 'holidays', '--country', 'dk', '--year', '2026', '--json']);
    expect(code).toBe(0);
    const days = JSON.parse(stdout) as Array<Record<string, string>>;
    expect(days).toContainEqual({ date: '2026-12-25', name: 'Juledag', kind: 'statutory' });
    expect(days).toContainEqual({ date: '2026-06-05', name: 'Grundlovsdag', kind: 'configured', from: '12:00' });
    for (const d of days) expect(Object.keys(d).every((k) => ['date', 'name', 'kind', 'from'].includes(k))).toBe(true);
  });

  it('next-opening --json inside the Christmas quiet window on 23 December is Monday 28 December at opening time', async () => {
    const { code, stdout } = await spawnCli(['calendar', 'next-opening', '--country', 'dk', '--at', '2026-12-23T14:00:00+01:00', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ nextOpening: '2026-12-28T08:00:00+01:00' });
  });

  it('quiet-window --json gives start, end and reason', async () => {
    const { stdout } = await spawnCli(['calendar', 'quiet-window', '--country', 'dk', '--at', '2026-12-23T14:00:00+01:00', '--json']);
    expect(JSON.parse(stdout)).toEqual({
      start: '2026-12-23T12:00:00+01:00',
      end: '2026-12-28T08:00:00+01:00',
      reason: 'Juleaftensdag, Juledag, 2. juledag, weekend',
    });
  });

  it('add-working-days --json with --config gives the deadline', async () => {
    const args = ['calendar', 'add-working-days', '--config', samplePath('dk'), '--at', '2026-12-23T14:00:00+01:00', '--days', '7', '--json'];
    const { code, stdout } = await spawnCli(args);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ deadline: '2027-01-07T14:00:00+01:00' });
  });

  it.each([
    ['unknown country', ['holidays', '--country', 'no', '--year', '2026'], /^postvakt: unknown country "no"; expected dk or se$/],
    ['malformed instant', ['next-opening', '--country', 'dk', '--at', '2026-13-45 14:00'], /^postvakt: not an ISO 8601 instant/],
    [
      'impossible opening hours',
      ['next-opening', '--config', badHours, '--at', '2026-12-23T14:00:00Z'],
      /bad-hours\.yaml:\d+: calendar\.openingHours\.mon: "15:00-08:00" is not allowed; expected opening hours whose start is before their end$/,
    ],
  ])('%s: one line on stderr, exit 2', async (_name, args, message) => {
    const { code, stdout, stderr } = await spawnCli(['calendar', ...args]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.trimEnd()).toMatch(message);
  });
});

describe('postvakt calendar in-process', () => {
  it('next-opening is the instant itself while the office is open', async () => {
    const { stdout } = await runCli(['calendar', 'next-opening', '--country', 'dk', '--at', '2026-12-22T13:00:00Z', '--json']);
    expect(JSON.parse(stdout)).toEqual({ nextOpening: '2026-12-22T14:00:00+01:00' });
  });

  it('next-opening says so when it answers a quiet window\'s end, and its help says it too', async () => {
    const quiet = await runCli(['calendar', 'next-opening', '--country', 'dk', '--at', '2026-12-23T14:00:00+01:00']);
    expect(quiet.stdout).toMatch(/^In a quiet window \(FX-6\), which ends when the office opens after it: .*\(2026-12-28T08:00:00\+01:00\)$/m);
    const open = await runCli(['calendar', 'next-opening', '--country', 'dk', '--at', '2026-12-22T10:00:00+01:00']);
    expect(open.stdout).toMatch(/^Open now: .*\(2026-12-22T10:00:00\+01:00\)$/m);
    const help = await runCli(['calendar', 'next-opening', '--help']);
    expect(help.stdout).toContain("inside a quiet window (FX-6) the window's end");
  });

  it.each([
    ['2026-12-23T10:00:00+01:00', true, 0, /^Open: /],
    ['2026-12-26T10:00:00+01:00', false, 1, /^Closed: .*\. Opens .*\(2026-12-28T08:00:00\+01:00\)$/],
  ])('is-open at %s: %s, exit %i', async (at, open, exitCode, line) => {
    const json = await runCli(['calendar', 'is-open', '--country', 'dk', '--at', at, '--json']);
    expect(json.code).toBe(exitCode);
    expect(JSON.parse(json.stdout)).toEqual({ open, at });
    const text = await runCli(['calendar', 'is-open', '--country', 'dk', '--at', at]);
    expect(text.stdout.trimEnd()).toMatch(line);
  });

  it('quiet-window --json prints null outside a window', async () => {
    const { code, stdout } = await runCli(['calendar', 'quiet-window', '--country', 'se', '--at', '2026-06-17T12:00:00+02:00', '--json']);
    expect(code).toBe(0);
    expect(stdout).toBe('null\n');
  });

  it('prints a readable table by default, in the terminal\'s language', async () => {
    const { code, stdout } = await runCli(['calendar', 'holidays', '--country', 'se', '--year', '2026']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Closed days 2026 (SE)');
    expect(lines[2]).toMatch(/^Date\s+Weekday\s+Name\s+Kind\s+Closed from$/);
    expect(lines.find((l) => l.startsWith('2026-06-19'))).toMatch(/Friday\s+Midsommarafton\s+municipal closed day\s+all day/);
    const danish = await runCli(['calendar', 'quiet-window', '--country', 'dk', '--at', '2026-12-23T14:00:00+01:00'], { LANG: 'da_DK.UTF-8' });
    expect(danish.stdout).toMatch(/^Stille periode fra\s+.*\(2026-12-23T12:00:00\+01:00\)$/m);
    expect(danish.stdout).toMatch(/^Årsag\s+Juleaftensdag, Juledag, 2\. juledag, weekend$/m);
  });

  it.each([
    [['add-working-days', '--country', 'se', '--at', '2026-12-23T14:00:00Z', '--days', '-2'], 'days "-2" is not allowed; expected a whole number from 0 to 10000'],
    [['holidays', '--country', 'dk', '--year', '20x6'], 'year "20x6" is not allowed; expected a whole number from 1583 to 9998'],
    [['holidays', '--country', 'se', '--config', samplePath('dk'), '--year', '2026'], '--country se does not match the configuration file, which is for dk'],
  ])('%j: exit 2 with one line', async (args, message) => {
    const { code, stderr } = await runCli(['calendar', ...args]);
    expect(code).toBe(2);
    expect(stderr).toBe(`postvakt: ${message}\n`);
  });
});
