/**
 * The shipped systemd unit: `systemd-analyze verify` accepts it without a word, its offline
 * security review rates it well, it carries the hardening the deployment guide promises, and the
 * command line it runs starts `postvakt serve` without npx from the data directory.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePort, setup, startSink } from '../gateway/harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const UNIT = join(ROOT, 'deploy/postvakt.service');
const run = promisify(execFile);

/** Every value of a key in the [Service] section, in order. */
function directives(text: string, key: string): string[] {
  const service = text.split(/^\[Service\]$/m)[1]!.split(/^\[/m)[0]!;
  return [...service.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!);
}

async function verify(file: string): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run('systemd-analyze', ['verify', file], { timeout: 60_000 });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stderr: e.stderr ?? '' };
  }
}

describe('deploy/postvakt.service', () => {
  const text = readFileSync(UNIT, 'utf8');

  it('passes systemd-analyze verify with no warning, and the check notices a bad value', async () => {
    expect(await verify(UNIT)).toEqual({ code: 0, stderr: '' });
    const dir = mkdtempSync(join(tmpdir(), 'postvakt-unit-'));
    try {
      writeFileSync(join(dir, 'postvakt.service'), text.replace('ProtectSystem=strict', 'ProtectSystem=everything'));
      expect((await verify(join(dir, 'postvakt.service'))).stderr).toMatch(/protect system value/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('is rated a low exposure by systemd-analyze security', async () => {
    const { stdout, stderr } = await run('systemd-analyze', ['security', '--offline=true', '--no-pager', UNIT], { timeout: 60_000 });
    const level = /Overall exposure level for postvakt\.service: ([\d.]+)/.exec(stdout + stderr);
    expect(level, stdout + stderr).not.toBeNull();
    expect(Number(level![1])).toBeLessThanOrEqual(2);
  }, 120_000);

  it('runs as its own user on a read-only system with a private tmp, only the data directory writable', () => {
    expect(directives(text, 'User')).toEqual(['postvakt']);
    expect(directives(text, 'ProtectSystem')).toEqual(['strict']);
    expect(directives(text, 'PrivateTmp')).toEqual(['yes']);
    expect(directives(text, 'NoNewPrivileges')).toEqual(['yes']);
    expect(directives(text, 'ProtectHome')).toEqual(['yes']);
    expect(directives(text, 'CapabilityBoundingSet')).toEqual(['']);
    expect(directives(text, 'ReadWritePaths')).toEqual(['/var/lib/postvakt']);
    expect(directives(text, 'WorkingDirectory')).toEqual(['/var/lib/postvakt']);
    expect(directives(text, 'StandardOutput')).toEqual(['journal']);
    // V8's JIT writes code: this protection would kill node at start.
    expect(directives(text, 'MemoryDenyWriteExecute')).toEqual([]);
  });

  it('starts postvakt serve with its ExecStart line, without npx, from the data directory', async () => {
    const [exec] = directives(text, 'ExecStart');
    expect(exec).not.toMatch(/npx|npm/);
    const argv = exec!.split(' ').map((arg) => arg.replace('/opt/postvakt', ROOT));
    expect(argv[0]).toBe('/usr/bin/node');
    const sink = await startSink();
    const adminPort = await freePort();
    const s = await setup({ sinkPort: sink.port, sections: { admin: { host: '127.0.0.1', port: adminPort } } });
    const args = argv.slice(1).map((arg) => (arg === '/etc/postvakt/postvakt.yaml' ? s.configPath : arg));
    // The unit's environment: no npm on PATH, the data directory as working directory.
    const child = spawn(argv[0]!, args, { cwd: s.dir, env: { PATH: '/usr/bin:/bin', HOME: s.dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const started = await new Promise<string>((resolveStarted, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 90_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('"service":"admin"') && out.includes('service started')) {
            clearTimeout(timer);
            resolveStarted(out);
          }
        });
        child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
      });
      // Log lines are JSON on stdout, which the unit hands to the journal.
      expect(started.split('\n')[0]).toMatch(/^\{.*"msg":"starting"/);
      expect((await fetch(`http://127.0.0.1:${adminPort}/healthz`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await sink.close();
      await s.cleanup();
    }
  }, 120_000);
});
