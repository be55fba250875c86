/**
 * Running `postvakt` in tests: as a real process (`node bin/postvakt.js`, the black box) or,
 * where a test only needs the command's output, in this process through `main`, which is the
 * same code without the second or two a Node start with the whole CLI costs.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const BIN = join(import.meta.dirname, '../../bin/postvakt.js');

/** English messages and no configuration from the environment, unless a test says otherwise. */
const BASE_ENV = { LC_ALL: '', LC_MESSAGES: '', LANG: 'en_GB.UTF-8', POSTVAKT_CONFIG: '' };

export function spawnCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...BASE_ENV, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Not concurrency-safe: it captures this process's stdout and stderr while `main` runs. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, BASE_ENV, env);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
  try {
    const code = await main(args);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
