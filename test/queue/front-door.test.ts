/**
 * The queue every front door uses (`createQueue`):
 * - A person's new release time passes the same rules as the hold decision (FX-3, FX-6): a time
 *   inside a quiet window, or one that leaves the citizen too few working days before the
 *   deadline, is refused and nothing changes.
 * - A person's release-now or cancel changes what leaves the municipality, so it is a row in the
 *   public mail log (BK-28), written in the same transaction: who did it, never the reason (it
 *   may describe the citizen). Reschedules and "told" are not.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock/clock.ts';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { createCalendar } from '../../src/calendar/calendar.ts';
import { OverrideError } from '../../src/decision/overrides.ts';
import { createQueue } from '../../src/serve/context.ts';
import type { NewItem, Queue } from '../../src/queue/queue.ts';
import { readMailLog, verifyMailLog } from '../../src/maillog/log.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const { config } = loadConfig(samplePath('dk'));
const calendar = createCalendar(config.calendar);
// Friday 4 December 2026, 14:00 in Copenhagen: inside the weekend's quiet window.
const NOW = new Date('2026-12-04T13:00:00Z');
const MONDAY_9 = new Date('2026-12-07T08:00:00Z');
const REASON = 'Borgeren er indlagt og har bedt om brevet nu';

const email: NewItem = {
  channel: 'email',
  status: 'held',
  releaseAt: MONDAY_9,
  raw: Buffer.from('Subject: Indkaldelse\r\n\r\nHej\r\n'),
  envelope: { from: 'cw@eksempel-kommune.dk', to: ['borger@example.dk'] },
  lang: 'da',
  subject: 'Indkaldelse',
  originId: 'origin-1',
  decision: { verdict: 'hold' },
};
const letter: NewItem = {
  ...email,
  channel: 'digitalpost',
  raw: Buffer.from('<memo/>'),
  envelope: { client: 'sagssystem', recipient: 'CPR 110285-XXXX', memoMessageUuid: '7f6d2a1e-1c1b-4c55-9a57-1d2f3e4a5b6c' },
  subject: 'Afgørelse om boligstøtte',
  originId: 'origin-2',
};

describe.each(DIALECTS)('the front doors’ queue on %s', (dialect) => {
  let store: TestStore;
  let queue: Queue;
  const clock: Clock = { now: () => new Date(NOW) };

  beforeEach(async () => {
    store = await openTestStore(dialect);
    queue = createQueue(store, clock, config, calendar);
  });
  afterEach(async () => store.dispose());

  async function held(deadline?: string): Promise<string> {
    const [id] = await queue.enqueue([{ ...email, decision: { verdict: 'hold', ...(deadline ? { deadline } : {}) } }]);
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

  it('logs who released an e-mail and who cancelled a Digital Post letter, without their reasons', async () => {
    const [mailId, letterId, otherId] = await queue.enqueue([email, letter, { ...email, originId: 'origin-3' }]);
    await queue.release(mailId!, { actor: 'web:7', reason: REASON });
    await queue.cancel(letterId!, { actor: 'cli:a-case-worker', reason: REASON });
    await queue.reschedule(otherId!, new Date('2026-12-08T08:00:00Z'), { actor: 'web:7' });
    await queue.markTold(otherId!, { actor: 'web:7', reason: REASON });

    const rows = await readMailLog(store.db);
    expect(rows.map((r) => [r.event, r.channel, r.queueId, r.result])).toEqual([
      ['released', 'email', mailId, 'web:7'],
      ['cancelled', 'digitalpost', letterId, 'cli:a-case-worker'],
    ]);
    expect(rows[0]).toMatchObject({ sender: 'cw@eksempel-kommune.dk', recipients: ['borger@example.dk'], subject: 'Indkaldelse', direction: 'out' });
    expect(rows[1]).toMatchObject({ sender: 'sagssystem', recipients: ['CPR 110285-XXXX'], messageId: letter.envelope.memoMessageUuid });
    expect(JSON.stringify(rows)).not.toContain('indlagt');
    expect((await verifyMailLog(store.db)).ok).toBe(true);
  });

  it('writes no row when the override is refused', async () => {
    const [id] = await queue.enqueue([email]);
    await queue.cancel(id!, { actor: 'web:7' });
    await expect(queue.release(id!, { actor: 'web:7', reason: REASON })).rejects.toThrow(/cancelled/);
    expect((await readMailLog(store.db)).map((r) => r.event)).toEqual(['cancelled']);
  });
});
