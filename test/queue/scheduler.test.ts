/**
 * The scheduler's service log carries no personal data: an upstream reply that names the
 * recipient is logged by its codes only (issue 23, item 7), while the queue keeps the full reply.
 */
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.ts';
import { Queue } from '../../src/queue/queue.ts';
import { TransportRegistry } from '../../src/queue/registry.ts';
import { Scheduler } from '../../src/queue/scheduler.ts';
import type { DeliveryResult } from '../../src/queue/transport.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

const NOW = new Date('2026-12-04T13:00:00Z');
const CITIZEN = 'anna.borger@example.dk';

describe('scheduler log', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore('sqlite');
  });
  afterEach(async () => store.dispose());

  it.each<[string, DeliveryResult, string]>([
    ['a permanent refusal', { kind: 'permanent', error: `550 5.1.1 <${CITIZEN}>: Recipient address rejected` }, '550 5.1.1'],
    ['a deferral', { kind: 'transient', error: `451-4.2.0 <${CITIZEN}> mailbox busy, CPR 070761-4285 noted` }, '451 4.2.0'],
    ['an accepted delivery', { kind: 'delivered', response: `250 2.0.0 Ok: queued for ${CITIZEN}` }, '250 2.0.0'],
    ['a local failure', { kind: 'transient', error: `Can't send mail to ${CITIZEN} (070761-4285)` }, "Can't send mail to <address> (<number>)"],
  ])('logs %s without the recipient', async (_name, result, logged) => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const clock = { now: () => NOW };
    const queue = new Queue(store.db, clock, { leaseMs: 60_000, retrySchedule: [60_000] });
    const registry = new TransportRegistry();
    registry.register('email', { transport: { deliver: async () => result, close: async () => undefined } });
    const scheduler = new Scheduler({
      queue,
      registry,
      clock,
      logger: createLogger({ destination }),
      pollMs: 1000,
      concurrency: 4,
      attemptTimeoutMs: 10_000,
    });
    const [id] = await queue.enqueue([
      {
        channel: 'email',
        status: 'queued',
        raw: Buffer.from('Subject: Hej\r\n\r\nHej\r\n'),
        envelope: { from: 'cw@eksempel-kommune.dk', to: [CITIZEN] },
        lang: 'da',
        subject: 'Hej',
        originId: 'origin-1',
        decision: { verdict: 'deliver' },
      },
    ]);
    await scheduler.runDue(NOW);

    const attempt = lines.map((l) => JSON.parse(l) as { msg: string; detail?: string }).find((l) => l.msg === 'delivery attempt');
    expect(attempt?.detail).toBe(logged);
    expect(lines.join('')).not.toContain(CITIZEN);
    expect(lines.join('')).not.toContain('070761');
    // The full reply is kept where it belongs: the queue's record of the attempt.
    expect((await queue.require(id!)).lastResult).toContain(CITIZEN);
  });
});
