/**
 * Record statuses for the retention rules, read through the records module's query API
 * (issue 18: `recordStates`). A message's items share one document, the first of its items
 * (records/documents.ts), so every delivery of a message follows the same status. The records
 * module's status and registration map onto the rules' four statuses:
 * - `secret-received`: received mail (direction in) decided secret and registered — BK-27 asks to
 *   purge it from the mail system once it is registered, so it counts from the registration;
 * - `registered`: any other registered document (BK-20), from the registration;
 * - `little-importance`, `not-public`: the current status, from when it was decided (BK-30, BK-19).
 * Public and undecided documents that are not registered have no status here.
 */
import type { Kysely } from 'kysely';
import { recordedDirection } from '../inbound/direction.ts';
import { recordStates } from '../records/store.ts';
import type { DB } from '../store/schema.ts';
import type { RecordStatus, RecordStatusSource } from './sources.ts';

/** Each item's document: the least item id among the non-notice e-mail items of its origin. */
async function documentsOf(db: Kysely<DB>, itemIds: string[]): Promise<Map<string, { documentId: string; direction: string }>> {
  const out = new Map<string, { documentId: string; direction: string }>();
  for (let i = 0; i < itemIds.length; i += 500) {
    const rows = await db
      .selectFrom('queue_items as q')
      .select(['q.id', 'q.channel', 'q.decision'])
      .select((eb) =>
        eb
          .selectFrom('queue_items as f')
          .select((s) => s.fn.min('f.id').as('first'))
          .whereRef('f.origin_id', '=', 'q.origin_id')
          .where('f.channel', 'in', ['email', 'inbound'])
          .where('f.decision', 'not like', '{"notice":%')
          .as('document_id'),
      )
      .where('q.id', 'in', itemIds.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      if (r.document_id === null) continue;
      const direction = recordedDirection(JSON.parse(r.decision) as Record<string, unknown>, r.channel === 'inbound' ? 'in' : 'out');
      out.set(r.id, { documentId: r.document_id, direction });
    }
  }
  return out;
}

export const recordsStatusSource: RecordStatusSource = async (db, itemIds) => {
  const documents = await documentsOf(db, itemIds);
  const states = await recordStates(db, [...new Set([...documents.values()].map((d) => d.documentId))]);
  const out = new Map<string, { status: RecordStatus; at: Date }>();
  for (const [itemId, { documentId, direction }] of documents) {
    const state = states.get(documentId);
    if (!state) continue;
    const { status, registration } = state;
    if (registration) {
      const secretReceived = status?.status === 'secret' && direction === 'in';
      out.set(itemId, { status: secretReceived ? 'secret-received' : 'registered', at: registration.at });
    } else if (status?.status === 'little-importance' || status?.status === 'not-public') {
      out.set(itemId, { status: status.status, at: status.at });
    }
  }
  return out;
};
