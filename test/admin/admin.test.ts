/**
 * The admin port from outside: a real `postvakt serve` with `admin` configured, swaks as the
 * client, an smtp-server sink as the smart host. Mail is accepted, held and refused over SMTP,
 * and /metrics must show it (with no personal data in any label); /readyz must fail while the
 * smart host is down and recover when it is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, flagCitizen, freePort, setup, startServe, startSink, swaks, waitFor, type Served, type Setup, type Sink } from '../gateway/harness.ts';
import { sample } from '../support/prometheus.ts';

const FRIDAY_AFTERNOON = '2026-12-04T14:00:00+01:00';
const FLAGGED = 'borger.flag@example.dk';
const UNFLAGGED = 'borger.fri@example.dk';
const SENDER = 'sagsbehandler@eksempel-kommune.dk';

let sink: Sink;
let s: Setup;
let served: Served;
let admin: string;

async function get(path: string): Promise<{ status: number; body: string; type: string }> {
  const res = await fetch(`${admin}${path}`);
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}

/** Ask again until the answer satisfies `done` or 30 s pass; returns the last answer either way. */
async function until<T>(ask: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const end = Date.now() + 30_000;
  for (;;) {
    const value = await ask();
    if (done(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  sink = await startSink();
  const port = await freePort();
  admin = `http://127.0.0.1:${port}`;
  s = await setup({ sinkPort: sink.port, sections: { admin: { host: '127.0.0.1', port, probeTimeout: '2s', probeCache: '200ms' } } });
  await flagCitizen(s, FLAGGED);
  served = await startServe(s, { POSTVAKT_NOW: FRIDAY_AFTERNOON });
}, 120_000);

afterAll(async () => {
  await served?.stop();
  await sink?.close();
  await s?.cleanup();
});

describe('admin port', () => {
  it('answers /healthz and reports ready while store, check pool and smart host work', async () => {
    expect((await get('/healthz')).status).toBe(200);
    // Check workers load the rules and language data at start: not ready until they answer.
    const ready = await until(() => get('/readyz'), (r) => r.status === 200);
    expect(ready.status, ready.body).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'ready', checks: { store: { ok: true }, checkers: { ok: true }, smarthost: { ok: true } } });
    expect((await get('/nothing-here')).status).toBe(404);
  }, 60_000);

  it('counts mail sent over SMTP: accepted, held, refused by rule, delivered, queue depth, latencies', async () => {
    const before = (await get('/metrics')).body;
    expect(sample(before, 'postvakt_messages_accepted_total', { channel: 'email' }) ?? 0).toBe(0);

    const plain = await swaks(s.smtpPort, ['--from', SENDER, '--to', UNFLAGGED, '--header', 'Subject: Mødetid', '--body', 'Vi ses tirsdag.']);
    expect(plain.code, plain.output).toBe(0);
    const held = await swaks(s.smtpPort, ['--from', SENDER, '--to', FLAGGED, '--header', 'Subject: Afgørelse om dit forløb', '--body', 'Du kan ringe til os mandag.']);
    expect(held.code, held.output).toBe(0);
    const refused = await swaks(s.smtpPort, ['--from', SENDER, '--to', UNFLAGGED, '--header', 'Subject: Sag vedr. 070761-4285', '--body', 'Se vedhæftede.']);
    expect(refused.output).toMatch(/<[~*]\* 550 5\.7\.1 /);
    await waitFor(() => sink.messages.find((m) => m.to.includes(UNFLAGGED) && m.raw.includes('Vi ses tirsdag')), 30_000);

    // The delivery counter moves after the result commits; scrape until it shows.
    const res = await until(() => get('/metrics'), (r) => (sample(r.body, 'postvakt_delivery_attempts_total', { channel: 'email', outcome: 'delivered' }) ?? 0) >= 1);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const scrape = res.body;
    expect(sample(scrape, 'postvakt_messages_accepted_total', { channel: 'email' })).toBe(2);
    expect(sample(scrape, 'postvakt_messages_refused_total', { channel: 'email', rule: 'no-identity-number-in-subject' })).toBe(1);
    expect(sample(scrape, 'postvakt_deliveries_held_total', { channel: 'email' })).toBe(1);
    expect(sample(scrape, 'postvakt_delivery_attempts_total', { channel: 'email', outcome: 'delivered' })).toBeGreaterThanOrEqual(1);
    expect(sample(scrape, 'postvakt_queue_depth', { status: 'held' })).toBe(1);
    expect(sample(scrape, 'postvakt_queue_oldest_held_seconds')).toBeGreaterThan(0);
    expect(sample(scrape, 'postvakt_register_flags')).toBe(1);
    expect(sample(scrape, 'postvakt_check_duration_seconds_count', { channel: 'email' })).toBe(3);
    expect(sample(scrape, 'postvakt_delivery_duration_seconds_count', { channel: 'email', result: 'delivered' })).toBeGreaterThanOrEqual(1);
    expect(sample(scrape, 'postvakt_process_resident_memory_bytes')).toBeGreaterThan(0);

    // A case worker releases the held letter with the CLI, in a process of its own: the server counts it.
    const [held1] = JSON.parse((await cli(s, ['queue', 'list', '--status', 'held', '--json'])).stdout) as Array<{ id: string }>;
    const release = await cli(s, ['queue', 'release', held1!.id, '--reason', 'the citizen asked for it']);
    expect(release.code, release.stderr).toBe(0);
    const afterRelease = await until(() => get('/metrics'), (r) => sample(r.body, 'postvakt_deliveries_released_total', { by: 'person' }) === 1);
    expect(sample(afterRelease.body, 'postvakt_deliveries_released_total', { by: 'person' })).toBe(1);
    expect(sample(afterRelease.body, 'postvakt_deliveries_released_total', { by: 'schedule' }) ?? 0).toBe(0);

    // Nothing about a person: no address, subject, identity number or flag reason in the scrape.
    for (const secret of ['@', 'borger', '070761', 'Afgørelse', 'Mødetid', 'weekend', 'Jobcenter', 'asked for it']) {
      expect(scrape).not.toContain(secret);
      expect(afterRelease.body).not.toContain(secret);
    }
  }, 90_000);

  it('is not ready while the smart host is down, and ready again when it is back', async () => {
    await sink.down();
    try {
      const res = await until(() => get('/readyz'), (r) => r.status !== 200);
      expect(res.status, res.body).toBe(503);
      const body = JSON.parse(res.body) as { status: string; checks: Record<string, { ok: boolean; error?: string }> };
      expect(body.status).toBe('not ready');
      expect(body.checks.smarthost!.ok).toBe(false);
      expect(body.checks.smarthost!.error).toMatch(/^smarthost: /);
      expect(body.checks.store!.ok).toBe(true);
      // Liveness is not readiness: the process is alive and must not be restarted for this.
      expect((await get('/healthz')).status).toBe(200);
    } finally {
      await sink.up();
    }
    const back = await until(() => get('/readyz'), (r) => r.status === 200);
    expect(back.status, back.body).toBe(200);
  }, 90_000);
});
