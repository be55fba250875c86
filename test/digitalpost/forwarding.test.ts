/**
 * Forwarding through the durable queue when Digital Post misbehaves (5xx, then up again; a
 * permanent refusal), and the doNotDeliverUntilDate hold mode.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Receipt } from '../../src/digitalpost/letters.ts';
import { readMailLog } from '../../src/maillog/log.ts';
import { DIALECTS } from '../support/stores.ts';
import { memoLetter } from './letters.ts';
import { startHarness, type Harness } from './harness.ts';

const receiptOf = async (res: Response) => (await res.json()) as Receipt;
const TUESDAY = '2026-12-01T10:00:00+01:00';
const UNFLAGGED = '2203924321';

describe.each(DIALECTS)('forwarding on %s', (dialect) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('retries after a 5xx, shows it on the receipt, and forwards once Digital Post is back', async () => {
    h = await startHarness({ dialect, now: TUESDAY });
    h.standIn.failNext(1, 503);
    const uuid = randomUUID();
    const letter = memoLetter({ uuid, recipientCpr: UNFLAGGED });
    expect((await h.post(letter)).status).toBe(202);
    const harness = h;
    await expect.poll(async () => (await receiptOf(await harness.receipt(uuid))).status).toBe('retrying');
    const retrying = await receiptOf(await h.receipt(uuid));
    expect(retrying.error).toMatch(/HTTP 503/);
    expect(h.standIn.received).toHaveLength(0);

    // The first retry is due five minutes later (the queue's schedule).
    await h.context.scheduler.runDue(new Date(Date.parse(retrying.nextAttemptAt!) + 1000));
    expect(h.standIn.received.map((r) => r.uuid)).toEqual([uuid]);
    expect(h.standIn.received[0]!.body.equals(letter)).toBe(true);
    expect(await receiptOf(await h.receipt(uuid))).toMatchObject({ status: 'forwarded', attempts: 2 });
  });

  it('surfaces a permanent refusal on the receipt with the reason', async () => {
    h = await startHarness({ dialect, now: TUESDAY });
    h.standIn.failNext(1, 422);
    const uuid = randomUUID();
    expect((await h.post(memoLetter({ uuid, recipientCpr: UNFLAGGED }), { lang: 'en' })).status).toBe(202);
    const harness = h;
    await expect.poll(async () => (await receiptOf(await harness.receipt(uuid))).status).toBe('failed');
    const receipt = await receiptOf(await h.receipt(uuid, 'en'));
    expect(receipt.error).toMatch(/HTTP 422/);
    expect(receipt.summary).toMatch(/^Not delivered: HTTP 422/);
    const harness2 = h;
    await expect.poll(async () => (await readMailLog(harness2.context.store.db)).filter((r) => r.messageId === uuid).map((r) => r.event)).toEqual(['accepted', 'failed']);
    const failed = (await readMailLog(h.context.store.db)).find((r) => r.messageId === uuid && r.event === 'failed')!;
    expect(failed).toMatchObject({ direction: 'out', recipients: ['CPR 220392-XXXX'], result: expect.stringMatching(/^HTTP 422/) });
  });

  it('in doNotDeliverUntilDate mode forwards a held letter at once with the release date set', async () => {
    h = await startHarness({ dialect, now: '2026-11-27T14:00:00+01:00', holdMode: 'doNotDeliverUntilDate' });
    await h.flag('1102851234');
    const uuid = randomUUID();
    const letter = memoLetter({ uuid, recipientCpr: '1102851234' });
    const res = await h.post(letter, { lang: 'en' });
    expect(res.status).toBe(202);
    expect(await receiptOf(res)).toMatchObject({ verdict: 'hold', doNotDeliverUntilDate: '2026-11-30' });
    const forwarded = (await h.standIn.letter(uuid)).body.toString('utf8');
    expect(forwarded).toContain('<memo:doNotDeliverUntilDate>2026-11-30</memo:doNotDeliverUntilDate>');
    // Everything else is as the case system wrote it.
    expect(forwarded.replace(/\n {4}<memo:doNotDeliverUntilDate>2026-11-30<\/memo:doNotDeliverUntilDate>/, '')).toBe(letter.toString('utf8'));
    const harness = h;
    await expect.poll(async () => (await receiptOf(await harness.receipt(uuid, 'en'))).summary).toMatch(/midnight/);
  });
});
