/**
 * `postvakt user add|list|passwd|disable|enable|remove` as a real child process: passwords from
 * stdin or a file, sessions that end with a disable or a new password, clear refusals.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { openStore } from '../../src/store/db.ts';
import { authenticateLocal, upsertOidcUser } from '../../src/web/auth/users.ts';
import { createSession, sessionUser } from '../../src/web/auth/sessions.ts';
import { fixedClock } from '../../src/clock/clock.ts';

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

describe('postvakt user list|passwd|disable|enable|remove', () => {
  const clock = fixedClock(new Date());
  /** Open the store for a look from outside the command, and close it again. */
  async function withStore<T>(run: (db: Awaited<ReturnType<typeof openStore>>['db']) => Promise<T>): Promise<T> {
    const store = await openStore(storeUrl);
    try {
      return await run(store.db);
    } finally {
      await store.close();
    }
  }
  const sessionOf = (username: string) =>
    withStore(async (db) => {
      const row = await db.selectFrom('web_users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
      return createSession(db, clock, Number(row.id), 8);
    });
  const signedIn = (token: string) => withStore((db) => sessionUser(db, clock, token));

  beforeAll(async () => {
    const r = await postvakt(['user', 'add', '--username', 'kim', '--role', 'caseworker', '--unit', 'Familie'], 'kims first long password\n');
    expect(r.code, r.stderr).toBe(0);
    await withStore((db) => upsertOidcUser(db, clock, { username: 'oidc.user@example.dk', role: 'registrar', unit: 'Journal' }));
  });

  it('lists accounts with role, unit, source and state, as text and JSON', async () => {
    const r = await postvakt(['user', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('kim  caseworker  Familie  local\n');
    expect(r.stdout).toContain('oidc.user@example.dk  registrar  Journal  oidc\n');
    const json = JSON.parse((await postvakt(['user', 'list', '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(json.find((u) => u.username === 'kim')).toMatchObject({ role: 'caseworker', unit: 'Familie', source: 'local', disabled: false });
    expect(JSON.stringify(json)).not.toContain('scrypt');
  });

  it('changes a password from stdin, ends the sessions, and refuses a common one', async () => {
    const session = await sessionOf('kim');
    expect(await signedIn(session)).toMatchObject({ username: 'kim' });
    const weak = await postvakt(['user', 'passwd', 'kim'], 'Sommer2026!!\n');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/adgangskoden er blandt de mest almindelige/);
    expect(await signedIn(session)).not.toBeNull();
    const r = await postvakt(['user', 'passwd', 'kim'], 'kims second long password\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Adgangskoden for kim er skiftet; kontoens sessioner er afsluttet.\n');
    expect(await signedIn(session)).toBeNull();
    await withStore(async (db) => {
      expect(await authenticateLocal(db, 'kim', 'kims first long password')).toBeNull();
      expect(await authenticateLocal(db, 'kim', 'kims second long password')).toMatchObject({ username: 'kim' });
    });
    const oidc = await postvakt(['user', 'passwd', 'oidc.user@example.dk'], 'some long new password\n');
    expect(oidc.code).toBe(2);
    expect(oidc.stderr).toMatch(/logger ind via organisationens IdP/);
  });

  it('disables an account: no sign-in, its sessions end, OIDC too; enable lets it back in', async () => {
    const session = await sessionOf('kim');
    const r = await postvakt(['user', 'disable', 'kim']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Webkontoen kim er spærret; dens sessioner er afsluttet.\n');
    expect(await signedIn(session)).toBeNull();
    expect((await postvakt(['user', 'list'])).stdout).toContain('kim  caseworker  Familie  local  (spærret)\n');
    await withStore(async (db) => expect(await authenticateLocal(db, 'kim', 'kims second long password')).toBeNull());
    expect((await postvakt(['user', 'disable', 'oidc.user@example.dk'])).code).toBe(0);
    await withStore(async (db) =>
      expect(upsertOidcUser(db, clock, { username: 'oidc.user@example.dk', role: 'registrar', unit: 'Journal' })).rejects.toThrow(/disabled/),
    );
    expect((await postvakt(['user', 'enable', 'kim'])).stdout).toBe('Webkontoen kim er genåbnet.\n');
    await withStore(async (db) => expect(await authenticateLocal(db, 'kim', 'kims second long password')).toMatchObject({ username: 'kim' }));
  });

  it('removes an account and its sessions, and names an unknown user in one line', async () => {
    const session = await sessionOf('kim');
    const r = await postvakt(['user', 'remove', 'kim']);
    expect(r.code, r.stderr).toBe(0);
    expect(await signedIn(session)).toBeNull();
    expect((await postvakt(['user', 'list'])).stdout).not.toContain('kim ');
    for (const command of ['remove', 'disable', 'enable', 'passwd']) {
      const missing = await postvakt(['user', command, 'kim'], 'yet another long password\n');
      expect(missing.code, command).toBe(2);
      expect(missing.stderr.trim()).toBe('postvakt: der findes ingen bruger ved navn "kim"');
    }
  }, 120_000);
});
