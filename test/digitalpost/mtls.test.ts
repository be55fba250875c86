/**
 * Client certificates on both sides: a case system authenticates to the intake by certificate
 * (signed by the configured CA, CN listed in `clients`), and Postvakt presents its own
 * certificate to Digital Post, which the stand-in demands.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoLetter } from './letters.ts';
import { startHarness, type Harness } from './harness.ts';
import { selfSignedPki as pki } from '../support/pki.ts';

function postWithCertificate(url: string, body: Buffer, ca: string, client?: { cert: string; key: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${url}/apis/v1/memos/`,
      { method: 'POST', ca, ...client, headers: { 'content-type': 'application/xml', 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('client certificates', () => {
  let h: Harness;
  let dir: string;
  let intakePki: Awaited<ReturnType<typeof pki>>;
  let strangerPki: Awaited<ReturnType<typeof pki>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'postvakt-dp-tls-'));
    intakePki = await pki('sagssystem.eksempel-kommune.dk');
    strangerPki = await pki('sagssystem.eksempel-kommune.dk');
    const upstreamPki = await pki('postvakt.eksempel-kommune.dk');
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text, { mode: 0o600 });
      return join(dir, name);
    };
    h = await startHarness({
      dialect: 'sqlite',
      now: '2026-12-01T10:00:00+01:00',
      standIn: { tls: { key: upstreamPki.private, cert: upstreamPki.cert, ca: upstreamPki.cert } },
      digitalPost: (standIn) => ({
        tls: { cert: file('intake.crt', intakePki.cert), key: file('intake.key', intakePki.private), clientCa: file('ca.crt', intakePki.cert) },
        clients: [{ name: 'sagssystem', certificateCn: 'sagssystem.eksempel-kommune.dk' }],
        upstream: {
          baseUrl: standIn.baseUrl,
          cert: file('up.crt', upstreamPki.clientcert!),
          key: file('up.key', upstreamPki.clientprivate!),
          ca: file('up-ca.crt', upstreamPki.cert),
          tokenEnv: 'DP_UPSTREAM_TOKEN',
          timeoutMs: 5000,
        },
      }),
    });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a letter from a client with a certificate from the configured CA, and forwards it with Postvakt’s certificate', async () => {
    expect(h.url).toMatch(/^https:/);
    const uuid = randomUUID();
    const letter = memoLetter({ uuid, recipientCpr: '2203924321' });
    const status = await postWithCertificate(h.url, letter, intakePki.cert, { cert: intakePki.clientcert!, key: intakePki.clientprivate! });
    expect(status).toBe(202);
    const received = await h.standIn.letter(uuid);
    expect(received.clientCn).toBe('postvakt.eksempel-kommune.dk');
    expect(received.body.equals(letter)).toBe(true);
  });

  it('refuses a client without a certificate, and one whose certificate another CA signed even with the right CN', async () => {
    const letter = memoLetter({ recipientCpr: '2203924321' });
    expect(await postWithCertificate(h.url, letter, intakePki.cert)).toBe(401);
    expect(await postWithCertificate(h.url, letter, intakePki.cert, { cert: strangerPki.clientcert!, key: strangerPki.clientprivate! })).toBe(401);
  });
});
