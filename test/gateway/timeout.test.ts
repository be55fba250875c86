/**
 * The SMTP side of the check pool's deadline (issue 23): a message that could not be read and
 * checked in time gets 451 4.3.0 (the sender's MTA tries again later), in the gateway's
 * language, and the session goes on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { CheckTimeout } from '../../src/gateway/checkers.ts';
import { startGateway, type Accepted } from '../../src/gateway/server.ts';
import { loadKeyPair } from '../../src/gateway/tls.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import type { GroupCommit } from '../../src/queue/group-commit.ts';
import { swaks } from './harness.ts';

describe('the SMTP gateway when the check pool gives up on a message', () => {
  let dir: string;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'postvakt-timeout-'));
    const config = { ...loadConfig(samplePath('dk')).config.gateway, host: '127.0.0.1', port: 0, relayNetworks: ['127.0.0.0/8'], tls: { selfSignedDir: dir } };
    gateway = await startGateway({
      config,
      keyPair: await loadKeyPair(config, silentLogger),
      pipeline: () => Promise.reject(new CheckTimeout(20)),
      spool: { submit: () => Promise.resolve() } as unknown as GroupCommit<Accepted, void>,
      logger: silentLogger,
      defaultLang: 'da',
    });
  });
  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 451 4.3.0 naming the time limit', async () => {
    const r = await swaks(gateway.port, ['--from', 'a@kommune.dk', '--to', 'b@example.dk', '--body', 'Hej']);
    expect(r.output).toMatch(/451 4\.3\.0 Beskeden kunne ikke kontrolleres inden for 20 sekunder/);
  });
});
