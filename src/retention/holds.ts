/**
 * Manual legal holds (issue 20 item 2): a person keeps a message body from purging, with a
 * reason, until they end the hold. Both steps name who did it; ending is the only update.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { CatalogError } from '../i18n/catalog-error.ts';
import type { Params } from '../i18n/catalog.ts';
import type { DB } from '../store/schema.ts';
import { messages, type RetentionMessage } from './messages.ts';
import type { LegalHoldSource } from './sources.ts';

export class HoldError extends CatalogError<RetentionMessage> {
  constructor(code: Extract<RetentionMessage, `error.${string}`>, params: Params = {}) {
    super(messages, code, params);
  }
}

export interface ManualHold {
  itemId: string;
  reason: string;
  actor: string;
  createdAt: Date;
}

export async function addHold(db: Kysely<DB>, itemId: string, reason: string, actor: string, at: Date): Promise<ManualHold> {
  if (reason.trim() === '') throw new HoldError('error.reasonMissing');
  const item = await db.selectFrom('queue_items').select('id').where('id', '=', itemId).executeTakeFirst();
  if (!item) throw new HoldError('error.noItem', { id: itemId });
  await db
    .insertInto('retention_holds')
    .values({ id: randomUUID(), item_id: itemId, reason: reason.trim(), actor, created_at: at.getTime(), ended_at: null, ended_by: null })
    .execute();
  return { itemId, reason: reason.trim(), actor, createdAt: at };
}

/** End every open hold on the item; refuses when there is none. */
export async function endHold(db: Kysely<DB>, itemId: string, actor: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('retention_holds')
    .set({ ended_at: at.getTime(), ended_by: actor })
    .where('item_id', '=', itemId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  const ended = Number(result.numUpdatedRows);
  if (ended === 0) throw new HoldError('error.noHold', { id: itemId });
  return ended;
}

export async function listHolds(db: Kysely<DB>): Promise<ManualHold[]> {
  const rows = await db.selectFrom('retention_holds').selectAll().where('ended_at', 'is', null).orderBy('created_at').execute();
  return rows.map((r) => ({ itemId: r.item_id, reason: r.reason, actor: r.actor, createdAt: new Date(Number(r.created_at)) }));
}

/** The open manual holds as a legal-hold source. */
export const manualHolds: LegalHoldSource = async (db) => {
  const out = new Map<string, string>();
  for (const hold of await listHolds(db)) {
    const before = out.get(hold.itemId);
    out.set(hold.itemId, before ? `${before}; ${hold.reason} (${hold.actor})` : `${hold.reason} (${hold.actor})`);
  }
  return out;
};
