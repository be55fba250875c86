/**
 * What retention must keep for the records workflow (issue 18 item 4, issue 20): a document a
 * person has decided is public or secret but no registrar has registered yet. Purging its body
 * would lose a record known to need registration (BK-20, BK-27) before the registrar or the
 * case system could fetch it. Undecided mail is not held: it follows the retention rules, as the
 * mail system keeps its own copy.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';

/** Document id (the first queue item of its message) → why its body is kept. */
export async function registrationHolds(db: Kysely<DB>): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('record_status_events as e')
    .select(['e.document_id', 'e.status'])
    .where('e.status', 'in', ['public', 'secret'])
    .where(({ eb, ref }) => eb('e.id', '=', eb.selectFrom('record_status_events as l').select((s) => s.fn.max('l.id').as('last')).whereRef('l.document_id', '=', ref('e.document_id'))))
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM record_registrations r WHERE r.document_id = e.document_id)`)
    .execute();
  return new Map(rows.map((r) => [r.document_id, `decided ${r.status}, not yet registered`]));
}
