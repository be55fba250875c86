/**
 * Backup and restore from outside: a real `postvakt serve` takes mail (mail-log rows) over a
 * register with flags; `postvakt backup` copies the store while it runs; `postvakt restore` puts
 * the copy into a fresh directory with its own configuration, where `log verify`, `flag list` and
 * `migrate --status` work, and only with the right key file.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cli, setup, startServe, startSink, swaks, waitFor, type Served, type Setup, type Sink } from '../gateway/harness.ts';

const SENDER = 'sagsbehandler@eksempel-kommune.dk';
const FLAGGED = 'borger.flag@example.dk';
const WHO = ['--by', 'a.caseworker', '--unit', 'Jobcenter'];

let sink: Sink;
let s: Setup;
let served: Served;
let fresh: string;
let freshConfig: Setup;

beforeAll(async () => {
  sink = await startSink();
  s = await setup({ sinkPort: sink.port });
  for (const id of [FLAGGED, '070761-4285']) {
    const added = await cli(s, ['flag', 'add', '--id', id, '--reason', 'Angst før weekenden', '--review', '2027-06-30', ...WHO]);
    expect(added.code, added.stderr).toBe(0);
  }
  served = await startServe(s, { POSTVAKT_NOW: '2026-12-04T14:00:00+01:00' });
  for (const to of ['borger.fri@example.dk', FLAGGED]) {
    const sent = await swaks(s.smtpPort, ['--from', SENDER, '--to', to, '--header', 'Subject: Mødetid', '--body', 'Vi ses tirsdag.']);
    expect(sent.code, sent.output).toBe(0);
  }
  await waitFor(() => sink.messages.find((m) => m.to.includes('borger.fri@example.dk')), 30_000);
  fresh = mkdtempSync(join(tmpdir(), 'postvakt-restore-'));
  // The restored installation: its own store and key file path, the same profile.
  const config = { ...s.config, store: { url: `sqlite:${join(fresh, 'data', 'postvakt.db')}` }, register: { keys: { file: join(fresh, 'register.key') } } };
  writeFileSync(join(fresh, 'postvakt.yaml'), stringify(config));
  freshConfig = { ...s, dir: fresh, configPath: join(fresh, 'postvakt.yaml') };
}, 180_000);

afterAll(async () => {
  await served?.stop();
  await sink?.close();
  await s?.cleanup();
  if (fresh) rmSync(fresh, { recursive: true, force: true });
});

describe('postvakt backup and restore', () => {
  it('backs up the store while serve runs, with a note naming the keys it needs and no warning', async () => {
    const out = join(s.dir, 'backup.db');
    const backup = await cli(s, ['backup', '--out', out], { LC_ALL: 'en_US.UTF-8' });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toMatch(/^Backup written: .*backup\.db \(\d+ bytes, SQLite online backup\)\./);
    expect(backup.stdout).toContain(`- key file: ${join(s.dir, 'register.key')}`);
    expect(backup.stdout).toMatch(/- the flags need HMAC key [0-9a-f]{16} and encryption key\(s\) [0-9a-f]{16}/);
    expect(backup.stdout).toContain('- the configured keys match');
    expect(readFileSync(`${out}.keys.txt`, 'utf8')).toContain('- the flags need HMAC key');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // The keys themselves are not in the backup or the note.
    const key = JSON.parse(readFileSync(join(s.dir, 'register.key'), 'utf8')) as { hmacKey: string; encKey: string };
    for (const file of [out, `${out}.keys.txt`]) {
      const bytes = readFileSync(file).toString('latin1');
      expect(bytes).not.toContain(key.hmacKey);
      expect(bytes).not.toContain(key.encKey);
    }

    const again = await cli(s, ['backup', '--out', out], { LC_ALL: 'en_US.UTF-8' });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists; choose a new file/);
  }, 60_000);

  it('restores into a fresh directory: refuses to run without the key, then log verify and flag list work', async () => {
    const out = join(s.dir, 'backup.db');
    const noKey = await cli(freshConfig, ['restore', '--from', out], { LC_ALL: 'en_US.UTF-8' });
    expect(noKey.code, noKey.stderr).toBe(1);
    expect(noKey.stdout).toMatch(/^Restored .* \(0 migrations applied since the backup\)\./);
    expect(noKey.stdout).toContain(`no configured key is at hand here; put the key file at ${join(fresh, 'register.key')}`);
    expect(existsSync(join(fresh, 'register.key'))).toBe(false);

    // Restoring over a store that holds data needs --force.
    const twice = await cli(freshConfig, ['restore', '--from', out], { LC_ALL: 'en_US.UTF-8' });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/already holds data/);

    copyFileSync(join(s.dir, 'register.key'), join(fresh, 'register.key'));
    const withKey = await cli(freshConfig, ['restore', '--from', out, '--force'], { LC_ALL: 'en_US.UTF-8' });
    expect(withKey.code, withKey.stderr).toBe(0);
    expect(withKey.stdout).toContain('- the configured keys match');

    const verify = await cli(freshConfig, ['log', 'verify', '--json']);
    expect(verify.code, verify.stderr).toBe(0);
    const verification = JSON.parse(verify.stdout) as { ok: boolean; rows: number };
    expect(verification.ok).toBe(true);
    const original = JSON.parse((await cli(s, ['log', 'verify', '--json'])).stdout) as { rows: number };
    expect(verification.rows).toBeGreaterThanOrEqual(3);
    expect(verification.rows).toBeLessThanOrEqual(original.rows);

    const flags = await cli(freshConfig, ['flag', 'list', '--json', ...WHO]);
    expect(flags.code, flags.stderr).toBe(0);
    expect(JSON.parse(flags.stdout)).toHaveLength(2);

    const status = await cli(freshConfig, ['migrate', '--status'], { LC_ALL: 'en_US.UTF-8' });
    expect(status.code, status.stdout).toBe(0);
    expect(status.stdout).toMatch(/^applied {2}\d{4}-\d{2}-\d{2}T/m);
    expect(status.stdout).not.toMatch(/^pending/m);
  }, 120_000);

  it('migrate --status lists pending migrations of an empty store and changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postvakt-empty-'));
    try {
      writeFileSync(join(dir, 'postvakt.yaml'), stringify({ ...s.config, store: { url: `sqlite:${join(dir, 'empty.db')}` } }));
      const empty = { ...s, dir, configPath: join(dir, 'postvakt.yaml') };
      const first = await cli(empty, ['migrate', '--status'], { LC_ALL: 'en_US.UTF-8' });
      expect(first.code).toBe(1);
      expect(first.stdout).toMatch(/^pending {2}\S+/m);
      expect(first.stdout).toMatch(/^0 of (\d+) migrations applied \(sqlite\); \1 pending\.$/m);
      expect((await cli(empty, ['migrate', '--status'])).code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
