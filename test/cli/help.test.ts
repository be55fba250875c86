/** `postvakt --version`, and `--help` that marks the options a command cannot run without. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../calendar/run-cli.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('postvakt --version and --help', () => {
  it('--version prints the package version, exit 0', async () => {
    const r = await spawnCli(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it.each([
    [['calendar', 'holidays'], '--year <year>'],
    [['calendar', 'add-working-days'], '--days <n>'],
    [['queue', 'reschedule'], '--at <iso>'],
    [['queue', 'release'], '--reason <text>'],
  ])('%j --help marks %s as required', async (command, option) => {
    const r = await runCli([...command, '--help']);
    expect(r.code).toBe(0);
    const help = r.stdout.replace(/\n\s+/g, ' ');
    expect(help).toMatch(new RegExp(`${option.replace(/[<>]/g, '.')} .*?\\(required\\)`));
    expect(help.match(/\(required\)/g)).toHaveLength(1);
  });
});
