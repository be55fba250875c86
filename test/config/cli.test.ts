/**
 * `postvakt config print`: the effective configuration of a short file over its sample with the
 * environment applied, secrets hidden; and every error of a bad file at once, exit 2.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../calendar/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'postvakt-config-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('postvakt config print', () => {
  const short = file('postvakt.yaml', [
    'extends: dk',
    'gateway:',
    '  smarthost: { host: mail.eksempel-kommune.dk, port: 587, user: postvakt, passwordEnv: POSTVAKT_SMARTHOST_PASSWORD }',
    '  users: [{ name: exchange, passwordHash: "scrypt$c2FsdA$aGFzaA" }]',
    'store:',
    '  url: postgres://postvakt:hemmeligt@db.eksempel-kommune.dk/postvakt',
    'web:',
    '  oidc: { issuer: "https://idp.eksempel-kommune.dk", clientId: postvakt, clientSecret: "meget-hemmeligt" }',
  ]);

  it('prints the file over its sample, with the environment applied and secrets hidden', async () => {
    const r = await runCli(['config', 'print', '--config', short], { POSTVAKT_SMTP_PORT: '2626', POSTVAKT_PUBLIC_URL: 'https://postvakt.eksempel-kommune.dk/' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/# extends .*config\/samples\/dk\.yaml/);
    expect(r.stdout).toContain('# environment: POSTVAKT_SMTP_PORT, POSTVAKT_PUBLIC_URL');
    const printed = parse(r.stdout) as Record<string, Record<string, unknown>>;
    expect(printed.municipality!.name).toBe('Eksempel Kommune');
    expect(printed.gateway).toMatchObject({
      port: 2626,
      hostname: 'postvakt.eksempel-kommune.dk',
      smarthost: { host: 'mail.eksempel-kommune.dk', port: 587, passwordEnv: 'POSTVAKT_SMARTHOST_PASSWORD' },
      users: [{ name: 'exchange', passwordHash: '(hidden)' }],
    });
    expect(printed.web).toMatchObject({ publicUrl: 'https://postvakt.eksempel-kommune.dk/', oidc: { clientSecret: '(hidden)' } });
    expect(printed.store!.url).toBe('postgres://postvakt:(hidden)@db.eksempel-kommune.dk/postvakt');
    for (const secret of ['hemmeligt', 'scrypt', 'aGFzaA']) expect(r.stdout).not.toContain(secret);
  });

  it('--json prints the same as JSON', async () => {
    const r = await runCli(['config', 'print', '--json', '--config', short]);
    expect(JSON.parse(r.stdout)).toMatchObject({ gateway: { port: 2525, users: [{ passwordHash: '(hidden)' }] } });
  });

  it('a bad file: every error at once, one line each, exit 2', async () => {
    const bad = file('bad.yaml', ['extends: se', 'gateway:', '  port: smtp', '  smarthost: { host: "", prot: 25 }', 'queue:', '  concurrency: -1']);
    const r = await runCli(['config', 'print', '--config', bad]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`postvakt: ${bad}:3: gateway.port: "smtp" is not allowed; expected number`);
    expect(lines.slice(1).join('\n')).toMatch(new RegExp(`^${bad}:4: gateway\\.smarthost: unknown key "prot"`, 'm'));
    expect(lines.slice(1).join('\n')).toMatch(new RegExp(`^${bad}:4: gateway\\.smarthost\\.host: "" is not allowed`, 'm'));
    expect(lines.slice(1).join('\n')).toMatch(new RegExp(`^${bad}:6: queue\\.concurrency: -1 is not allowed`, 'm'));
  });
});
