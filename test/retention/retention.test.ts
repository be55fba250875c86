/**
 * Retention on both dialects (issue 20; BK-20, BK-27, BK-30, FX-4): the plan names each body's
 * rule, purge time and holds; the run purges only what is due and unheld, keeps the history (queue
 * events, mail-log rows naming the rule), reads record statuses through the records module, and
 * purges the register's audit trails of flags that are gone once they are past retention.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock/clock.ts';
import { readMailLog, verifyMailLog } from '../../src/maillog/index.ts';
import { loadSigningKey, type SigningKey } from '../../src/maillog/signing.ts';
import { Queue, QueueError, type NewItem } from '../../src/queue/queue.ts';
import { insertRegistration, insertStatusEvent } from '../../src/records/store.ts';
import { retentionConfigSchema, type RetentionConfig } from '../../src/retention/config.ts';
import { addHold, endHold } from '../../src/retention/holds.ts';
import { planJson, planRetention } from '../../src/retention/plan.ts';
import { runRetention } from '../../src/retention/run.ts';
import { retentionSources } from '../../src/retention/wiring.ts';
import { purgeAuditTrails } from '../../src/register/audit-retention.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { queueItem } from '../support/queue-items.ts';

const T0 = new Date('2026-12-01T10:00:00Z');
const DAY = 86_400_000;

/** Each item a message of its own, going out. */
const item = (overrides: Partial<NewItem> = {}) => queueItem({ originId: `origin-${Math.random()}`, decision: { verdict: 'deliver', direction: 'out' }, ...overrides });

const config: RetentionConfig = retentionConfigSchema.parse({
  bodies: [
    { name: 'secret-received', recordStatus: ['secret-received'], keep: '0d' },
    { name: 'delivered-out', direction: ['out'], outcome: ['delivered'], keep: '14d' },
    { name: 'delivered-in', direction: ['in'], outcome: ['delivered'], keep: '30d' },
    { name: 'refused', outcome: ['refused'], keep: '2d' },
    { name: 'not-delivered', outcome: ['failed', 'cancelled'], keep: '7d' },
  ],
});

describe.each(DIALECTS)('retention on %s', (dialect) => {
  let store: TestStore;
  let now: Date;
  const clock: Clock = { now: () => new Date(now) };
  let queue: Queue;
  let dir: string;
  let key: SigningKey;

  beforeEach(async () => {
    store = await openTestStore(dialect);
    now = new Date(T0);
    queue = new Queue(store.db, clock, { leaseMs: 60_000, retrySchedule: [] });
    dir = mkdtempSync(join(tmpdir(), 'postvakt-retention-'));
    key = loadSigningKey({ source: 'file', file: join(dir, 'log.key') }, { create: true }, {})!;
  });
  afterEach(async () => {
    await store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Enqueue, claim and finish one item with a delivery result. */
  async function finished(result: 'delivered' | 'refused' | 'failed', overrides: Partial<NewItem> = {}): Promise<string> {
    const [id] = await queue.enqueue([item(overrides)]);
    const [claimed] = await queue.claimDue('test', now, 10);
    const outcome =
      result === 'delivered'
        ? { kind: 'delivered' as const, response: '250 ok' }
        : { kind: result === 'refused' ? ('permanent' as const) : ('transient' as const), error: '550 no such user' };
    await queue.finish(claimed!, 'test', outcome);
    return id!;
  }

  it('plans each body by the first matching rule, from when it was finished, and names what holds it', async () => {
    const out = await finished('delivered');
    const refused = await finished('refused');
    const gaveUp = await finished('failed');
    const [held] = await queue.enqueue([item({ status: 'held', releaseAt: new Date(T0.getTime() + DAY) })]);
    const [cancelled] = await queue.enqueue([item({ status: 'held', releaseAt: new Date(T0.getTime() + DAY) })]);
    await queue.cancel(cancelled!, { actor: 'cw', reason: 'sent by post instead' });
    const inbound = await finished('delivered', { channel: 'inbound', decision: { direction: 'in' } });
    await addHold(store.db, inbound, 'Request for documents 2026-17 (BK-23)', 'registrar', now);

    const plan = planJson(await planRetention(store.db, config, retentionSources(), now));
    const byId = new Map(plan.map((p) => [p.messageId, p]));
    expect(byId.get(out)).toEqual({ messageId: out, rule: 'delivered-out', purgeAt: new Date(T0.getTime() + 14 * DAY).toISOString() });
    expect(byId.get(refused)).toMatchObject({ rule: 'refused', purgeAt: new Date(T0.getTime() + 2 * DAY).toISOString() });
    expect(byId.get(gaveUp)).toMatchObject({ rule: 'not-delivered', purgeAt: new Date(T0.getTime() + 7 * DAY).toISOString() });
    expect(byId.get(cancelled!)).toMatchObject({ rule: 'not-delivered' });
    expect(byId.get(held!)).toEqual({ messageId: held, rule: null, purgeAt: null, heldBy: 'queue: held' });
    expect(byId.get(inbound)).toMatchObject({ rule: 'delivered-in', heldBy: 'manual: Request for documents 2026-17 (BK-23) (registrar)' });
  });

  it('purges what is due and unheld, keeps the history, and never a held item or a body under a legal hold', async () => {
    const out = await finished('delivered');
    const kept = await finished('delivered');
    const [held] = await queue.enqueue([item({ status: 'held', releaseAt: new Date(T0.getTime() + 400 * DAY) })]);
    await addHold(store.db, kept, 'Appeal period of decision 2026-3', 'lawyer', now);
    const logBefore = (await readMailLog(store.db)).length;

    now = new Date(T0.getTime() + 13 * DAY);
    expect((await runRetention({ store, config, sources: retentionSources(), key, timeZone: 'Europe/Copenhagen', at: now })).bodies).toBe(0);
    now = new Date(T0.getTime() + 15 * DAY);
    const report = await runRetention({ store, config, sources: retentionSources(), key, timeZone: 'Europe/Copenhagen', at: now });
    expect(report.bodies).toBe(1);

    const bodies = await store.db.selectFrom('queue_bodies').select('item_id').execute();
    expect(bodies.map((b) => b.item_id).sort()).toEqual([held!, kept].sort());
    // The history stays: the item, its events and a mail-log row naming the rule.
    const purged = await queue.require(out);
    expect(purged.status).toBe('delivered');
    expect(purged.raw.length).toBe(0);
    expect((await queue.events(out)).map((e) => e.kind)).toEqual(['queued', 'delivered', 'purged']);
    const rows = await readMailLog(store.db);
    const purgeRow = rows.find((r) => r.event === 'purged');
    expect(purgeRow).toMatchObject({ queueId: out, retentionClass: 'delivered-out', verdict: 'purge', recipients: ['citizen@example.dk'] });
    expect(rows.length).toBe(logBefore + 1);
    expect(await verifyMailLog(store.db, { publicKey: key.publicKey })).toMatchObject({ ok: true });
    await expect(queue.retry(out, { actor: 'cw' })).rejects.toThrow(QueueError);

    // The hold ends: the body follows its rule again.
    await endHold(store.db, kept, 'lawyer', now);
    expect((await runRetention({ store, config, sources: retentionSources(), key, timeZone: 'Europe/Copenhagen', at: now })).bodies).toBe(1);
    // Still held in the queue 400 days on: never purged while held.
    now = new Date(T0.getTime() + 399 * DAY);
    await runRetention({ store, config, sources: retentionSources(), key, timeZone: 'Europe/Copenhagen', at: now });
    expect((await store.db.selectFrom('queue_bodies').select('item_id').execute()).map((b) => b.item_id)).toEqual([held]);
  });

  it('keeps every delivery of a message a request for documents covers, open or within its appeal period (BK-23)', async () => {
    const originId = 'message-asked-for';
    const first = await finished('delivered', { originId });
    const copy = await finished('delivered', { originId, envelope: { from: 'cw@example.dk', to: ['colleague@example.dk'] } });
    const other = await finished('delivered');
    const request = {
      received_at: now.getTime(), channel: 'email', requester: 'journalist@example.dk', reply_to: null, lang: 'da', unit: null, kind: 'messages' as const,
      description: 'Mails om sagen', assignee: null, due_at: now.getTime() + 7 * DAY, secrecy_review: 0, review_due_at: null, expected_at: null,
      log_mailbox: null, log_from: null, log_to: null, outcome: null, decided_at: null, override_reason: null, written_decision_asked_at: null,
      source_inbound_id: null, warned_for: null, updated_at: now.getTime(),
    };
    await store.db.insertInto('requests').values({ ...request, id: 'R-2026-0001', state: 'open', appeal_until: null }).execute();
    await store.db.insertInto('request_items').values({ request_id: 'R-2026-0001', queue_id: first }).execute();
    now = new Date(T0.getTime() + 15 * DAY);
    const plan = planJson(await planRetention(store.db, config, retentionSources(), now));
    expect(plan.find((p) => p.messageId === copy)).toMatchObject({ rule: 'delivered-out', heldBy: 'request: request R-2026-0001 open' });
    expect(await runRetention({ store, config, sources: retentionSources(), key, timeZone: 'Europe/Copenhagen', at: now })).toMatchObject({ bodies: 1 });
    expect((await store.db.selectFrom('queue_bodies').select('item_id').execute()).map((b) => b.item_id).sort()).toEqual([first, copy].sort());
    expect(await queue.get(other)).toMatchObject({ status: 'delivered' });
  });

  it('keeps a document a person decided public until a registrar registers it (BK-20); undecided mail follows the rules', async () => {
    const decided = await finished('delivered');
    const undecided = await finished('delivered');
    await insertStatusEvent(store.db, { documentId: decided, at: now, kind: 'decided', status: 'public', ground: null, actor: 'cw' });
    now = new Date(T0.getTime() + 15 * DAY);
    const plan = planJson(await planRetention(store.db, config, retentionSources(), now));
    expect(plan.find((p) => p.messageId === decided)).toMatchObject({ rule: 'delivered-out', heldBy: 'records: decided public, not yet registered' });
    expect(plan.find((p) => p.messageId === undecided)).not.toHaveProperty('heldBy');
    await runRetention({ store, config, sources: retentionSources(), key, timeZone: 'Europe/Copenhagen', at: now });
    expect((await store.db.selectFrom('queue_bodies').select('item_id').execute()).map((b) => b.item_id)).toEqual([decided]);

    await insertRegistration(store.db, { documentId: decided, at: now, caseNumber: '27.12.08-P20-1-26', title: 'Svar', classification: '27.12.08', direction: 'out', documentDate: now, registrar: 'journal', via: 'cli' });
    expect(planJson(await planRetention(store.db, config, retentionSources(), now)).find((p) => p.messageId === decided)).not.toHaveProperty('heldBy');
    await runRetention({ store, config, sources: retentionSources(), key, timeZone: 'Europe/Copenhagen', at: now });
    expect(await store.db.selectFrom('queue_bodies').select('item_id').execute()).toEqual([]);
  });

  it('purges received secret mail as soon as it is registered (BK-27), read through the records module', async () => {
    const secret = await finished('delivered', { channel: 'inbound', decision: { direction: 'in' } });
    const plain = await finished('delivered', { channel: 'inbound', decision: { direction: 'in' } });
    const registered = { at: now, caseNumber: '27.12.08-P20-1-26', title: 'Ansøgning', classification: '27.12.08', documentDate: now, registrar: 'journal', via: 'cli' as const };
    await insertStatusEvent(store.db, { documentId: secret, at: now, kind: 'decided', status: 'secret', ground: 'dk-fvl-27', actor: 'cw' });
    let plan = await planRetention(store.db, config, retentionSources(), now);
    expect(plan.find((p) => p.messageId === secret)).toMatchObject({ rule: 'delivered-in' });

    now = new Date(T0.getTime() + DAY);
    await insertRegistration(store.db, { ...registered, documentId: secret, direction: 'in', at: now });
    await insertRegistration(store.db, { ...registered, documentId: plain, direction: 'in', at: now });
    plan = await planRetention(store.db, config, retentionSources(), now);
    expect(plan.find((p) => p.messageId === secret)).toMatchObject({ rule: 'secret-received', purgeAt: now });
    expect(plan.find((p) => p.messageId === plain)).toMatchObject({ rule: 'delivered-in' });
    const report = await runRetention({ store, config, sources: retentionSources(), key, timeZone: 'Europe/Copenhagen', at: now });
    expect(report.bodies).toBe(1);
    expect((await store.db.selectFrom('queue_bodies').select('item_id').execute()).map((b) => b.item_id)).toEqual([plain]);
  });

  it("purges the register's audit trail of a flag that is gone once past retention, and nothing of a flag that exists (FX-4)", async () => {
    const at = (days: number) => T0.getTime() - days * DAY;
    const audit = (flag: string | null, days: number) =>
      store.db.insertInto('register_audit').values({ at: at(days), actor_user: 'cw', actor_unit: 'Jobcenter', actor_role: 'caseworker', action: 'view', flag_id: flag, detail: null }).execute();
    await store.db
      .insertInto('register_flags')
      .values({ id: 'alive', subject_hmac: 'h', hmac_key_id: 'k', key_id: 'k', secret_iv: Buffer.alloc(12), secret_tag: Buffer.alloc(16), secret: Buffer.alloc(1), case_worker: 'cw', unit: 'Jobcenter', review_on: '2027-01-01', expires_on: null, created_at: at(4000), updated_at: at(4000) })
      .execute();
    await audit('alive', 4000);
    await audit('gone-long-ago', 4000);
    await audit('gone-long-ago', 3000);
    await audit('gone-lately', 4000);
    await audit('gone-lately', 10);
    await audit(null, 3000);
    await audit(null, 10);
    // The database refuses to delete a recent row, whatever code asks.
    await expect(store.db.deleteFrom('register_audit').where('at', '=', at(10)).execute()).rejects.toThrow(/append-only/);

    expect(await purgeAuditTrails(store.db, new Date(T0.getTime() - 5 * 365 * DAY))).toBe(3);
    const left = await store.db.selectFrom('register_audit').select(['flag_id', 'at']).orderBy('id').execute();
    expect(left.map((r) => [r.flag_id, Number(r.at)])).toEqual([
      ['alive', at(4000)],
      ['gone-lately', at(4000)],
      ['gone-lately', at(10)],
      [null, at(10)],
    ]);
  });
});
