/**
 * A person's new release time passes the same rules as the hold decision (FX-3, FX-6): the queue
 * that every front door uses (`createQueue`) refuses a time inside a quiet window or one that
 * leaves the citizen too few working days before the deadline, and changes nothing then.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock/clock.ts';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { createCalendar } from '../../src/calendar/calendar.ts';
import { OverrideError } from '../../src/decision/overrides.ts';
import { createQueue } from '../../src/serve/context.ts';
import type { Queue } from '../../src/queue/queue.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const { config } = loadConfig(samplePath('dk'));
const calendar = createCalendar(config.calendar);
// Friday 4 December 2026, 14:00 in Copenhagen: inside the weekend's quiet window.
const NOW = new Date('2026-12-04T13:00:00Z');
const MONDAY_9 = new Date('2026-12-07T08:00:00Z');

describe.each(DIALECTS)('rescheduling a held letter on %s', (dialect) => {
  let store: TestStore;
  let queue: Queue;
  const clock: Clock = { now: () => new Date(NOW) };

  beforeEach(async () => {
    store = await openTestStore(dialect);
    queue = createQueue(store, clock, config, calendar);
  });
  afterEach(async () => store.dispose());

  async function held(deadline?: string): Promise<string> {
    const [id] = await queue.enqueue([
      {
        channel: 'email',
        status: 'held',
        releaseAt: MONDAY_9,
        raw: Buffer.from('Subject: Indkaldelse\r\n\r\nHej\r\n'),
        envelope: { from: 'cw@eksempel-kommune.dk', to: ['borger@example.dk'] },
        lang: 'da',
        subject: 'Indkaldelse',
        originId: 'origin-1',
        decision: { verdict: 'hold', ...(deadline ? { deadline } : {}) },
      },
    ]);
    return id!;
  }

  it('accepts a later opening time that leaves the deadline room', async () => {
    const id = await held('2026-12-31T11:00:00Z');
    const item = await queue.reschedule(id, new Date('2026-12-08T08:00:00Z'), { actor: 'a-case-worker' });
    expect(item.releaseAt?.toISOString()).toBe('2026-12-08T08:00:00.000Z');
  });

  it('refuses a time inside the quiet window and leaves the hold as it was', async () => {
    const id = await held();
    const saturday = new Date('2026-12-05T09:00:00Z');
    await expect(queue.reschedule(id, saturday, { actor: 'a-case-worker' })).rejects.toThrow(OverrideError);
    expect((await queue.require(id)).releaseAt?.toISOString()).toBe(MONDAY_9.toISOString());
    expect((await queue.events(id)).map((e) => e.kind)).not.toContain('rescheduled');
  });

  it('refuses a time that leaves fewer working days than required before the deadline', async () => {
    const id = await held('2026-12-11T11:00:00Z');
    await expect(queue.reschedule(id, new Date('2026-12-09T08:00:00Z'), { actor: 'a-case-worker' })).rejects.toThrow(OverrideError);
  });
});
