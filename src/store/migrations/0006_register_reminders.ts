/**
 * Review reminders (FX-4, issue 14): when each overdue flag's owner and unit were last reminded,
 * so a reminder goes once and then weekly, across restarts and instances. And who is flagged out
 * of what was stored before (issue 23): queue decisions and Digital Post letter rows lose
 * `flagged`, the warning verdict, an unheld letter's reasons and the FX-7 hint. The mail log is
 * append-only and hash-chained, so its old rows stay as written.
 */
import { sql, type Kysely } from 'kysely';
import { scrubStoredDecision } from '../../queue/stored-decision.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('register_reminders')
    .addColumn('flag_id', 'text', (c) => c.primaryKey())
    .addColumn('lang', 'text')
    .addColumn('review_on', 'text')
    .addColumn('last_sent_at', 'bigint')
    .execute();
  const items = await sql<{ id: string; decision: string }>`SELECT id, decision FROM queue_items`.execute(db);
  for (const { id, decision } of items.rows) {
    const scrubbed = JSON.stringify(scrubStoredDecision(JSON.parse(decision) as Record<string, unknown>));
    if (scrubbed !== decision) await sql`UPDATE queue_items SET decision = ${scrubbed} WHERE id = ${id}`.execute(db);
  }
  const letters = await sql<{ memo_uuid: string; verdict: string; details: string }>`SELECT memo_uuid, verdict, details FROM digitalpost_letters WHERE verdict <> 'hold'`.execute(db);
  for (const { memo_uuid: uuid, details } of letters.rows) {
    const kept = JSON.stringify({ ...(JSON.parse(details) as Record<string, unknown>), reasons: [] });
    await sql`UPDATE digitalpost_letters SET verdict = 'deliver', details = ${kept} WHERE memo_uuid = ${uuid}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('register_reminders').execute();
}
