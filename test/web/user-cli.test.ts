/** `postvakt user add` as a real child process: password from stdin or a file, clear refusals. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { openStore } from '../../src/store/db.ts';
import { authenticateLocal } from '../../src/web/auth/users.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let configPath: string;
let storeUrl: string;

function postvakt(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/postvakt.js'), ...args, '--config', configPath], {
      cwd: dir,
      env: { ...process.env, LANG: 'da_DK.UTF-8' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'postvakt-user-'));
  storeUrl = `sqlite:${join(dir, 'postvakt.db')}`;
  const config = parse(readFileSync(join(ROOT, 'config/samples/dk.yaml'), 'utf8')) as Record<string, unknown>;
  config.store = { url: storeUrl };
  configPath = join(dir, 'postvakt.yaml');
  writeFileSync(configPath, stringify(config));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('postvakt user add', () => {
  it('creates an account from a password on stdin that can then sign in', async () => {
    const r = await postvakt(['user', 'add', '--username', 'admin', '--role', 'admin', '--unit', 'IT'], 'a long admin password\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Webkontoen admin er oprettet (rolle admin, enhed IT).\n');
    const store = await openStore(storeUrl);
    try {
      expect(await authenticateLocal(store.db, 'admin', 'a long admin password')).toMatchObject({ username: 'admin', role: 'admin', unit: 'IT' });
      expect(await authenticateLocal(store.db, 'admin', 'a long admin password\n')).toBeNull();
      const row = await store.db.selectFrom('web_users').select('password_hash').where('username', '=', 'admin').executeTakeFirstOrThrow();
      expect(row.password_hash).not.toContain('a long admin password');
    } finally {
      await store.close();
    }
  });

  it('reads --password-file', async () => {
    const file = join(dir, 'pw');
    writeFileSync(file, 'another long password\n', { mode: 0o600 });
    const r = await postvakt(['user', 'add', '--username', 'cw', '--role', 'caseworker', '--unit', 'Jobcenter', '--password-file', file]);
    expect(r.code).toBe(0);
  });

  it('refuses a duplicate, an unknown role, a short password and a missing file with one line in the terminal’s language (da) and exit 2', async () => {
    const cases: Array<[string[], string, RegExp]> = [
      [['--username', 'admin', '--role', 'admin', '--unit', 'IT'], 'a long admin password', /der findes allerede en bruger ved navn "admin"/],
      [['--username', 'x1', '--role', 'superuser', '--unit', 'IT'], 'a long admin password', /--role "superuser": skal være en af caseworker, registrar, manager, admin/],
      [['--username', 'x2', '--role', 'manager', '--unit', 'IT'], 'short', /adgangskoden skal have mindst 12 tegn/],
      [['--username', 'x3', '--role', 'manager', '--unit', 'IT', '--password-file', join(dir, 'missing')], '', /--password-file .*filen kan ikke læses \(ENOENT\)/],
    ];
    for (const [args, stdin, message] of cases) {
      const r = await postvakt(['user', 'add', ...args], stdin);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 120_000);
});
