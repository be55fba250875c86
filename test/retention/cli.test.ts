/**
 * `postvakt retention` from outside (issue 20): a manual legal hold needs a reason, shows in the
 * plan and keeps the body through a run; once it ends, the run purges the body and the plan's
 * text says what is left. `log verify` proves the chain with the run's signed checkpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.ts';
import { Queue } from '../../src/queue/queue.ts';
import { openStore } from '../../src/store/db.ts';
import { cli, setup, type Setup } from '../gateway/harness.ts';
import { queueItem } from '../support/queue-items.ts';

let s: Setup;
let id: string;

beforeAll(async () => {
  s = await setup({
    sinkPort: 1,
    sections: { retention: { bodies: [{ name: 'delivered-out', direction: ['out'], outcome: ['delivered'], keep: '0d' }], signingKey: { file: './log.key' } } },
  });
  const store = await openStore(s.storeUrl);
  try {
    const queue = new Queue(store.db, fixedClock(new Date('2026-12-01T10:00:00Z')), { leaseMs: 60_000, retrySchedule: [] });
    [id] = (await queue.enqueue([queueItem({ decision: { direction: 'out' } })])) as [string];
    const [claimed] = await queue.claimDue('test', new Date('2026-12-01T10:00:00Z'), 1);
    await queue.finish(claimed!, 'test', { kind: 'delivered', response: '250 ok' });
  } finally {
    await store.close();
  }
}, 60_000);

afterAll(async () => s?.cleanup());

describe('postvakt retention', () => {
  it('holds a body with a reason, keeps it through a run, and purges it once the hold ends', async () => {
    const noReason = await cli(s, ['retention', 'hold', id]);
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toMatch(/--reason/);
    const unknown = await cli(s, ['retention', 'hold', 'no-such-item', '--reason', 'x']);
    expect(unknown.stderr).toMatch(/no-such-item/);

    const hold = await cli(s, ['retention', 'hold', id, '--reason', 'Klage over afgørelse 2026-17', '--actor', 'jurist'], { LANG: 'en_GB.UTF-8' });
    expect(hold.code, hold.stderr).toBe(0);
    expect(JSON.parse((await cli(s, ['retention', 'holds', '--json'])).stdout)).toMatchObject([{ itemId: id, reason: 'Klage over afgørelse 2026-17', actor: 'jurist' }]);
    expect(JSON.parse((await cli(s, ['retention', 'plan', '--json'])).stdout)).toEqual([
      { messageId: id, rule: 'delivered-out', purgeAt: '2026-12-01T10:00:00.000Z', heldBy: 'manual: Klage over afgørelse 2026-17 (jurist)' },
    ]);
    expect(JSON.parse((await cli(s, ['retention', 'run', '--json'])).stdout)).toMatchObject({ bodies: 0 });

    expect((await cli(s, ['retention', 'unhold', id, '--actor', 'jurist'])).code).toBe(0);
    expect((await cli(s, ['retention', 'unhold', id])).code).not.toBe(0);
    expect(JSON.parse((await cli(s, ['retention', 'run', '--json'])).stdout)).toMatchObject({ bodies: 1 });
    expect(JSON.parse((await cli(s, ['retention', 'plan', '--json'])).stdout)).toEqual([]);
    const verify = await cli(s, ['log', 'verify', '--json']);
    expect(verify.code, verify.stdout).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
    expect((await cli(s, ['log', 'key'])).stdout).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  }, 120_000);
});
