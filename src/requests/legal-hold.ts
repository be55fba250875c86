/**
 * Legal hold (issue 19 item 6): documents covered by an open request, or by a decision within its
 * appeal period, must not be purged. The retention module asks this map before it purges a body.
 * A BK-29 log request holds the mail log rows by itself (they are append-only); its messages are
 * not named here.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';

/** Queue item id → why it is held, for open requests and decisions within their appeal period. */
export async function requestLegalHolds(db: Kysely<DB>, at: Date): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('request_items as i')
    .innerJoin('requests as r', 'r.id', 'i.request_id')
    .select(['i.queue_id', 'r.id', 'r.state', 'r.appeal_until'])
    .where((eb) => eb.or([eb('r.state', 'in', ['open', 'in-review', 'escalated']), eb('r.appeal_until', '>', at.getTime())]))
    .orderBy('r.id')
    .execute();
  const held = new Map<string, string>();
  for (const r of rows) {
    const why =
      r.state === 'open' || r.state === 'in-review' || r.state === 'escalated'
        ? `request ${r.id} open`
        : `decision ${r.id} appeal period until ${new Date(Number(r.appeal_until)).toISOString().slice(0, 10)}`;
    // One reason is enough to hold; the first (oldest request) names it.
    if (!held.has(r.queue_id)) held.set(r.queue_id, why);
  }
  return held;
}
