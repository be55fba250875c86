/**
 * Postvakt behind a real Postfix, as a municipality runs it: Postfix is the organisation's mail
 * server with `relayhost` pointing at Postvakt and presents a client certificate (Postvakt allows
 * no network and no AUTH user, only that certificate's subject); Postvakt's smart host is a sink
 * standing for the world, and the organisation's own mailboxes (kommune.test) are another sink,
 * where Postfix's bounces to the sender land. Mail goes in through Postfix with swaks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, setup, startServe, startSink, swaks, waitFor, type Served, type Setup, type Sink } from '../gateway/harness.ts';
import { makeCa, makeCert } from '../support/pki.ts';
import { startPostfix, type Postfix } from './postfix.ts';

const FRIDAY_AFTERNOON = '2026-12-04T14:00:00+01:00';
const MTA = 'mx.kommune.test';
const SENDER = 'sagsbehandler@kommune.test';
const FLAGGED = 'borger.flag@example.dk';
const CITIZEN = 'borger.fri@example.dk';

let pki: string;
let world: Sink;
let mailboxes: Sink;
let s: Setup;
let served: Served;
let postfix: Postfix;

beforeAll(async () => {
  pki = mkdtempSync(join(tmpdir(), 'postvakt-pki-'));
  const ca = await makeCa(pki, 'org-ca');
  const mtaCert = await makeCert(pki, 'mta', MTA, ca);
  world = await startSink();
  mailboxes = await startSink();
  s = await setup({
    sinkPort: world.port,
    gateway: {
      relayNetworks: [],
      tls: { selfSignedDir: join(pki, 'tls'), clientCa: ca.cert },
      relayCertificates: [{ subject: MTA, senderDomains: ['kommune.test'] }],
    },
  });
  const flagged = await cli(s, ['flag', 'add', '--id', FLAGGED, '--reason', 'Reagerer stærkt på breve før weekenden', '--review', '2027-06-30', '--by', 'a.caseworker', '--unit', 'Jobcenter']);
  expect(flagged.code, flagged.stderr).toBe(0);
  served = await startServe(s, { POSTVAKT_NOW: FRIDAY_AFTERNOON });
  postfix = await startPostfix({ relayhost: { host: '127.0.0.1', port: s.smtpPort }, transports: { 'kommune.test': mailboxes.port }, myhostname: MTA, clientCert: mtaCert });
}, 180_000);

afterAll(async () => {
  await postfix?.stop();
  await served?.stop();
  await world?.close();
  await mailboxes?.close();
  await s?.cleanup();
  if (pki) rmSync(pki, { recursive: true, force: true });
});

/** Postfix's log lines for one message, found by its queue id. */
function postfixLines(queueId: string): string[] {
  return postfix.log().split('\n').filter((line) => line.includes(`${queueId}:`));
}

async function sendThroughPostfix(to: string, subject: string): Promise<string> {
  const r = await swaks(postfix.port, ['--from', SENDER, '--to', to, '--header', `Subject: ${subject}`, '--body', 'Du kan ringe til os mandag kl. 8-15.']);
  expect(r.code, r.output).toBe(0);
  // Postfix: "250 2.0.0 Ok: queued as 4F1A2B3C4D"
  return /queued as ([0-9A-F]+)/.exec(r.output)![1]!;
}

describe('Postfix as the organisation’s MTA, relaying through Postvakt', () => {
  it('delivers: Postfix hands the message to Postvakt over TLS with its certificate, Postvakt to the smart host', async () => {
    const id = await sendThroughPostfix(CITIZEN, 'Mødetid tirsdag');
    const got = await waitFor(() => world.messages.find((m) => m.to.includes(CITIZEN) && m.raw.includes('Mødetid tirsdag')), 60_000);
    expect(got.from).toBe(SENDER);
    // Both hops are in the trace: Postfix's, then Postvakt's.
    expect(got.raw).toMatch(/^Received: from [^\n]*\n\s+by mx\.kommune\.test \(Postfix\) with ESMTP /m);
    expect(got.raw).toMatch(/^Received: from .* by postvakt\.example\.dk \(Postvakt\) with ESMTPS/m);
    const sent = await waitFor(() => postfixLines(id).find((l) => l.includes('status=sent')), 30_000);
    expect(sent).toMatch(new RegExp(`to=<${CITIZEN}>, relay=127\\.0\\.0\\.1\\[127\\.0\\.0\\.1\\]:${s.smtpPort}, .*status=sent \\(250 2\\.0\\.0 `));
    expect(postfix.log()).toMatch(/Trusted TLS connection established to 127\.0\.0\.1\[127\.0\.0\.1\]|TLS connection established to 127\.0\.0\.1/);
  }, 90_000);

  it('holds: Postvakt accepts for a flagged citizen on a Friday afternoon, keeps it, and tells the sender', async () => {
    const id = await sendThroughPostfix(FLAGGED, 'Afgørelse om dit forløb');
    await waitFor(() => postfixLines(id).find((l) => l.includes('status=sent')), 60_000);
    const notice = await waitFor(() => world.messages.find((m) => m.from === '' && m.to.includes(SENDER)), 60_000);
    expect(notice.raw).toMatch(/Auto-Submitted: auto-generated/);
    const held = JSON.parse((await cli(s, ['queue', 'list', '--status', 'held', '--json'])).stdout) as Array<{ envelope: { to: string[] } }>;
    expect(held.map((h) => h.envelope.to)).toEqual([[FLAGGED]]);
    expect(world.messages.find((m) => m.to.includes(FLAGGED))).toBeUndefined();
  }, 90_000);

  it('refuses: an identity number in the subject is refused at end of DATA and Postfix bounces it to the sender as a DSN', async () => {
    const id = await sendThroughPostfix(CITIZEN, 'Sag vedr. 070761-4285');
    const bounced = await waitFor(() => postfixLines(id).find((l) => l.includes('status=bounced')), 60_000);
    expect(bounced).toMatch(/said: 550 5\.7\.1 .*no-identity-number-in-subject/);
    const dsn = await waitFor(() => mailboxes.messages.find((m) => m.from === '' && m.to.includes(SENDER) && m.raw.includes(id)), 60_000);
    expect(dsn.raw).toMatch(/Content-Type: multipart\/report; report-type=delivery-status;/);
    expect(dsn.raw).toMatch(/^Action: failed$/m);
    expect(dsn.raw).toMatch(/^Status: 5\.7\.1$/m);
    expect(dsn.raw).toMatch(/^Diagnostic-Code: smtp; 550 5\.7\.1 /m);
    expect(world.messages.find((m) => m.raw.includes('070761-4285'))).toBeUndefined();
  }, 90_000);
});
