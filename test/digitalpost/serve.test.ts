/**
 * Black box: `postvakt serve` (a child process, clock at POSTVAKT_NOW) runs the Digital Post
 * intake from the configuration; a citizen flagged in the register it uses gets a Friday
 * afternoon letter held, and nothing reaches the Digital Post stand-in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { openRegister } from '../../src/register/open.ts';
import { SYSTEM_ACTOR } from '../../src/register/register.ts';
import { openStore } from '../../src/store/db.ts';
import { fixedClock } from '../../src/clock/clock.ts';
import { sha256Hex } from '../../src/digitalpost/auth.ts';
import type { Receipt } from '../../src/digitalpost/letters.ts';
import { pdfWithBrokenUncountedPage } from '../message/support/pdf-writer.ts';
import { memoLetter } from './letters.ts';
import { startStandIn, type StandIn } from './standin.ts';
import { startServiceplatformen, type ServiceplatformenStandIn } from './serviceplatformen-standin.ts';
import { kombiRequest, nemsms } from './kombi-requests.ts';
import { selfSignedPki } from '../support/pki.ts';

const BIN = join(import.meta.dirname, '../../bin/postvakt.js');
const TOKEN = randomBytes(24).toString('base64url');

/** The Danish sample with a private store, ports 0, the web app off and the intake on. */
function configFor(dir: string, upstream: string, sf1601: Record<string, unknown>): string {
  const config = parse(readFileSync(samplePath('dk'), 'utf8')) as Record<string, Record<string, unknown>>;
  config.store = { url: `sqlite:${join(dir, 'postvakt.db')}` };
  config.gateway = { ...config.gateway, host: '127.0.0.1', port: 0, tls: { selfSignedDir: join(dir, 'tls') } };
  config.web = { ...config.web, enabled: false };
  config.digitalPost = {
    ...config.digitalPost,
    enabled: true,
    host: '127.0.0.1',
    port: 0,
    clients: [{ name: 'sagssystem', tokenSha256: sha256Hex(TOKEN) }],
    upstream: { baseUrl: upstream },
    sf1601,
  };
  return stringify(config);
}

/** Flag a citizen in the store the configuration names, as `postvakt flag add` does. */
async function flag(path: string, env: NodeJS.ProcessEnv, identifier: string): Promise<void> {
  const { config } = loadConfig(path, env);
  const store = await openStore(config.store.url);
  try {
    const register = await openRegister({ config, store, clock: fixedClock(new Date('2026-11-27T13:00:00Z')), logger: silentLogger, env });
    await register.add({ identifier, reason: 'Reagerer stærkt på breve før weekenden', reviewOn: '2027-06-01' }, SYSTEM_ACTOR);
  } finally {
    await store.close();
  }
}

describe('postvakt serve runs the Digital Post intake', () => {
  let dir: string;
  let standIn: StandIn;
  let serviceplatformen: ServiceplatformenStandIn;
  let child: ChildProcess | undefined;
  let intakeUrl: string;
  const env = {
    ...process.env,
    POSTVAKT_NOW: '2026-11-27T14:00:00+01:00',
    POSTVAKT_REGISTER_HMAC_KEY: randomBytes(32).toString('base64'),
    POSTVAKT_REGISTER_ENC_KEY: randomBytes(32).toString('base64'),
    POSTVAKT_LOG_LEVEL: 'info',
  };

  // Two process starts under a loaded CI machine can take a while.
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'postvakt-dp-serve-'));
    standIn = await startStandIn();
    const pki = await selfSignedPki('postvakt.eksempel-kommune.dk');
    serviceplatformen = await startServiceplatformen({ tls: { key: Buffer.from(pki.private), cert: Buffer.from(pki.cert), ca: Buffer.from(pki.cert) } });
    const pem = (name: string, text: string) => {
      writeFileSync(join(dir, name), text, { mode: 0o600 });
      return join(dir, name);
    };
    const sf1601 = {
      upstream: {
        kombiUrl: `${serviceplatformen.baseUrl}/service/KombiPostAfsend_1/kombi`,
        stsUrl: `${serviceplatformen.baseUrl}/runtime/api/rest/wstrust/v1/issue`,
        tokenUrl: `${serviceplatformen.baseUrl}/service/AccessTokenService_1/token`,
        cvr: '29189978',
        cert: pem('sp.crt', pki.clientcert!),
        key: pem('sp.key', pki.clientprivate!),
        ca: pem('sp-ca.crt', pki.cert),
      },
    };
    const config = join(dir, 'postvakt.yaml');
    writeFileSync(config, configFor(dir, standIn.baseUrl, sf1601));
    await flag(config, env, '110285-1234');
    child = spawn(process.execPath, [BIN, 'serve', '--config', config], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    intakeUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('postvakt serve did not report the digitalpost service')), 45_000);
      child!.once('exit', (code) => reject(new Error(`postvakt serve exited with ${code}`)));
      createInterface({ input: child!.stdout! }).on('line', (line) => {
        const entry = JSON.parse(line) as { service?: string; address?: string; msg?: string };
        if (entry.service === 'digitalpost' && entry.msg === 'service started' && entry.address) {
          clearTimeout(timer);
          resolve(entry.address);
        }
      });
    });
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await standIn?.close();
    await serviceplatformen?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (letter: Buffer, uuid: string) =>
    fetch(`${intakeUrl}/apis/v1/memos/?memo-message-uuid=${uuid}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', authorization: `Bearer ${TOKEN}`, 'accept-language': 'en' },
      body: letter,
    });

  it('holds a flagged citizen’s letter posted on Friday at 14:00', async () => {
    const uuid = randomUUID();
    const res = await post(memoLetter({ uuid, recipientCpr: '1102851234' }), uuid);
    expect(res.status).toBe(202);
    const receipt = (await res.json()) as Receipt;
    expect(receipt).toMatchObject({ status: 'held', verdict: 'hold', holdUntil: '2026-11-30T08:00:00.000Z' });
    expect(receipt.summary).toBe('Held in Postvakt until 2026-11-30T09:00:00+01:00, then forwarded to Digital Post.');
    expect(standIn.received).toHaveLength(0);
  });

  it('keeps serving after a letter whose PDF leaves pdf.js a rejection it never awaits', async () => {
    const broken = randomUUID();
    expect((await post(memoLetter({ uuid: broken, pdf: pdfWithBrokenUncountedPage() }), broken)).status).toBe(202);
    // An unhandled rejection would end the process on the next turn of its event loop.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(child!.exitCode).toBeNull();
    const next = randomUUID();
    expect((await post(memoLetter({ uuid: next }), next)).status).toBe(202);
  });

  it('takes SF1601 kombi requests on the same port: holds a flagged citizen’s NemSMS, forwards another’s letter with the token exchange', async () => {
    const kombi = (body: Buffer) =>
      fetch(`${intakeUrl}/service/KombiPostAfsend_1/kombi`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', authorization: `Holder-of-key ${TOKEN}`, 'x-TransaktionsId': randomUUID(), 'x-TransaktionsTid': '2026-11-27T13:00:00Z' },
        body,
      });
    const sms = await kombi(kombiRequest({ valgKode: 'NemSMS', memo: nemsms({ recipientCpr: '1102851234', notification: 'Husk dit møde mandag.' }) }));
    expect(sms.status).toBe(200);
    expect(await sms.text()).toContain('<AdvisId>held</AdvisId>');
    const letter = kombiRequest({ valgKode: 'Automatisk Valg', style: 'python' }, { recipientCpr: '2203924321', pdfSize: 20_000 });
    const res = await kombi(letter);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<AdvisId>queued</AdvisId>');
    await serviceplatformen.waitForKombi(1);
    expect(serviceplatformen.kombi).toHaveLength(1);
    expect(serviceplatformen.kombi[0]!.body.equals(letter)).toBe(true);
    expect(serviceplatformen.kombi[0]!.headers.authorization).toBe('Holder-of-key access-token-1');
  });
});
