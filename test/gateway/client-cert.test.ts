/**
 * Relaying by TLS client certificate (gateway.relayCertificates), as an Exchange Online
 * connector or the organisation's Postfix does it: a real `postvakt serve` that allows no network
 * and no AUTH user, swaks presenting certificates made in the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setup, startServe, startSink, swaks, waitFor, type Served, type Setup, type Sink } from './harness.ts';
import { makeCa, makeCert, type CertFiles } from '../support/pki.ts';

const MTA = 'mx.kommune.test';
let dir: string;
let sink: Sink;
let s: Setup;
let served: Served;
let good: CertFiles;
let otherName: CertFiles;
let selfSigned: CertFiles;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'postvakt-pki-'));
  const ca = await makeCa(dir, 'org-ca');
  good = await makeCert(dir, 'mta', MTA, ca);
  otherName = await makeCert(dir, 'other', 'printer.kommune.test', ca);
  selfSigned = await makeCert(dir, 'forged', MTA);
  sink = await startSink();
  s = await setup({
    sinkPort: sink.port,
    gateway: {
      relayNetworks: [],
      tls: { selfSignedDir: join(dir, 'tls'), clientCa: ca.cert },
      relayCertificates: [{ subject: MTA, senderDomains: ['kommune.test'] }],
    },
  });
  served = await startServe(s);
}, 120_000);

afterAll(async () => {
  await served?.stop();
  await sink?.close();
  await s?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const send = (from: string, subject: string, cert?: CertFiles) =>
  swaks(s.smtpPort, ['--tls', ...(cert ? ['--tls-cert', cert.cert, '--tls-key', cert.key] : []), '--from', from, '--to', 'borger@example.dk', '--header', `Subject: ${subject}`, '--body', 'Hej.']);

describe('relaying by client certificate', () => {
  it('relays for a certificate from the configured CA naming the allow-listed subject', async () => {
    const r = await send('sagsbehandler@kommune.test', 'med certifikat', good);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/<~ {2}250 2\.0\.0 /);
    await waitFor(() => sink.messages.find((m) => m.raw.includes('med certifikat')), 30_000);
  }, 60_000);

  it('refuses the same certificate for a sender domain it is not allowed', async () => {
    const r = await send('someone@another-tenant.test', 'fremmed domæne', good);
    expect(r.output).toMatch(/<~\* 550 5\.7\.1 /);
  }, 60_000);

  it('refuses a self-signed certificate with the right name, another name from the CA, and no certificate', async () => {
    for (const cert of [selfSigned, otherName, undefined]) {
      const r = await send('sagsbehandler@kommune.test', 'uden gyldigt certifikat', cert);
      expect(r.output, r.output).toMatch(/<~\* 550 5\.7\.1 /);
    }
    expect(sink.messages.find((m) => m.raw.includes('uden gyldigt certifikat'))).toBeUndefined();
  }, 90_000);
});
