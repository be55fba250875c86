/**
 * Items waiting for an answer (BK-14): opened in the transaction that spools a received mail,
 * closed in the transaction that spools the outgoing answer, listed for the CLI and later the
 * web page. An answer is a mail from the mailbox, or from one who answers for it (owner or member),
 * that refers to the received mail (In-Reply-To or References).
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../store/schema.ts';
import type { WaitingState } from './tables.ts';
import type { Mailboxes } from './mailboxes.ts';

export interface NewWaiting {
  id: string;
  mailbox: string;
  unit: string;
  correspondent: string;
  subject: string;
  messageId: string | null;
  receivedAt: Date;
  startsAt: Date;
  dueAt: Date;
}

export interface WaitingItem {
  id: string;
  mailbox: string;
  unit: string;
  from: string;
  subject: string;
  receivedAt: Date;
  dueAt: Date;
  /** `overdue`: still waiting after its due time. */
  state: WaitingState | 'overdue';
  answeredAt?: Date;
}

/** An accepted outgoing mail as far as answering goes. */
export interface Answer {
  originId: string;
  /** Who wrote it: the From address and the envelope sender. */
  authors: string[];
  /** Message-IDs it refers to (In-Reply-To and References). */
  refersTo: string[];
}

/** The Message-IDs an outgoing mail refers to, as `<id>` tokens. */
export function referredIds(message: { inReplyTo?: string; references: string[] }): string[] {
  const ids = [...(message.inReplyTo?.match(/<[^<>\s]+>/g) ?? []), ...message.references];
  return [...new Set(ids)];
}

/** The answer an accepted outgoing mail may be; undefined when it refers to nothing. */
export function answerOf(originId: string, envelopeFrom: string, message: { from?: { address: string }; inReplyTo?: string; references: string[] }): Answer | undefined {
  const refersTo = referredIds(message);
  if (refersTo.length === 0) return undefined;
  return { originId, authors: [message.from?.address ?? '', envelopeFrom].filter((a) => a !== ''), refersTo };
}

export async function openWaiting(trx: Transaction<DB>, inboundId: string, items: NewWaiting[], at: Date): Promise<void> {
  if (items.length === 0) return;
  await trx
    .insertInto('inbound_waiting')
    .values(
      items.map((w) => ({
        id: w.id,
        inbound_id: inboundId,
        message_id: w.messageId,
        mailbox: w.mailbox,
        unit: w.unit,
        correspondent: w.correspondent,
        subject: w.subject,
        received_at: w.receivedAt.getTime(),
        starts_at: w.startsAt.getTime(),
        due_at: w.dueAt.getTime(),
        state: 'waiting' as const,
        answered_at: null,
        answered_by: null,
        updated_at: at.getTime(),
      })),
    )
    .execute();
  await trx
    .insertInto('inbound_waiting_events')
    .values(items.map((w) => ({ waiting_id: w.id, at: at.getTime(), kind: 'opened', actor: null, data: null })))
    .execute();
}

/** Close the open items these outgoing mails answer; returns how many were closed. */
export async function closeAnswered(trx: Transaction<DB>, answers: Answer[], mailboxes: Mailboxes, at: Date): Promise<number> {
  const refs = [...new Set(answers.flatMap((a) => a.refersTo))];
  if (refs.length === 0) return 0;
  const open = await trx
    .selectFrom('inbound_waiting')
    .select(['id', 'mailbox', 'message_id'])
    .where('message_id', 'in', refs)
    .where('state', '=', 'waiting')
    .execute();
  let closed = 0;
  for (const item of open) {
    const mailbox = mailboxes.lookup(item.mailbox);
    if (!mailbox) continue;
    let found: { answer: Answer; author: string } | undefined;
    for (const answer of answers) {
      const author = answer.refersTo.includes(item.message_id!) ? answer.authors.find((p) => mailboxes.answersFor(mailbox, p)) : undefined;
      if (author) found = { answer, author };
    }
    if (!found) continue;
    await trx
      .updateTable('inbound_waiting')
      .set({ state: 'answered', answered_at: at.getTime(), answered_by: found.answer.originId, updated_at: at.getTime() })
      .where('id', '=', item.id)
      .where('state', '=', 'waiting')
      .execute();
    await trx
      .insertInto('inbound_waiting_events')
      .values({ waiting_id: item.id, at: at.getTime(), kind: 'answered', actor: found.author.toLowerCase(), data: JSON.stringify({ answer: found.answer.originId }) })
      .execute();
    closed += 1;
  }
  return closed;
}

export interface WaitingQuery {
  mailbox?: string;
  state?: WaitingItem['state'];
}

export async function listWaiting(db: Kysely<DB>, query: WaitingQuery, now: Date): Promise<WaitingItem[]> {
  let q = db.selectFrom('inbound_waiting').selectAll().orderBy('due_at').orderBy('id');
  if (query.mailbox) q = q.where('mailbox', '=', query.mailbox.toLowerCase());
  if (query.state === 'answered') q = q.where('state', '=', 'answered');
  else if (query.state === 'waiting') q = q.where('state', '=', 'waiting').where('due_at', '>', now.getTime());
  else if (query.state === 'overdue') q = q.where('state', '=', 'waiting').where('due_at', '<=', now.getTime());
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    mailbox: r.mailbox,
    unit: r.unit,
    from: r.correspondent,
    subject: r.subject,
    receivedAt: new Date(Number(r.received_at)),
    dueAt: new Date(Number(r.due_at)),
    state: r.state === 'waiting' && Number(r.due_at) <= now.getTime() ? 'overdue' : r.state,
    ...(r.answered_at !== null ? { answeredAt: new Date(Number(r.answered_at)) } : {}),
  }));
}

/**
 * Hand the open items of one mailbox to another with their due times unchanged (BK-21: a
 * substitute takes over an absent person's waiting mail); each move is an event of the item.
 */
export async function reassignWaiting(trx: Transaction<DB>, from: string, to: string, why: Record<string, unknown>, at: Date): Promise<number> {
  const open = await trx.selectFrom('inbound_waiting').select('id').where('mailbox', '=', from).where('state', '=', 'waiting').execute();
  if (open.length === 0) return 0;
  const ids = open.map((o) => o.id);
  await trx.updateTable('inbound_waiting').set({ mailbox: to, updated_at: at.getTime() }).where('id', 'in', ids).where('state', '=', 'waiting').execute();
  await trx
    .insertInto('inbound_waiting_events')
    .values(ids.map((id) => ({ waiting_id: id, at: at.getTime(), kind: 'moved', actor: null, data: JSON.stringify({ from, to, ...why }) })))
    .execute();
  return ids.length;
}
