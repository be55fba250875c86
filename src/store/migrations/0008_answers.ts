/**
 * Answers (issue 17 items 4 and 6, BK-14): an acknowledgement naming a contact person keeps an
 * item open with a due date of its own; replies are matched by thread and correspondent; overdue
 * notices are claimed once per item, due time and round (src/inbound/tables.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inbound_waiting').addColumn('acknowledged_at', 'bigint').execute();
  await db.schema.alterTable('inbound_waiting').addColumn('contact', 'text').execute();
  // A reply without In-Reply-To finds its items by the correspondent it is addressed to.
  await db.schema.createIndex('inbound_waiting_correspondent').on('inbound_waiting').columns(['correspondent', 'state']).execute();

  await db.schema
    .createTable('inbound_overdue_notices')
    .addColumn('waiting_id', 'text', (c) => c.notNull().references('inbound_waiting.id'))
    // The due time the notice is about: an acknowledgement gives the item a new one.
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbound_overdue_notices_pk', ['waiting_id', 'due_at', 'round'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('inbound_overdue_notices').execute();
  await db.schema.dropIndex('inbound_waiting_correspondent').execute();
  await db.schema.alterTable('inbound_waiting').dropColumn('contact').execute();
  await db.schema.alterTable('inbound_waiting').dropColumn('acknowledged_at').execute();
}
