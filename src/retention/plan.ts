/**
 * The retention plan (issue 20 items 1–3): for every stored message body of a finished or held
 * queue item, the rule that decides how long it is kept, when it is purged, and what keeps it
 * (a hold in the queue, a manual legal hold, a request for documents). `retention plan` prints
 * it; `retention run` purges what is due. Queued and delivering items are still on their way and
 * are not planned.
 */
import type { Kysely } from 'kysely';
import { recordedDirection } from '../inbound/direction.ts';
import { GAVE_UP } from '../queue/queue.ts';
import type { QueueStatus } from '../queue/tables.ts';
import type { DB } from '../store/schema.ts';
import type { BodyRule, CHANNELS, OUTCOMES, RetentionConfig } from './config.ts';
import type { RecordStatus, RetentionSources } from './sources.ts';

export type Outcome = (typeof OUTCOMES)[number];

/** What the queue statuses that end an item's life are, and their event kinds. */
export const FINISHED: QueueStatus[] = ['delivered', 'failed', 'cancelled'];

export interface PlanItem {
  /** The queue item's id (queue_items.id), whose body this is. */
  messageId: string;
  /** The rule that decides; null: no rule matches (or the item is held), so the body is kept. */
  rule: string | null;
  purgeAt: Date | null;
  /** Why the body is kept regardless of its rule, one reason per hold. */
  heldBy: string[];
}

/** The plan as `retention plan --json` writes it: `[{messageId, rule, purgeAt, heldBy?}]`. */
export function planJson(plan: PlanItem[]): Array<{ messageId: string; rule: string | null; purgeAt: string | null; heldBy?: string }> {
  return plan.map((p) => ({
    messageId: p.messageId,
    rule: p.rule,
    purgeAt: p.purgeAt?.toISOString() ?? null,
    ...(p.heldBy.length ? { heldBy: p.heldBy.join('; ') } : {}),
  }));
}

interface Facts {
  direction: 'in' | 'out' | 'internal';
  outcome: Outcome;
  channel: (typeof CHANNELS)[number];
  finishedAt: Date;
  record?: { status: RecordStatus; at: Date };
}

function matches(rule: BodyRule, f: Facts): boolean {
  if (rule.direction && !rule.direction.includes(f.direction)) return false;
  if (rule.outcome && !rule.outcome.includes(f.outcome)) return false;
  if (rule.channel && !rule.channel.includes(f.channel)) return false;
  if (rule.recordStatus && !(f.record && rule.recordStatus.includes(f.record.status))) return false;
  return true;
}

/** The first rule that matches, and when it purges: counted from the record status's time for a rule that names one. */
export function decide(rules: BodyRule[], f: Facts): { rule: string; purgeAt: Date } | undefined {
  const rule = rules.find((r) => matches(r, f));
  if (!rule) return undefined;
  const from = rule.recordStatus && f.record ? f.record.at : f.finishedAt;
  return { rule: rule.name, purgeAt: new Date(from.getTime() + rule.keep) };
}

function outcomeOf(status: QueueStatus, lastResult: string | null): Outcome {
  if (status === 'failed') return lastResult?.startsWith(GAVE_UP) ? 'failed' : 'refused';
  return status as Outcome;
}

const PAGE = 500;

/**
 * Every source's holds by item. A hold names one item (a request names a message by its first
 * delivery, records/documents.ts), and covers the message: every item of its origin.
 */
async function legalHolds(db: Kysely<DB>, sources: RetentionSources, at: Date): Promise<Map<string, string[]>> {
  const named = new Map<string, string[]>();
  for (const source of sources.holds) {
    for (const [id, why] of await source.holds(db, at)) named.set(id, [...(named.get(id) ?? []), `${source.name}: ${why}`]);
  }
  const holds = new Map<string, string[]>();
  const ids = [...named.keys()];
  for (let i = 0; i < ids.length; i += PAGE) {
    const rows = await db
      .selectFrom('queue_items as held')
      .innerJoin('queue_items as sibling', 'sibling.origin_id', 'held.origin_id')
      .select(['held.id as held', 'sibling.id as sibling'])
      .where('held.id', 'in', ids.slice(i, i + PAGE))
      .execute();
    for (const { held, sibling } of rows) holds.set(sibling, [...new Set([...(holds.get(sibling) ?? []), ...named.get(held)!])]);
  }
  return holds;
}

export async function planRetention(db: Kysely<DB>, config: RetentionConfig, sources: RetentionSources, at: Date): Promise<PlanItem[]> {
  const holds = await legalHolds(db, sources, at);
  const plan: PlanItem[] = [];
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('queue_items')
      .innerJoin('queue_bodies', 'queue_bodies.item_id', 'queue_items.id')
      .select(['queue_items.id', 'queue_items.channel', 'queue_items.status', 'queue_items.decision', 'queue_items.last_result', 'queue_items.updated_at'])
      .select((eb) =>
        eb
          .selectFrom('queue_events')
          .select((e) => e.fn.max('queue_events.at').as('at'))
          .whereRef('queue_events.item_id', '=', 'queue_items.id')
          .where('queue_events.kind', 'in', FINISHED)
          .as('finished_at'),
      )
      .where('queue_items.status', 'in', ['held', ...FINISHED])
      .where('queue_items.id', '>', after)
      .orderBy('queue_items.id')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const records = sources.recordStatus ? await sources.recordStatus(db, rows.map((r) => r.id)) : new Map<string, { status: RecordStatus; at: Date }>();
    for (const row of rows) {
      const heldBy = [...(row.status === 'held' ? ['queue: held'] : []), ...(holds.get(row.id) ?? [])];
      if (row.status === 'held') {
        plan.push({ messageId: row.id, rule: null, purgeAt: null, heldBy });
        continue;
      }
      const record = records.get(row.id);
      const decision = JSON.parse(row.decision) as Record<string, unknown>;
      const decided = decide(config.bodies, {
        direction: recordedDirection(decision, row.channel === 'inbound' ? 'in' : 'out'),
        outcome: outcomeOf(row.status, row.last_result),
        channel: row.channel,
        // Items finished before their events were kept fall back on their last change.
        finishedAt: new Date(Number(row.finished_at ?? row.updated_at)),
        ...(record ? { record } : {}),
      });
      plan.push({ messageId: row.id, rule: decided?.rule ?? null, purgeAt: decided?.purgeAt ?? null, heldBy });
    }
    if (rows.length < PAGE) break;
  }
  return plan;
}
