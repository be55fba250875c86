/**
 * The retention run (issue 20 item 3; BK-20, BK-27, BK-30): purge the message bodies the plan
 * says are due, then make their bytes unrecoverable from the database files, purge the mail
 * log's expired whole years behind a signed checkpoint, and the register's expired audit trails
 * (FX-4). Purging removes bytes, not history: each purged body gets a `purged` event in its queue
 * history and a `purged` mail-log row naming the rule, both in the purge's own transaction.
 * Bodies go in small batches, so SMTP sessions committing meanwhile wait at most one batch.
 */
import { sql, type Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { appendMailLog, type MailLogEntry } from '../maillog/log.ts';
import { checkpointHeld } from '../maillog/checkpoint.ts';
import { fromRecord, withChainHead } from '../maillog/log.ts';
import type { SigningKey } from '../maillog/signing.ts';
import { recordedDirection } from '../inbound/direction.ts';
import { loggedRecipients } from '../queue/stored-decision.ts';
import { purgeAuditTrails } from '../register/audit-retention.ts';
import type { Store } from '../store/db.ts';
import type { DB } from '../store/schema.ts';
import type { RetentionConfig } from './config.ts';
import { FINISHED, planRetention, type PlanItem } from './plan.ts';
import type { RetentionSources } from './sources.ts';

export interface RunOptions {
  store: Store;
  config: RetentionConfig;
  sources: RetentionSources;
  key: SigningKey;
  /** The municipality's zone: the log is purged in whole local calendar years. */
  timeZone: string;
  at: Date;
}

export interface RunReport {
  bodies: number;
  logRows: number;
  auditRows: number;
  /** The mail-log row of the signed checkpoint behind which old log periods were purged. */
  checkpoint?: number;
}

const BATCH = 100;

/** Bodies whose purge time has come and that nothing holds. */
export function duePurges(plan: PlanItem[], at: Date): PlanItem[] {
  return plan.filter((p) => p.purgeAt !== null && p.purgeAt <= at && p.heldBy.length === 0);
}

export async function runRetention(options: RunOptions): Promise<RunReport> {
  const { store, config, sources, key, at } = options;
  const db = store.db;
  const due = duePurges(await planRetention(db, config, sources, at), at);
  let bodies = 0;
  for (let i = 0; i < due.length; i += BATCH) bodies += await purgeBodies(db, due.slice(i, i + BATCH), at);
  if (bodies > 0) await eraseFreedSpace(store);
  let logRows = 0;
  let checkpoint: number | undefined;
  if (config.mailLog.keepYears !== undefined) {
    const cutoff = DateTime.fromJSDate(at, { zone: options.timeZone }).startOf('year').minus({ years: config.mailLog.keepYears }).toJSDate();
    ({ rows: logRows, checkpoint } = await purgeLogPeriods(db, key, cutoff, at));
  }
  let auditRows = 0;
  if (config.registerAudit.keepYears !== undefined) {
    auditRows = await purgeAuditTrails(db, DateTime.fromJSDate(at).minus({ years: config.registerAudit.keepYears }).toJSDate());
  }
  return { bodies, logRows, auditRows, ...(checkpoint !== undefined ? { checkpoint } : {}) };
}

/**
 * Delete a batch of bodies and record each purge. The delete itself checks again that the item
 * is finished and under no manual hold, so a hold set since the plan was made still counts.
 */
async function purgeBodies(db: Kysely<DB>, batch: PlanItem[], at: Date): Promise<number> {
  const ruleOf = new Map(batch.map((p) => [p.messageId, p.rule!]));
  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('queue_bodies')
      .where('item_id', 'in', [...ruleOf.keys()])
      .where('item_id', 'in', trx.selectFrom('queue_items').select('queue_items.id').where('status', 'in', FINISHED))
      .where('item_id', 'not in', trx.selectFrom('retention_holds').select('retention_holds.item_id').where('ended_at', 'is', null))
      .returning('item_id')
      .execute();
    if (deleted.length === 0) return 0;
    const ids = deleted.map((d) => d.item_id);
    await trx
      .insertInto('queue_events')
      .values(ids.map((id) => ({ item_id: id, at: at.getTime(), kind: 'purged', actor: 'retention', reason: null, data: JSON.stringify({ rule: ruleOf.get(id) }) })))
      .execute();
    const entries: MailLogEntry[] = [];
    for (const id of ids) entries.push(await purgedEntry(trx, id, ruleOf.get(id)!, at));
    await appendMailLog(trx, entries);
    return ids.length;
  });
}

/**
 * The `purged` row repeats what the message's latest row says of it (already masked and
 * pseudonymised) and names the rule; an item never logged (a notice, a reminder) is described
 * from its queue row, as the gateway logs items.
 */
async function purgedEntry(db: Kysely<DB>, id: string, rule: string, at: Date): Promise<MailLogEntry> {
  const base = { at, event: 'purged' as const, verdict: 'purge', retentionClass: rule, queueId: id, result: null, releaseAt: null };
  const last = await db.selectFrom('mail_log').selectAll().where('queue_id', '=', id).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (last) {
    const { direction, channel, sender, recipients, subject, messageId, size } = fromRecord(last);
    return { ...base, direction, channel, sender, recipients, subject, messageId, size };
  }
  const item = await db.selectFrom('queue_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const decision = JSON.parse(item.decision) as Record<string, unknown>;
  const envelope = JSON.parse(item.envelope) as { from?: string; to?: string[] };
  return {
    ...base,
    direction: recordedDirection(decision, item.channel === 'inbound' ? 'in' : 'out'),
    channel: item.channel === 'digitalpost' ? 'digitalpost' : 'email',
    sender: envelope.from || '<>',
    recipients: loggedRecipients(decision, envelope.to ?? []),
    subject: item.subject,
    messageId: item.message_id,
    size: 0,
  };
}

/**
 * Make deleted bodies unrecoverable from the database files. SQLite runs with secure_delete
 * (`store/db.ts`), so freed pages are zeroed as they are written; the WAL still holds the old
 * frames until a checkpoint truncates it. PostgreSQL leaves dead tuples in heap and TOAST pages
 * (plain VACUUM frees them for reuse but does not clear them), so the table is rewritten
 * (VACUUM FULL, which takes TOAST with it and unlinks the old files). That locks `queue_bodies`
 * for the rewrite: new mail waits for it, which is why this runs once per run, after all batches.
 */
export async function eraseFreedSpace(store: Store): Promise<void> {
  if (store.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
  else await sql`VACUUM FULL queue_bodies`.execute(store.db);
}

/**
 * Purge the log's rows older than `cutoff` (whole periods: the rows before the first row at or
 * after it), behind a signed checkpoint through the last purged row, in one transaction.
 */
export async function purgeLogPeriods(db: Kysely<DB>, key: SigningKey, cutoff: Date, at: Date): Promise<{ rows: number; checkpoint?: number }> {
  return withChainHead(db, async (trx, lockHead) => {
    const first = await trx.selectFrom('mail_log').select('seq').orderBy('seq').limit(1).executeTakeFirst();
    const kept = await trx.selectFrom('mail_log').select('seq').where('at', '>=', cutoff.getTime()).orderBy('seq').limit(1).executeTakeFirst();
    const head = await trx.selectFrom('mail_log_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
    const through = kept ? Number(kept.seq) - 1 : Number(head.seq);
    if (!first || through < Number(first.seq)) return { rows: 0 };
    const checkpoint = await checkpointHeld(trx, lockHead, key, at, through);
    await trx.updateTable('retention_gates').set({ through }).where('name', '=', 'mail_log').execute();
    await trx.deleteFrom('mail_log_checkpoints').where('seq', '<=', through).execute();
    const result = await trx.deleteFrom('mail_log').where('seq', '<=', through).executeTakeFirst();
    return { rows: Number(result.numDeletedRows), checkpoint: checkpoint.seq };
  });
}
