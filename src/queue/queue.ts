/**
 * The durable queue API: enqueue deliveries, claim due work exactly once, record results, and the
 * human overrides (release now, reschedule, cancel, retry, "citizen told in advance", FX-9).
 *
 * Claiming is one UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING: atomic on SQLite (one
 * writer at a time) and, with FOR UPDATE SKIP LOCKED on PostgreSQL, exactly-once across
 * processes. A claim is a lease: an instance that dies mid-delivery loses it after `lease`, and
 * another instance takes the item over. Every finish is fenced on the lease owner.
 *
 * The one window that cannot be closed: the upstream answered 250 and the process died before
 * the `delivered` commit. The lease then expires and the item is delivered again (a duplicate,
 * never a loss), exactly as an MTA that crashes between the remote 250 and its queue-file
 * removal does (RFC 5321 §6.1 prefers duplicates to loss).
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../store/schema.ts';
import { dialectOf } from '../store/db.ts';
import type { Clock } from '../clock/clock.ts';
import type { QueueStatus, QueueTables } from './tables.ts';
import type { DeliveryResult } from './transport.ts';
import type { ChannelRegistration } from './registry.ts';
import { CatalogError } from '../i18n/catalog-error.ts';
import type { Params } from '../i18n/catalog.ts';
import { messages } from './messages.ts';
import { v7 as uuidv7 } from 'uuid';

/** `raw` is null once retention purged the body (issue 20). */
type Row = Selectable<QueueTables['queue_items']> & { raw: Buffer | Uint8Array | null };

type QueueMessage = keyof (typeof messages)['en'];

/** How a failure after the retry schedule starts its result; any other failure was a refusal (5xx). */
export const GAVE_UP = 'gave up after';

/**
 * A new queue item's id: a UUID version 7 (RFC 9562), which starts with its creation time. The id
 * keys the item, its body and its events, and time-ordered keys append at the end of those
 * indexes where random ones touch a different page for every row: a commit of a batch then
 * writes a few pages instead of one per row and index (the store's cost per message fell by about
 * a quarter, measured). Its 74 random bits still make ids unguessable.
 */
export function newItemId(): string {
  return uuidv7();
}

/** A queue request that cannot be done (unknown item, wrong status, no reason); nothing changed. */
export class QueueError extends CatalogError<QueueMessage> {
  constructor(code: Extract<QueueMessage, 'notFound' | `error.${string}`>, params: Params = {}) {
    super(messages, code, params);
  }
}

export type Channel = Row['channel'];

export interface NewItem {
  /** Given when the caller must know the id before the commit (e.g. to name it in a notice). */
  id?: string;
  channel: Channel;
  status: 'held' | 'queued';
  raw: Buffer;
  envelope: Record<string, unknown>;
  lang: string;
  subject: string;
  messageId?: string;
  /** Items made from one incoming message share this id. */
  originId: string;
  /** Required when held. */
  releaseAt?: Date;
  /** Reasons, questions and findings, as shown to people later. */
  decision: Record<string, unknown>;
}

export interface QueueItem {
  id: string;
  channel: Channel;
  status: QueueStatus;
  raw: Buffer;
  envelope: Record<string, unknown>;
  lang: string;
  subject: string;
  messageId: string | null;
  originId: string;
  createdAt: Date;
  releaseAt: Date | null;
  nextAttemptAt: Date;
  attempts: number;
  decision: Record<string, unknown>;
  lastResult: string | null;
  told: boolean;
}

/** An e-mail item's envelope recipients (RCPT TO); a Digital Post letter's envelope has no such list, so none. */
export function recipientsOf(item: Pick<QueueItem, 'envelope'>): string[] {
  const to = item.envelope.to;
  return Array.isArray(to) ? to.map(String) : [];
}

/** An item as listed: everything but the message bytes, and their size. */
export type ListedItem = Omit<QueueItem, 'raw'> & { size: number };

export interface QueueEvent {
  at: Date;
  kind: string;
  actor: string | null;
  reason: string | null;
  data: Record<string, unknown> | null;
}

export interface Override {
  /** Who did it: a CLI user, a web user id, "scheduler". */
  actor: string;
  reason?: string;
}

export interface QueueOptions {
  leaseMs: number;
  retrySchedule: number[];
  /**
   * Refuses a new release time a person asks for (throws), e.g. one inside a quiet window or too
   * close to the letter's deadline (FX-3, FX-6); see `decision/overrides.ts`.
   */
  checkReschedule?(item: QueueItem, at: Date, now: Date): void;
  /** Called inside the transaction of a person's override (e.g. to write the mail log). */
  onOverride?(trx: Transaction<DB>, item: QueueItem, change: { kind: string; actor: string; at: Date }): Promise<void>;
  /** Called inside the transaction that records delivery results (e.g. to write the mail log). */
  onFinished?(trx: Transaction<DB>, finished: Array<{ item: QueueItem; outcome: Outcome; result: DeliveryResult }>, at: Date): Promise<void>;
}

export type Outcome = 'delivered' | 'deferred' | 'failed' | 'lost-lease';

/** One finished delivery attempt, for `finishAll`. */
export interface Finish {
  item: QueueItem;
  owner: string;
  result: DeliveryResult;
  onFailed?: (item: QueueItem, error: string) => Promise<NewItem[]>;
  onPartial?: ChannelRegistration['onPartial'];
  at?: Date;
}

function toItem(row: Row): QueueItem {
  const { raw, ...rest } = row;
  return { ...fields(rest), raw: raw === null ? Buffer.alloc(0) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw) };
}

function fields(row: Selectable<QueueTables['queue_items']>): Omit<QueueItem, 'raw'> {
  return {
    id: row.id,
    channel: row.channel,
    status: row.status,
    envelope: JSON.parse(row.envelope) as Record<string, unknown>,
    lang: row.lang,
    subject: row.subject,
    messageId: row.message_id,
    originId: row.origin_id,
    createdAt: new Date(Number(row.created_at)),
    releaseAt: row.release_at === null ? null : new Date(Number(row.release_at)),
    nextAttemptAt: new Date(Number(row.next_attempt_at)),
    attempts: Number(row.attempts),
    decision: JSON.parse(row.decision) as Record<string, unknown>,
    lastResult: row.last_result,
    told: Number(row.told) === 1,
  };
}

export class Queue {
  readonly #db: Kysely<DB>;
  readonly #clock: Clock;
  readonly #options: QueueOptions;
  readonly #postgres: boolean;

  constructor(db: Kysely<DB>, clock: Clock, options: QueueOptions) {
    this.#db = db;
    this.#clock = clock;
    this.#options = options;
    this.#postgres = dialectOf(db as unknown as Kysely<unknown>) === 'postgres';
  }

  /**
   * Insert deliveries (and their `enqueued` events). Pass `trx` to commit them together with
   * other writes; otherwise they are committed in one transaction of their own.
   */
  async enqueue(items: NewItem[], trx?: Transaction<DB>): Promise<string[]> {
    if (items.length === 0) return [];
    if (!trx) return this.#db.transaction().execute((t) => this.enqueue(items, t));
    const now = this.#clock.now().getTime();
    const rows = items.map((item) => {
      if (item.status === 'held' && !item.releaseAt) throw new QueueError('error.releaseTimeMissing');
      return {
        id: item.id ?? newItemId(),
        channel: item.channel,
        status: item.status,
        envelope: JSON.stringify(item.envelope),
        lang: item.lang,
        subject: item.subject,
        message_id: item.messageId ?? null,
        origin_id: item.originId,
        created_at: now,
        release_at: item.releaseAt ? item.releaseAt.getTime() : null,
        next_attempt_at: item.status === 'held' ? item.releaseAt!.getTime() : now,
        attempts: 0,
        lease_owner: null,
        lease_expires_at: null,
        decision: JSON.stringify(item.decision),
        last_result: null,
        told: 0,
        updated_at: now,
      };
    });
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      await trx.insertInto('queue_items').values(chunk).execute();
      await trx
        .insertInto('queue_bodies')
        .values(chunk.map((r, j) => ({ item_id: r.id, raw: items[i + j]!.raw })))
        .execute();
      await trx
        .insertInto('queue_events')
        .values(chunk.map((r) => ({ item_id: r.id, at: now, kind: r.status, actor: null, reason: null, data: null })))
        .execute();
    }
    return rows.map((r) => r.id);
  }

  /** Items with their message bytes (none once retention purged them: the history stays). */
  #withBody(db: Kysely<DB> = this.#db) {
    return db
      .selectFrom('queue_items')
      .leftJoin('queue_bodies', 'queue_bodies.item_id', 'queue_items.id')
      .selectAll('queue_items')
      .select('queue_bodies.raw');
  }

  async get(id: string): Promise<QueueItem | undefined> {
    const row = await this.#withBody().where('id', '=', id).executeTakeFirst();
    return row ? toItem(row) : undefined;
  }

  async require(id: string): Promise<QueueItem> {
    const item = await this.get(id);
    if (!item) throw new QueueError('notFound', { id });
    return item;
  }

  /**
   * Items newest first, without their message bytes: a list (the web app's held letters, up to
   * hundreds of messages of up to the size limit each) must not read every body to show a line.
   * Both databases take a blob's length from its header, without reading it.
   */
  async list(filter: { status?: QueueStatus[]; channel?: Channel; limit?: number } = {}): Promise<ListedItem[]> {
    const size = this.#postgres ? sql<number>`octet_length(queue_bodies.raw)` : sql<number>`length(queue_bodies.raw)`;
    let query = this.#db
      .selectFrom('queue_items')
      .leftJoin('queue_bodies', 'queue_bodies.item_id', 'queue_items.id')
      .selectAll('queue_items')
      .select(size.as('size'))
      .orderBy('created_at', 'desc')
      .orderBy('id');
    if (filter.status?.length) query = query.where('status', 'in', filter.status);
    if (filter.channel) query = query.where('channel', '=', filter.channel);
    const rows = await query.limit(filter.limit ?? 100).execute();
    return rows.map(({ size, ...row }) => ({ ...fields(row), size: Number(size ?? 0) }));
  }

  async events(id: string): Promise<QueueEvent[]> {
    const rows = await this.#db.selectFrom('queue_events').selectAll().where('item_id', '=', id).orderBy('id').execute();
    return rows.map((r) => ({
      at: new Date(Number(r.at)),
      kind: r.kind,
      actor: r.actor,
      reason: r.reason,
      data: r.data === null ? null : (JSON.parse(r.data) as Record<string, unknown>),
    }));
  }

  /** Release a held item now (FX-6: the sender judged it cannot wait). A reason is required. */
  async release(id: string, override: Override): Promise<QueueItem> {
    if (!override.reason?.trim()) throw new QueueError('error.releaseReasonMissing');
    const now = this.#clock.now().getTime();
    return this.#transition(id, ['held'], 'released', override, { status: 'queued', next_attempt_at: now });
  }

  async reschedule(id: string, at: Date, override: Override): Promise<QueueItem> {
    this.#options.checkReschedule?.(await this.require(id), at, this.#clock.now());
    return this.#transition(id, ['held'], 'rescheduled', override, { release_at: at.getTime(), next_attempt_at: at.getTime() }, {
      releaseAt: at.toISOString(),
    });
  }

  async cancel(id: string, override: Override): Promise<QueueItem> {
    return this.#transition(id, ['held', 'queued'], 'cancelled', override, { status: 'cancelled' });
  }

  /** Try a failed or waiting delivery again now, with a fresh retry schedule. */
  async retry(id: string, override: Override): Promise<QueueItem> {
    const now = this.#clock.now().getTime();
    // A failed item whose body retention purged has nothing left to send.
    const body = await this.#db.selectFrom('queue_bodies').select('item_id').where('item_id', '=', id).executeTakeFirst();
    if (!body && (await this.#db.selectFrom('queue_items').select('id').where('id', '=', id).executeTakeFirst())) throw new QueueError('error.purged', { id });
    return this.#transition(id, ['failed', 'queued'], 'retry', override, { status: 'queued', next_attempt_at: now, attempts: 0 });
  }

  /** FX-9: the case worker told the citizen in advance that the letter is coming. */
  async markTold(id: string, override: Override): Promise<QueueItem> {
    return this.#transition(id, ['held', 'queued', 'delivering', 'delivered'], 'told', override, { told: 1 });
  }

  async #transition(
    id: string,
    from: QueueStatus[],
    kind: string,
    override: Override,
    set: Partial<Pick<Row, 'status' | 'next_attempt_at' | 'release_at' | 'attempts' | 'told'>>,
    data?: Record<string, unknown>,
  ): Promise<QueueItem> {
    const now = this.#clock.now().getTime();
    const { changed, item } = await this.#db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('queue_items')
        .set({ ...set, updated_at: now })
        .where('id', '=', id)
        .where('status', 'in', from)
        .executeTakeFirst();
      const done = Number(result.numUpdatedRows) > 0;
      if (done) {
        await trx
          .insertInto('queue_events')
          .values({ item_id: id, at: now, kind, actor: override.actor, reason: override.reason ?? null, data: data ? JSON.stringify(data) : null })
          .execute();
      }
      // Read once, inside the transaction: the item as changed, or as it stands when refused.
      const row = await this.#withBody(trx).where('id', '=', id).executeTakeFirst();
      if (!row) throw new QueueError('notFound', { id });
      const current = toItem(row);
      if (done) await this.#options.onOverride?.(trx, current, { kind, actor: override.actor, at: new Date(now) });
      return { changed: done, item: current };
    });
    if (!changed) throw new QueueError('error.wrongStatus', { id, status: item.status, action: kind, allowed: from.join(' | ') });
    return item;
  }

  /** Ready held items whose release time has come; one `released` event each, exactly once. */
  async releaseDue(now: Date): Promise<string[]> {
    const at = now.getTime();
    return this.#db.transaction().execute(async (trx) => {
      const rows = await trx
        .updateTable('queue_items')
        .set({ status: 'queued', updated_at: at })
        .where('status', '=', 'held')
        .where('release_at', '<=', at)
        .returning('id')
        .execute();
      if (rows.length > 0) {
        await trx
          .insertInto('queue_events')
          .values(rows.map((r) => ({ item_id: r.id, at, kind: 'released', actor: 'scheduler', reason: null, data: null })))
          .execute();
      }
      return rows.map((r) => r.id);
    });
  }

  /**
   * Claim up to `limit` due deliveries for `owner`: queued items whose time has come, and items
   * whose previous claimant's lease ran out. Each item is returned to exactly one claimant.
   */
  async claimDue(owner: string, now: Date, limit: number): Promise<QueueItem[]> {
    const at = now.getTime();
    let due = this.#db
      .selectFrom('queue_items')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', at)]),
          eb.and([eb('status', '=', 'delivering'), eb('lease_expires_at', '<=', at)]),
        ]),
      )
      .orderBy('next_attempt_at')
      .limit(limit);
    if (this.#postgres) due = due.forUpdate().skipLocked();
    const rows = await this.#db
      .updateTable('queue_items')
      .set({
        status: 'delivering',
        lease_owner: owner,
        lease_expires_at: at + this.#options.leaseMs,
        attempts: sql<number>`attempts + 1`,
        updated_at: at,
      })
      .where('id', 'in', due)
      .returningAll()
      .execute();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const bodies = await this.#db.selectFrom('queue_bodies').select(['item_id', 'raw']).where('item_id', 'in', ids).execute();
    const rawOf = new Map(bodies.map((b) => [b.item_id, b.raw]));
    return rows.map((row) => toItem({ ...row, raw: rawOf.get(row.id)! }));
  }

  /**
   * Record one delivery attempt's result, fenced on the lease: if another instance took the
   * item over meanwhile, nothing is written and `lost-lease` is returned. `onFailed` returns
   * items to enqueue in the same transaction as the failure (an RFC 3464 DSN for e-mail), so a
   * failure and its notice are committed together.
   */
  async finish(
    item: QueueItem,
    owner: string,
    result: DeliveryResult,
    onFailed?: (item: QueueItem, error: string) => Promise<NewItem[]>,
    /** The pass's instant (`run-due --at`); the next retry is counted from it. */
    at: Date = this.#clock.now(),
  ): Promise<Outcome> {
    const [outcome] = await this.finishAll([{ item, owner, result, ...(onFailed ? { onFailed } : {}), at }]);
    return outcome!;
  }

  /**
   * `finish` for many attempts in one transaction (group commit on the delivery side: one
   * fsync for a batch of results). Outcomes are returned in order.
   */
  async finishAll(entries: Finish[]): Promise<Outcome[]> {
    const schedule = this.#options.retrySchedule;
    const planned = await Promise.all(
      entries.map(async ({ item, result, onFailed, onPartial, at }) => {
        const now = (at ?? this.#clock.now()).getTime();
        let outcome: Exclude<Outcome, 'lost-lease'>;
        let set: Partial<Row>;
        if (result.kind === 'delivered') {
          outcome = 'delivered';
          set = { status: 'delivered', last_result: result.response };
        } else if (result.kind === 'transient' && item.attempts <= schedule.length) {
          outcome = 'deferred';
          set = { status: 'queued', next_attempt_at: now + schedule[item.attempts - 1]!, last_result: result.error };
        } else {
          outcome = 'failed';
          set = { status: 'failed', last_result: result.kind === 'transient' ? `${GAVE_UP} ${item.attempts} attempts: ${result.error}` : result.error };
        }
        let notices: NewItem[] = [];
        if (outcome === 'failed' && onFailed) notices = await onFailed(item, set.last_result ?? '');
        if (result.kind === 'delivered' && result.rejected?.length && onPartial) notices = await onPartial(item, result.rejected);
        return { now, outcome, set, notices };
      }),
    );
    return this.#db.transaction().execute(async (trx) => {
      const outcomes: Outcome[] = [];
      for (const [i, { item, owner }] of entries.entries()) {
        const { now, outcome, set, notices } = planned[i]!;
        const updated = await trx
          .updateTable('queue_items')
          .set({ ...set, lease_owner: null, lease_expires_at: null, updated_at: now })
          .where('id', '=', item.id)
          .where('status', '=', 'delivering')
          .where('lease_owner', '=', owner)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) {
          outcomes.push('lost-lease');
          continue;
        }
        await trx
          .insertInto('queue_events')
          .values({ item_id: item.id, at: now, kind: outcome, actor: owner, reason: null, data: JSON.stringify({ attempt: item.attempts, result: set.last_result }) })
          .execute();
        await this.enqueue(notices, trx);
        outcomes.push(outcome);
      }
      await this.#options.onFinished?.(
        trx,
        entries.map((e, i) => ({ item: e.item, outcome: outcomes[i]!, result: e.result })),
        this.#clock.now(),
      );
      return outcomes;
    });
  }

  /** Counts by status, for `queue list` and health checks. */
  async counts(): Promise<Record<string, number>> {
    const rows = await this.#db
      .selectFrom('queue_items')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
