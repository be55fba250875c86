/**
 * The mail log (BK-28): append events, read them back, verify the chain.
 *
 * The log is itself a public record, so identity numbers (CPR, personnummer) are masked before a
 * row is written (010203-XXXX), and sensitive terms in subjects and replies (***), so neither
 * reaches the table. A message's later fate (released,
 * delivered, failed) is a new event row, so the chain stays append-only.
 *
 * Appends from several processes serialise on the chain head: PostgreSQL locks the one
 * `mail_log_head` row (SELECT … FOR UPDATE); SQLite takes its write lock up front with
 * BEGIN IMMEDIATE, so no two appends read the same head.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from '../store/db.ts';
import type { DB } from '../store/schema.ts';
import { maskIdentityNumbers } from '../text/identity.ts';
import { scanWords } from '../text/segment.ts';
import { findSensitiveTerms } from '../text/sensitive.ts';
import { GENESIS_HASH, rowHash, type MailLogRecord } from './chain.ts';

/** `classified` and `registered` (issue 18): a person decided the record status, a registrar registered it into a case. */
export type MailLogEvent = 'received' | 'refused' | 'accepted' | 'held' | 'released' | 'delivered' | 'deferred' | 'failed' | 'cancelled' | 'classified' | 'registered';

export interface MailLogEntry {
  at: Date;
  event: MailLogEvent;
  /** One per message (issue 17): from outside in, leaving out, or between own addresses. */
  direction: 'in' | 'out' | 'internal';
  channel: 'email' | 'digitalpost';
  /** Envelope sender (MAIL FROM) or the sending system for Digital Post. */
  sender: string;
  recipients: string[];
  /** E-mail subject or the Digital Post letter's label. */
  subject: string;
  messageId?: string | null;
  size: number;
  /** The decision in a word or two, e.g. "pass", "hold", "refuse: no-identity-number-in-subject". */
  verdict: string;
  releaseAt?: Date | null;
  /** Delivery result, e.g. "250 2.0.0 queued as 4F1C2". */
  result?: string | null;
  queueId?: string | null;
  /** Planned for public-record classification (BK-18), case registration (BK-20) and retention. */
  recordClass?: string | null;
  caseNumber?: string | null;
  retentionClass?: string | null;
}

export interface MailLogRow extends Required<MailLogEntry> {
  seq: number;
  hash: string;
  prevHash: string;
}

export interface MailLogQuery {
  /** An address: rows where it is the sender or a recipient. */
  mailbox?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

/** Mask identity numbers: the log is public even when the mail is not (BK-28). */
export function publicText(text: string): string {
  return maskIdentityNumbers(text);
}

/** What stands for a masked sensitive term: no hint of which category it was. */
export const MASKED_TERM = '***';

/**
 * A subject or reply as the public log shows it: identity numbers masked, and terms that reveal
 * sensitive personal data (health, social-services measures, …; `text/sensitive`) replaced,
 * whether the message was refused for them or got through.
 */
export function publicSubject(text: string): string {
  const masked = publicText(text);
  const terms = findSensitiveTerms({ text: masked, table: scanWords(masked) });
  let out = '';
  let at = 0;
  for (const term of terms) {
    out += masked.slice(at, term.start) + MASKED_TERM;
    at = term.end;
  }
  return out + masked.slice(at);
}

function normaliseMailbox(address: string): string {
  return publicText(address.trim().toLowerCase());
}

function toRecord(entry: MailLogEntry, seq: number, prevHash: string): Omit<MailLogRecord, 'hash'> {
  const sender = publicText(entry.sender);
  const recipients = entry.recipients.map(publicText);
  const mailboxes = [...new Set([sender, ...recipients].map(normaliseMailbox))];
  return {
    seq,
    at: entry.at.getTime(),
    event: entry.event,
    direction: entry.direction,
    channel: entry.channel,
    sender,
    recipients: JSON.stringify(recipients),
    mailboxes: ` ${mailboxes.join(' ')} `,
    subject: publicSubject(entry.subject),
    message_id: entry.messageId ? publicText(entry.messageId) : null,
    size: entry.size,
    verdict: entry.verdict,
    release_at: entry.releaseAt ? entry.releaseAt.getTime() : null,
    result: entry.result ? publicSubject(entry.result) : null,
    queue_id: entry.queueId ?? null,
    record_class: entry.recordClass ?? null,
    case_number: entry.caseNumber ?? null,
    retention_class: entry.retentionClass ?? null,
    prev_hash: prevHash,
  };
}

function fromRecord(r: MailLogRecord): MailLogRow {
  return {
    seq: r.seq,
    at: new Date(r.at),
    event: r.event as MailLogEvent,
    direction: r.direction as MailLogRow['direction'],
    channel: r.channel as MailLogRow['channel'],
    sender: r.sender,
    recipients: JSON.parse(r.recipients) as string[],
    subject: r.subject,
    messageId: r.message_id,
    size: r.size,
    verdict: r.verdict,
    releaseAt: r.release_at === null ? null : new Date(r.release_at),
    result: r.result,
    queueId: r.queue_id,
    recordClass: r.record_class,
    caseNumber: r.case_number,
    retentionClass: r.retention_class,
    hash: r.hash,
    prevHash: r.prev_hash,
  };
}

/** SQLite's limit of bound variables allows about 1,600 rows of 20 columns per INSERT. */
const INSERT_CHUNK = 500;

async function appendHeld(trx: Kysely<DB>, entries: MailLogEntry[], lockHead: boolean): Promise<MailLogRow[]> {
  const headQuery = trx.selectFrom('mail_log_head').select(['seq', 'hash']).where('id', '=', 1);
  const head = await (lockHead ? headQuery.forUpdate() : headQuery).executeTakeFirstOrThrow();
  let seq = Number(head.seq);
  let prev = head.hash;
  const records: MailLogRecord[] = entries.map((entry) => {
    seq += 1;
    const base = toRecord(entry, seq, prev);
    prev = rowHash(base);
    return { ...base, hash: prev };
  });
  for (let i = 0; i < records.length; i += INSERT_CHUNK) {
    await trx.insertInto('mail_log').values(records.slice(i, i + INSERT_CHUNK)).execute();
  }
  await trx.updateTable('mail_log_head').set({ seq, hash: prev }).where('id', '=', 1).execute();
  return records.map(fromRecord);
}

/**
 * Append one or more events, in order, atomically. Inside a caller's transaction the rows commit
 * with it (e.g. together with the queue change they record); on SQLite that transaction must
 * already hold the write lock (it has written, or began IMMEDIATE), else another process may
 * append between our read of the head and our insert and the commit fails with SQLITE_BUSY.
 */
export async function appendMailLog(db: Kysely<DB> | Transaction<DB>, entries: MailLogEntry | MailLogEntry[]): Promise<MailLogRow[]> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return [];
  const postgres = dialectOf(db as unknown as Kysely<unknown>) === 'postgres';
  if (db.isTransaction) return appendHeld(db, list, postgres);
  if (postgres) return db.transaction().execute((trx) => appendHeld(trx, list, true));
  // SQLite: one connection per process (Kysely queues callers), BEGIN IMMEDIATE across processes.
  return db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    try {
      const rows = await appendHeld(conn, list, false);
      await sql`COMMIT`.execute(conn);
      return rows;
    } catch (err) {
      await sql`ROLLBACK`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const PAGE = 1_000;

/** Rows matching the query in chain order, `limit` at most. */
export async function readMailLog(db: Kysely<DB>, query: MailLogQuery = {}, limit = Number.POSITIVE_INFINITY): Promise<MailLogRow[]> {
  const out: MailLogRow[] = [];
  let after = 0;
  while (out.length < limit) {
    let q = db.selectFrom('mail_log').selectAll().where('seq', '>', after);
    if (query.from) q = q.where('at', '>=', query.from.getTime());
    if (query.to) q = q.where('at', '<', query.to.getTime());
    if (query.mailbox) {
      const pattern = `% ${escapeLike(normaliseMailbox(query.mailbox))} %`;
      q = q.where(sql<boolean>`mailboxes LIKE ${pattern} ESCAPE '\\'`);
    }
    const page = await q.orderBy('seq').limit(Math.min(PAGE, limit - out.length)).execute();
    out.push(...page.map(fromRecord));
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.seq;
  }
  return out;
}

export type MailLogBreakReason =
  /** The row's content does not match its own hash. */
  | 'edited'
  /** Content and link both broken: the row was moved here from elsewhere in the chain. */
  | 'moved'
  /** The row is intact but does not follow the row before it: rows were deleted or inserted. */
  | 'unlinked'
  /** Sequence numbers jump: the rows in between were deleted. */
  | 'missing'
  /** The chain head records more rows than the table holds: the newest rows were deleted. */
  | 'truncated';

export interface MailLogBreak {
  /** The first row (position) where the chain fails. */
  seq: number;
  reason: MailLogBreakReason;
}

export interface MailLogVerification {
  ok: boolean;
  /** Rows verified before the break (all rows when ok). */
  rows: number;
  /** The last good hash; publish it elsewhere to anchor the chain. */
  headHash: string;
  broken?: MailLogBreak;
}

/** Walk the whole chain in order and report the first row where it fails, and why. */
export async function verifyMailLog(db: Kysely<DB>): Promise<MailLogVerification> {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  const fail = (seq: number, reason: MailLogBreakReason): MailLogVerification => ({
    ok: false,
    rows: expectedSeq - 1,
    headHash: prev,
    broken: { seq, reason },
  });
  for (;;) {
    const page = await db.selectFrom('mail_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(PAGE).execute();
    for (const record of page) {
      const seq = Number(record.seq);
      if (seq !== expectedSeq) return fail(expectedSeq, 'missing');
      const { hash, ...content } = record;
      const intact = rowHash({ ...content, seq }) === hash;
      const linked = record.prev_hash === prev;
      if (!intact) return fail(seq, linked ? 'edited' : 'moved');
      if (!linked) return fail(seq, 'unlinked');
      prev = hash;
      expectedSeq += 1;
    }
    if (page.length < PAGE) break;
  }
  const head = await db.selectFrom('mail_log_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (head && (Number(head.seq) !== expectedSeq - 1 || head.hash !== prev)) return fail(expectedSeq, 'truncated');
  return { ok: true, rows: expectedSeq - 1, headHash: prev };
}
