/**
 * Issue 15 items 4 and 5 for `postvakt queue`: times in the municipality's zone with offset, a
 * sender notice named as one, `show --json` that is pure JSON, `release` that says whether a
 * server will deliver it, and `run-due --at` refused outside a test clock, with the queue
 * history and the mail log agreeing when it runs.
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { realClock } from '../../src/clock/clock.ts';
import { createCalendar } from '../../src/calendar/calendar.ts';
import { parseConfig } from '../../src/config/load.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { createQueue } from '../../src/serve/context.ts';
import { freePort, setup, startSink, type Setup, type Sink } from '../gateway/harness.ts';
import { runCli, spawnCli } from '../calendar/run-cli.ts';

const RELEASE = '2026-12-07T09:00:00+01:00';
const raw = (subject: string) =>
  Buffer.from(`From: sagsbehandler@eksempel-kommune.dk\r\nTo: borger@example.dk\r\nSubject: ${subject}\r\nMessage-ID: <q-${subject.length}@eksempel-kommune.dk>\r\n\r\nHej.\r\n`);

let s: Setup;
let sink: Sink;
let store: Store;
let letter: string;
let notice: string;

beforeAll(async () => {
  sink = await startSink();
  s = await setup({ sinkPort: sink.port });
  // No server runs on the gateway's port in this test unless one is started.
  (s.config.gateway as Record<string, unknown>).port = await freePort();
  writeFileSync(s.configPath, stringify(s.config));
  const config = parseConfig(stringify(s.config), s.configPath, {});
  store = await openStore(s.storeUrl);
  const queue = createQueue(store, realClock, config, createCalendar(config.calendar));
  [letter, notice] = await queue.enqueue([
    { channel: 'email', status: 'held', raw: raw('Bevilling af boligstøtte'), envelope: { from: 'sagsbehandler@eksempel-kommune.dk', to: ['borger@example.dk'] }, lang: 'da', subject: 'Bevilling af boligstøtte', originId: 'o1', releaseAt: new Date(RELEASE), decision: { verdict: 'hold' } },
    { channel: 'email', status: 'held', raw: raw('Bevilling af boligstøtte'), envelope: { from: '', to: ['sagsbehandler@eksempel-kommune.dk'] }, lang: 'da', subject: 'Bevilling af boligstøtte', originId: 'o1', releaseAt: new Date(RELEASE), decision: { notice: 'held', for: 'x' } },
  ]) as [string, string];
});

afterAll(async () => {
  await store?.close();
  await sink?.close();
  await s?.cleanup();
});

const queueCli = (args: string[], env: Record<string, string> = {}) => runCli(['queue', ...args, '--config', s.configPath], env);

describe('postvakt queue list and show', () => {
  it('list: release times in the municipality\'s zone with offset; the notice named as a notice', async () => {
    const r = await queueCli(['list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const letterLine = lines.find((l) => l.startsWith(letter))!;
    const noticeLine = lines.find((l) => l.startsWith(notice))!;
    expect(letterLine).toContain(RELEASE);
    expect(letterLine).toMatch(/Bevilling af boligstøtte$/);
    expect(noticeLine).toMatch(/Notice to the sender \(held\): Bevilling af boligstøtte$/);
    expect(r.stdout).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
  });

  it('show --json is one JSON document and nothing else', async () => {
    const r = await spawnCli(['queue', 'show', letter, '--json', '--config', s.configPath]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: letter, status: 'held', subject: 'Bevilling af boligstøtte' });
  });
});

describe('postvakt queue release and run-due', () => {
  it('release says whether a running server will deliver it', async () => {
    const port = (s.config.gateway as { port: number }).port;
    const none = await queueCli(['release', letter, '--reason', 'Borgeren har bedt om det']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain(`Released ${letter}: it is queued for delivery now. No postvakt serve answers on port ${port} here: it stays queued until one runs`);
    expect(none.stdout).not.toContain('delivered now');

    const listening: Server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', () => resolve()));
    try {
      const serving = await queueCli(['release', notice, '--reason', 'Afsenderen vil have den nu']);
      expect(serving.stdout).toContain(`postvakt serve answers on port ${port} here, so it is delivered within seconds.`);
    } finally {
      await new Promise<void>((resolve) => listening.close(() => resolve()));
    }
  });

  it('run-due --at is refused outside a test clock, and nothing moves', async () => {
    const r = await queueCli(['run-due', '--at', '2030-01-01T09:00:00+01:00']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('another instant needs a test clock (POSTVAKT_NOW)');
    expect(sink.messages).toHaveLength(0);
  });

  it('under a test clock the queue history and the mail log record the same instant', async () => {
    const at = '2026-12-07T09:30:00+01:00';
    const r = await queueCli(['run-due', '--at', at, '--json'], { POSTVAKT_NOW: '2026-12-04T14:00:00+01:00' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ delivered: 2 });
    const delivered = await store.db.selectFrom('queue_events').select(['item_id', 'at']).where('kind', '=', 'delivered').execute();
    const logged = await store.db.selectFrom('mail_log').select(['at']).where('event', '=', 'delivered').execute();
    expect(delivered).toHaveLength(2);
    expect(logged).toHaveLength(2);
    expect(new Set([...delivered, ...logged].map((row) => Number(row.at)))).toEqual(new Set([Date.parse(at)]));
  });
});
