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
import type { KeyObject } from 'node:crypto';
import { GENESIS_HASH, rowHash, type MailLogRecord } from './chain.ts';
import { checkCheckpoint } from './signing.ts';

export type MailLogEvent =
  | 'received'
  | 'refused'
  | 'accepted'
  | 'held'
  | 'released'
  | 'delivered'
  | 'deferred'
  | 'failed'
  | 'cancelled'
  /** Issue 18: a person decided the record status, a registrar registered it into a case. */
  | 'classified'
  | 'registered'
  /** The message's body was purged by a retention rule (BK-30); `retentionClass` names the rule. */
  | 'purged'
  /** A signed checkpoint of the chain (`checkpoint.ts`), written by the retention run. */
  | 'checkpoint';

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

export function fromRecord(r: MailLogRecord): MailLogRow {
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

/** Builds one row once its place in the chain (seq, previous hash) is known. */
export type RecordBuilder = (seq: number, prevHash: string) => Omit<MailLogRecord, 'hash'>;

/** Append built rows after the chain head; the caller holds the head (see `withChainHead`). */
export async function appendBuilt(trx: Kysely<DB>, builders: RecordBuilder[], lockHead: boolean): Promise<MailLogRecord[]> {
  const headQuery = trx.selectFrom('mail_log_head').select(['seq', 'hash']).where('id', '=', 1);
  const head = await (lockHead ? headQuery.forUpdate() : headQuery).executeTakeFirstOrThrow();
  let seq = Number(head.seq);
  let prev = head.hash;
  const records: MailLogRecord[] = builders.map((build) => {
    seq += 1;
    const base = build(seq, prev);
    prev = rowHash(base);
    return { ...base, hash: prev };
  });
  for (let i = 0; i < records.length; i += INSERT_CHUNK) {
    await trx.insertInto('mail_log').values(records.slice(i, i + INSERT_CHUNK)).execute();
  }
  await trx.updateTable('mail_log_head').set({ seq, hash: prev }).where('id', '=', 1).execute();
  return records;
}

/**
 * Run `work` where it may append to the chain: inside a caller's transaction the rows commit
 * with it (on SQLite that transaction must already hold the write lock: it has written, or began
 * IMMEDIATE, else another process may append between our read of the head and our insert and
 * the commit fails with SQLITE_BUSY); otherwise in a transaction of its own that takes the head
 * first. `lockHead` tells `appendBuilt` whether to lock the head row (PostgreSQL).
 */
export async function withChainHead<T>(db: Kysely<DB> | Transaction<DB>, work: (trx: Kysely<DB>, lockHead: boolean) => Promise<T>): Promise<T> {
  const postgres = dialectOf(db as unknown as Kysely<unknown>) === 'postgres';
  if (db.isTransaction) return work(db, postgres);
  if (postgres) return db.transaction().execute((trx) => work(trx, true));
  // SQLite: one connection per process (Kysely queues callers), BEGIN IMMEDIATE across processes.
  return db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn);
    try {
      const result = await work(conn, false);
      await sql`COMMIT`.execute(conn);
      return result;
    } catch (err) {
      await sql`ROLLBACK`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}

/** Append one or more events, in order, atomically (with the caller's transaction, if given). */
export async function appendMailLog(db: Kysely<DB> | Transaction<DB>, entries: MailLogEntry | MailLogEntry[]): Promise<MailLogRow[]> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return [];
  const builders = list.map((entry): RecordBuilder => (seq, prev) => toRecord(entry, seq, prev));
  return (await withChainHead(db, (trx, lockHead) => appendBuilt(trx, builders, lockHead))).map(fromRecord);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const PAGE = 1_000;

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
  | 'truncated'
  /** A checkpoint's signature does not hold under the installation's key (issue 20). */
  | 'forged'
  /** A checkpoint is needed or met, but no signing key is at hand to check it. */
  | 'unverifiable';

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
  /** Set when the oldest rows were purged: the first row kept, and the checkpoint that vouches for the row before it. */
  from?: { seq: number; checkpoint: number };
  broken?: MailLogBreak;
}

/**
 * Walk the chain in order and report the first row where it fails, and why. When the oldest
 * whole periods were purged (issue 20), the walk starts at the first row kept, from the hash a
 * signed checkpoint vouches for; every checkpoint on the way must verify under `publicKey`.
 */
export async function verifyMailLog(db: Kysely<DB>, options: { publicKey?: KeyObject } = {}): Promise<MailLogVerification> {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let from: MailLogVerification['from'];
  const fail = (seq: number, reason: MailLogBreakReason): MailLogVerification => ({
    ok: false,
    rows: expectedSeq - (from?.seq ?? 1),
    headHash: prev,
    ...(from ? { from } : {}),
    broken: { seq, reason },
  });
  const first = await db.selectFrom('mail_log').select('seq').orderBy('seq').limit(1).executeTakeFirst();
  if (first && Number(first.seq) > 1) {
    const start = Number(first.seq);
    const vouching = await db.selectFrom('mail_log_checkpoints').select('seq').where('through', '=', start - 1).orderBy('seq').execute();
    let refused: MailLogBreak | undefined;
    for (const { seq } of vouching) {
      const row = await db.selectFrom('mail_log').selectAll().where('seq', '=', seq).executeTakeFirst();
      if (!row) continue;
      const check = checkCheckpoint(row, options.publicKey);
      if (check.ok) {
        expectedSeq = start;
        prev = check.throughHash;
        from = { seq: start, checkpoint: Number(seq) };
        break;
      }
      refused ??= { seq: Number(seq), reason: check.reason };
    }
    // No checkpoint vouches for the row before the oldest one: rows were deleted at the start.
    if (!from) return refused ? fail(refused.seq, refused.reason) : fail(1, 'missing');
  }
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
      // The chain protects a checkpoint met on the way like any row; its signature is checked
      // when the key is at hand (only the one verify starts from must be).
      if (record.event === 'checkpoint' && options.publicKey) {
        const check = checkCheckpoint(record, options.publicKey);
        if (!check.ok) return fail(seq, check.reason);
      }
      prev = hash;
      expectedSeq += 1;
    }
    if (page.length < PAGE) break;
  }
  const head = await db.selectFrom('mail_log_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (head && (Number(head.seq) !== expectedSeq - 1 || head.hash !== prev)) return fail(expectedSeq, 'truncated');
  return { ok: true, rows: expectedSeq - (from?.seq ?? 1), headHash: prev, ...(from ? { from } : {}) };
}
