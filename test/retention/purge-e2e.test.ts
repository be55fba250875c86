/**
 * Purging from outside (issue 20 item 3; BK-27, BK-30) on both stores: a real `postvakt serve`
 * relays two messages with unique markers to the smart host (one small enough to stay in its
 * table row, one large enough for PostgreSQL's TOAST), `postvakt retention plan --json` lists
 * them due, `postvakt retention run` purges them, and then neither marker is anywhere in the
 * database's files: SQLite's file and its WAL, or every file of the store's PostgreSQL schema
 * (read through the server with pg_read_binary_file after a CHECKPOINT). Before the purge both
 * markers are found the same way, so the search can fail. `log verify` still proves the chain.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, TEST_PG_URL } from '../support/stores.ts';
import { cli, setup, startServe, startSink, swaks, waitFor, type Served, type Setup, type Sink } from '../gateway/harness.ts';

const SENDER = 'sagsbehandler@eksempel-kommune.dk';
const CITIZEN = 'borger.fri@example.dk';

/** Random letters: no identity number or other finding, and nothing PostgreSQL's compression can shrink. */
function letters(n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += (i % 70 === 69 ? '\n' : alphabet[bytes[i]! % 52]);
  return out;
}

async function storeFilesHolding(s: Setup, markers: string[]): Promise<string[]> {
  if (s.storeUrl.startsWith('sqlite:')) {
    const file = s.storeUrl.slice('sqlite:'.length);
    const found: string[] = [];
    for (const path of [file, `${file}-wal`]) {
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      for (const m of markers) if (bytes.includes(Buffer.from(m))) found.push(`${path}: ${m}`);
    }
    return found;
  }
  const schema = new URL(s.storeUrl).searchParams.get('schema')!;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    // Dirty pages reach the files at a checkpoint; the server reads its own files for us.
    await client.query('CHECKPOINT');
    const found: string[] = [];
    for (const m of markers) {
      const { rows } = await client.query<{ relname: string }>(
        `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE (n.nspname = $1 OR c.oid IN (SELECT reltoastrelid FROM pg_class t JOIN pg_namespace tn ON tn.oid = t.relnamespace WHERE tn.nspname = $1))
            AND c.relkind IN ('r', 't', 'i') AND pg_relation_size(c.oid) > 0
            AND position(convert_to($2, 'UTF8') IN pg_read_binary_file(pg_relation_filepath(c.oid), 0, pg_relation_size(c.oid), true)) > 0`,
        [schema, m],
      );
      found.push(...rows.map((r) => `${r.relname}: ${m}`));
    }
    return found;
  } finally {
    await client.end();
  }
}

describe.each(DIALECTS)('purging through the gateway on %s', (dialect) => {
  let sink: Sink;
  let s: Setup;
  let served: Served;

  beforeAll(async () => {
    sink = await startSink();
    s = await setup({
      sinkPort: sink.port,
      dialect,
      sections: {
        retention: {
          bodies: [{ name: 'delivered-out', direction: ['out'], outcome: ['delivered'], keep: '0d' }],
          signingKey: { file: './log-signing.key' },
        },
      },
    });
    served = await startServe(s);
  }, 120_000);

  afterAll(async () => {
    await served?.stop();
    await sink?.close();
    await s?.cleanup();
  });

  it('serve runs retention at start and makes the signing key 0600', async () => {
    await waitFor(() => served.log.some((l) => l.includes('"msg":"retention run"')), 30_000);
    expect(statSync(`${s.dir}/log-signing.key`).mode & 0o777).toBe(0o600);
  });

  it('purges the bodies so their text is in no database file, and keeps the history', async () => {
    const small = `SMALLMARKER${randomBytes(8).toString('hex')}`;
    const large = `LARGEMARKER${randomBytes(8).toString('hex')}`;
    for (const [marker, size] of [
      [small, 300],
      [large, 12_000],
    ] as const) {
      const r = await swaks(s.smtpPort, ['--from', SENDER, '--to', CITIZEN, '--header', `Subject: Brev ${marker.slice(0, 5)}`, '--body', `${marker}\n${letters(size)}\n${marker}`]);
      expect(r.code, r.output).toBe(0);
    }
    await waitFor(() => sink.messages.filter((m) => m.raw.includes(small) || m.raw.includes(large)).length === 2);
    // The queue records the delivery in its own commit after the sink's 250: wait for the plan to see it.
    let plan: Array<{ messageId: string; rule: string | null; purgeAt: string | null }> = [];
    for (let i = 0; i < 100; i++) {
      const out = await cli(s, ['retention', 'plan', '--json']);
      expect(out.code, out.stderr).toBe(0);
      plan = JSON.parse(out.stdout);
      if (plan.filter((p) => p.rule === 'delivered-out').length >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(plan.filter((p) => p.rule === 'delivered-out').length).toBeGreaterThanOrEqual(2);

    const before = await storeFilesHolding(s, [small, large]);
    expect(before.length).toBeGreaterThanOrEqual(2);
    const run = await cli(s, ['retention', 'run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).bodies).toBeGreaterThanOrEqual(2);
    const left = await storeFilesHolding(s, [small, large]);
    expect(left, `markers still in: ${left.join(', ')}`).toEqual([]);
    process.stdout.write(`[marker test, ${dialect}] before the purge: ${before.join(', ')}; after it: in no database file\n`);

    const verify = await cli(s, ['log', 'verify', '--json']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const export_ = await cli(s, ['log', 'export', '--mailbox', CITIZEN, '--from', '2020-01-01', '--to', '2099-12-31', '--format', 'json']);
    const events = (JSON.parse(export_.stdout) as Array<{ event: string; retentionClass: string | null }>).map((r) => [r.event, r.retentionClass]);
    expect(events.filter(([e]) => e === 'purged')).toEqual([
      ['purged', 'delivered-out'],
      ['purged', 'delivered-out'],
    ]);
    // The plan no longer lists the purged bodies.
    const after = JSON.parse((await cli(s, ['retention', 'plan', '--json'])).stdout) as unknown[];
    expect(after.length).toBe(plan.length - 2);
  }, 180_000);
});
