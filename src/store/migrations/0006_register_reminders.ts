/**
 * Review reminders (FX-4, issue 14): when each overdue flag's owner and unit were last reminded,
 * so a reminder goes once and then weekly, across restarts and instances.
 */
import { type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('register_reminders')
    .addColumn('flag_id', 'text', (c) => c.primaryKey())
    .addColumn('lang', 'text')
    .addColumn('review_on', 'text')
    .addColumn('last_sent_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('register_reminders').execute();
}
