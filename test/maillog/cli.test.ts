/** `postvakt log verify|export` as a black box on both dialects: output, exit codes 0, 1 and 2. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePath } from '../../src/config/load.ts';
import { appendMailLog } from '../../src/maillog/index.ts';
import { logEntry } from './entries.ts';
import { runCli, spawnCli } from '../calendar/run-cli.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

/** The store comes from the environment, as an operator would point a second installation. */
function postvakt(url: string, ...args: string[]) {
  return spawnCli([...args, '--config', samplePath('dk')], { POSTVAKT_DATABASE_URL: url });
}

const base = logEntry({ subject: 'Svar, "endelig"', messageId: null });

describe.concurrent.each(DIALECTS)('postvakt log on %s', { timeout: 240_000 }, (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await appendMailLog(store.db, [
      base,
      { ...base, at: new Date('2026-12-05T09:00:00Z'), recipients: ['anden@example.dk'] },
      { ...base, at: new Date('2027-01-02T09:00:00Z'), subject: 'Uden for perioden' },
    ]);
  });
  afterAll(async () => {
    await store.dispose();
  });

  it('verify says intact (exit 0) and export gives the mailbox\'s rows in the period; verify exits 1 after tampering', async () => {
    const [verify, exported] = await Promise.all([
      postvakt(store.url, 'log', 'verify'),
      postvakt(store.url, 'log', 'export', '--mailbox', 'borger@example.dk', '--from', '2026-12-01', '--to', '2026-12-31', '--format', 'csv'),
    ]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^The mail log is intact: 3 rows, chain head [0-9a-f]{64}\.$/m);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^1,2026-12-04T14:00:00\.000\+01:00,received,out,email,sagsbehandler@example\.dk,borger@example\.dk,"Svar, ""endelig""",/);

    if (dialect === 'postgres') await sql`ALTER TABLE mail_log DISABLE TRIGGER USER`.execute(store.db);
    else await sql`DROP TRIGGER mail_log_no_update`.execute(store.db);
    await sql`UPDATE mail_log SET recipients = '["nogen@example.dk"]' WHERE seq = 2`.execute(store.db);
    const broken = await postvakt(store.url, 'log', 'verify', '--json');
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, rows: 1, broken: { seq: 2, reason: 'edited' } });
  });
});

describe('postvakt log bad input', () => {
  it('a malformed date is one line and exit 2', async () => {
    const args = ['log', 'export', '--mailbox', 'a@example.dk', '--from', '2026-12-32', '--to', '2026-12-31', '--config', samplePath('dk')];
    const { code, stdout, stderr } = await runCli(args, { POSTVAKT_DATABASE_URL: 'sqlite::memory:' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('postvakt: --from "2026-12-32" is not allowed; expected a date YYYY-MM-DD\n');
  });
});
