/**
 * The held-letter notice from a running `postvakt serve` with the web app on and no
 * `web.publicUrl` (issue 15 item 3): serve warns at start, and the notice the sender gets at the
 * smart host leads with a link into the web app, never with a CLI command.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/message/parse.ts';
import { flagCitizen, freePort, setup, startServe, startSink, swaks, waitFor, type Served, type Setup, type Sink } from './harness.ts';

const FRIDAY_AFTERNOON = '2026-12-04T14:00:00+01:00';
const FLAGGED = 'borger.flag@example.dk';
const SENDER = 'sagsbehandler@eksempel-kommune.dk';

let sink: Sink;
let s: Setup;
let served: Served;
let webPort: number;

beforeAll(async () => {
  sink = await startSink();
  webPort = await freePort();
  s = await setup({ sinkPort: sink.port, sections: { web: { host: '127.0.0.1', port: webPort } } });
  await flagCitizen(s, FLAGGED);
  served = await startServe(s, { POSTVAKT_NOW: FRIDAY_AFTERNOON });
}, 120_000);

afterAll(async () => {
  await served?.stop();
  await sink?.close();
  await s?.cleanup();
});

describe('held-letter notice from a running server without web.publicUrl', () => {
  it('warns at start that notice links point to the local listening address', () => {
    const warning = served.log.find((line) => line.includes('web.publicUrl is not set'));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning!)).toMatchObject({ level: 40, link: `http://127.0.0.1:${webPort}` });
  });

  it('leads the notice with the web app link and names no CLI command', async () => {
    const subject = 'Afgørelse om dit forløb';
    const r = await swaks(s.smtpPort, ['--from', SENDER, '--to', FLAGGED, '--header', `Subject: ${subject}`, '--body', 'Du kan ringe til os mandag kl. 8-15 på 70 00 00 00.']);
    expect(r.code, r.output).toBe(0);
    const notice = await waitFor(() => sink.messages.find((m) => m.to.includes(SENDER) && m.from === ''));
    const lines = (await parseMessage(Buffer.from(notice.raw), { format: 'eml' })).body.text.split(/\r?\n/);
    expect(lines[0]).toContain(subject);
    expect(lines[2]).toMatch(/^Åbn den tilbageholdte besked/);
    expect(lines[3]).toMatch(new RegExp(`^  http://127\\.0\\.0\\.1:${webPort}/l/[A-Za-z0-9_-]{43}$`));
    expect(notice.raw).not.toMatch(/postvakt queue|--reason/);
  }, 60_000);
});
