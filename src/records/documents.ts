/**
 * Which messages are documents, and how to read one (issue 18). A document is one stored message,
 * named by the `queue_id` its mail-log rows carry:
 * - mail through the gateway or the inbound relay: the queue item id of the message's first
 *   delivery (a message split into several deliveries — internal and external recipients, or
 *   different decisions — is one document; its items share `origin_id`), its bytes in
 *   `queue_bodies`;
 * - journaled mail (`inbound.mode: journal`): the `inbound_messages` id; Postvakt keeps no bytes
 *   of it (the mail system delivered it), so it has no original to fetch or export.
 * Postvakt's own mail (sender notices, DSNs, reminders) and Digital Post letters (kept by the case
 * system that posted them) are not documents here, nor is an outgoing letter before it is
 * dispatched (held) or one cancelled unsent.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../store/schema.ts';

export interface RecordDocument {
  id: string;
  /** `journal`: recorded from a journal report, no stored bytes. */
  source: 'queue' | 'journal';
  direction: 'in' | 'out' | 'internal';
  sender: string;
  recipients: string[];
  subject: string;
  messageId: string | null;
  /** When Postvakt accepted it. */
  at: Date;
}

export interface DocumentFilter {
  ids?: string[];
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /**
   * Only documents to register that are not yet registered (the worklist, BK-20): public, secret
   * (a secret document is still a public record and is registered, BK-27) or still undecided
   * (presumed public, BK-18).
   */
  unregistered?: boolean;
}

/** Postvakt's own mail: its stored decision starts with the `notice` key (gateway, notices, reminders). */
const NOTICE = '{"notice":%';

function unregisteredCondition(id: Expression<string>): Expression<SqlBool> {
  return sql<SqlBool>`NOT EXISTS (SELECT 1 FROM record_registrations r WHERE r.document_id = ${id})
    AND NOT EXISTS (SELECT 1 FROM record_status_events e WHERE e.document_id = ${id} AND e.status IN ('not-public', 'little-importance')
      AND e.id = (SELECT MAX(l.id) FROM record_status_events l WHERE l.document_id = ${id}))`;
}

async function queued(db: Kysely<DB>, filter: DocumentFilter): Promise<RecordDocument[]> {
  let query = db
    .selectFrom('queue_items as q')
    .select(['q.id', 'q.envelope', 'q.subject', 'q.message_id', 'q.created_at', 'q.decision'])
    .where('q.channel', 'in', ['email', 'inbound'])
    .where('q.decision', 'not like', NOTICE)
    .where(({ eb, ref }) =>
      eb(
        'q.id',
        '=',
        eb
          .selectFrom('queue_items as f')
          .select((s) => s.fn.min('f.id').as('first'))
          .whereRef('f.origin_id', '=', ref('q.origin_id'))
          .where('f.channel', 'in', ['email', 'inbound'])
          .where('f.decision', 'not like', NOTICE),
      ),
    );
  // An outgoing letter becomes a document when it is dispatched (BK-19: not while held or after a
  // cancel); this also keeps a held letter, and so who is flagged, off the registrar's worklist.
  query = query.where(({ exists, selectFrom, ref }) =>
    exists(
      selectFrom('queue_items as d')
        .select('d.id')
        .whereRef('d.origin_id', '=', ref('q.origin_id'))
        .where('d.decision', 'not like', NOTICE)
        .where('d.status', 'not in', ['held', 'cancelled']),
    ),
  );
  if (filter.ids) query = query.where('q.id', 'in', filter.ids.length ? filter.ids : ['']);
  if (filter.from) query = query.where('q.created_at', '>=', filter.from.getTime());
  if (filter.to) query = query.where('q.created_at', '<', filter.to.getTime());
  if (filter.unregistered) query = query.where(({ ref }) => unregisteredCondition(ref('q.id')));
  const rows = await query.execute();
  return rows.map((r) => {
    const envelope = JSON.parse(r.envelope) as { from?: string; to?: string[] };
    const decision = JSON.parse(r.decision) as { direction?: RecordDocument['direction'] };
    return {
      id: r.id,
      source: 'queue' as const,
      // Items spooled before issue 17 have no direction; they came through the relay, so they left.
      direction: decision.direction ?? 'out',
      sender: envelope.from ?? '',
      recipients: envelope.to ?? [],
      subject: r.subject,
      messageId: r.message_id,
      at: new Date(Number(r.created_at)),
    };
  });
}

async function journaled(db: Kysely<DB>, filter: DocumentFilter): Promise<RecordDocument[]> {
  let query = db
    .selectFrom('inbound_messages as m')
    .leftJoin('mail_log as l', (j) => j.onRef('l.queue_id', '=', 'm.id').on('l.event', '=', 'received'))
    .select(['m.id', 'm.sender', 'm.recipients', 'm.subject', 'm.message_id', 'm.received_at', 'l.direction'])
    .where('m.queue_id', 'is', null);
  if (filter.ids) query = query.where('m.id', 'in', filter.ids.length ? filter.ids : ['']);
  if (filter.from) query = query.where('m.received_at', '>=', filter.from.getTime());
  if (filter.to) query = query.where('m.received_at', '<', filter.to.getTime());
  if (filter.unregistered) query = query.where(({ ref }) => unregisteredCondition(ref('m.id')));
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    source: 'journal' as const,
    direction: (r.direction ?? 'in') as RecordDocument['direction'],
    sender: r.sender,
    recipients: JSON.parse(r.recipients) as string[],
    subject: r.subject,
    messageId: r.message_id,
    at: new Date(Number(r.received_at)),
  }));
}

/** Documents, oldest first. */
export async function listDocuments(db: Kysely<DB>, filter: DocumentFilter = {}): Promise<RecordDocument[]> {
  const all = [...(await queued(db, filter)), ...(await journaled(db, filter))];
  return all.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
}

export async function getDocument(db: Kysely<DB>, id: string): Promise<RecordDocument | undefined> {
  return (await listDocuments(db, { ids: [id] }))[0];
}

/** The original message (RFC 5322 bytes, as accepted plus Postvakt's Received field), or undefined for journaled mail. */
export async function documentOriginal(db: Kysely<DB>, id: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('queue_bodies').select('raw').where('item_id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return Buffer.isBuffer(row.raw) ? row.raw : Buffer.from(row.raw);
}
