/**
 * Items waiting for an answer (BK-14): opened in the transaction that spools a received mail,
 * closed in the transaction that spools the outgoing answer, listed for the CLI and the web page.
 * An answer is a mail from the mailbox, or from one who answers for it (owner or member), that
 * refers to the received mail (In-Reply-To or References), or that continues its thread: the same
 * subject without reply prefixes, to the correspondent. An acknowledgement naming a contact person
 * (`data/answers.json`) stops the first clock and starts one of its own; the item stays open
 * until the answer.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../store/schema.ts';
import type { WorkingCalendar } from '../calendar/types.ts';
import type { Message } from '../message/types.ts';
import { publicText } from '../maillog/index.ts';
import type { WaitingState } from './tables.ts';
import type { Mailbox, Mailboxes } from './mailboxes.ts';
import { answerClock } from './clock.ts';
import rules from './data/answers.json' with { type: 'json' };

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
  /** The received mail's Message-ID, which an answer refers to. */
  messageId: string | null;
  receivedAt: Date;
  dueAt: Date;
  /** `overdue`: still open (waiting or acknowledged) after its due time. */
  state: WaitingState | 'overdue';
  acknowledgedAt?: Date;
  contact?: string;
  answeredAt?: Date;
}

/** An accepted outgoing mail as far as answering goes. */
export interface Answer {
  originId: string;
  /** Who wrote it: the From address and the envelope sender. */
  authors: string[];
  /** Message-IDs it refers to (In-Reply-To and References). */
  refersTo: string[];
  /** Whom it is addressed to (To, Cc and the envelope): the correspondents it may answer. */
  recipients: string[];
  /** Its subject as a thread (see `threadOf`). */
  thread: string;
  /** Set when it acknowledges receipt and names a contact person (BK-14). */
  acknowledgement?: { contact: string };
}

const PREFIX = new RegExp(`^(?:(?:${rules.replyPrefixes.join('|')})(?:\\[\\d+\\])?\\s*:\\s*)+`, 'i');

/**
 * A subject as a thread: masked as the items keep it (identity numbers), reply prefixes stripped,
 * spaces folded, lower-cased. Empty for a subject that is only prefixes, which joins no thread.
 */
export function threadOf(subject: string): string {
  return publicText(subject).trim().replace(PREFIX, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The Message-IDs an outgoing mail refers to, as `<id>` tokens. */
export function referredIds(message: { inReplyTo?: string; references: string[] }): string[] {
  const ids = [...(message.inReplyTo?.match(/<[^<>\s]+>/g) ?? []), ...message.references];
  return [...new Set(ids)];
}

type AnswerMessage = Pick<Message, 'subject' | 'references' | 'to' | 'cc' | 'headers'> &
  Partial<Pick<Message, 'from' | 'inReplyTo'>> & { body?: Pick<Message['body'], 'text' | 'segments'> };

/** The text a writer wrote this time: new text and signature, not quoted history. */
function ownText(body: AnswerMessage['body']): string {
  if (!body) return '';
  const own = body.segments.filter((s) => s.kind === 'new' || s.kind === 'signature');
  return own.length ? own.map((s) => body.text.slice(s.start, s.end)).join('\n') : body.text;
}

function headerOf(message: AnswerMessage, name: string): string | undefined {
  const lower = name.toLowerCase();
  return message.headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

/** BK-14: does this mail acknowledge receipt and name a contact person? Marked by header, or by phrases of one language. */
export function acknowledgementOf(message: AnswerMessage): { contact: string } | undefined {
  const ack = rules.acknowledgement;
  const original = ownText(message.body);
  // Lower-casing keeps Danish and Swedish text the same length, so offsets carry over and the name keeps its case.
  const text = original.toLowerCase();
  const contactAfter = (phrases: string[]): string | undefined => {
    for (const phrase of phrases) {
      const at = text.indexOf(phrase);
      if (at === -1) continue;
      const line = original.slice(at + phrase.length).split(/\r?\n/)[0]!.replace(/[.,;](\s.*)?$/, '').trim();
      if (line) return line.slice(0, 120);
    }
    return undefined;
  };
  const marked = headerOf(message, ack.header)?.trim().toLowerCase() === ack.value;
  if (marked) {
    const named = headerOf(message, ack.contactHeader)?.trim() || contactAfter(Object.values(ack.contact).flat());
    return { contact: (named ?? message.from?.address ?? '').slice(0, 120) };
  }
  for (const lang of Object.keys(ack.receipt) as Array<keyof typeof ack.receipt>) {
    if (!ack.receipt[lang].some((p) => text.includes(p))) continue;
    const contact = contactAfter(ack.contact[lang]);
    if (contact) return { contact };
  }
  return undefined;
}

/** The answer an accepted outgoing mail may be. */
export function answerOf(originId: string, envelopeFrom: string, message: AnswerMessage, envelopeTo: string[] = []): Answer {
  const acknowledgement = acknowledgementOf(message);
  return {
    originId,
    authors: [message.from?.address ?? '', envelopeFrom].filter((a) => a !== ''),
    refersTo: referredIds(message),
    recipients: [...new Set([...message.to, ...message.cc].map((a) => a.address).concat(envelopeTo).map((a) => a.toLowerCase()))],
    thread: threadOf(message.subject),
    ...(acknowledgement ? { acknowledgement } : {}),
  };
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
        acknowledged_at: null,
        contact: null,
      })),
    )
    .execute();
  await trx
    .insertInto('inbound_waiting_events')
    .values(items.map((w) => ({ waiting_id: w.id, at: at.getTime(), kind: 'opened', actor: null, data: null })))
    .execute();
}

/** What an acknowledgement's own clock needs: the calendar and each mailbox's working days (BK-14). */
export interface AnswerClocks {
  calendar: WorkingCalendar;
  acknowledgedAnswerDays(mailbox: Mailbox): number;
}

const OPEN: WaitingState[] = ['waiting', 'acknowledged'];

interface Match {
  answer: Answer;
  author: string;
  by: 'reference' | 'thread';
}

/** Answer, or acknowledge, the open items these outgoing mails answer; returns how many items changed. */
export async function closeAnswered(trx: Transaction<DB>, answers: Answer[], mailboxes: Mailboxes, at: Date, clocks: AnswerClocks): Promise<number> {
  const refs = [...new Set(answers.flatMap((a) => a.refersTo))];
  const correspondents = [...new Set(answers.filter((a) => a.thread !== '').flatMap((a) => a.recipients))];
  if (refs.length === 0 && correspondents.length === 0) return 0;
  const open = await trx
    .selectFrom('inbound_waiting')
    .select(['id', 'mailbox', 'message_id', 'correspondent', 'subject', 'state', 'due_at'])
    .where('state', 'in', OPEN)
    .where((eb) =>
      eb.or([
        ...(refs.length ? [eb('message_id', 'in', refs)] : []),
        ...(correspondents.length ? [eb('correspondent', 'in', correspondents)] : []),
      ]),
    )
    .execute();
  let changed = 0;
  for (const item of open) {
    const mailbox = mailboxes.lookup(item.mailbox);
    if (!mailbox) continue;
    const matches: Match[] = [];
    for (const answer of answers) {
      const author = answer.authors.find((p) => mailboxes.answersFor(mailbox, p));
      if (!author) continue;
      if (item.message_id !== null && answer.refersTo.includes(item.message_id)) matches.push({ answer, author, by: 'reference' });
      else if (answer.thread !== '' && answer.recipients.includes(item.correspondent) && answer.thread === threadOf(item.subject)) {
        matches.push({ answer, author, by: 'thread' });
      }
    }
    const answered = matches.find((m) => !m.answer.acknowledgement);
    const acknowledged = item.state === 'waiting' ? matches.find((m) => m.answer.acknowledgement) : undefined;
    const event = (m: Match, kind: string, data: Record<string, unknown>) =>
      trx
        .insertInto('inbound_waiting_events')
        .values({ waiting_id: item.id, at: at.getTime(), kind, actor: m.author.toLowerCase(), data: JSON.stringify({ answer: m.answer.originId, by: m.by, ...data }) })
        .execute();
    if (answered) {
      await trx
        .updateTable('inbound_waiting')
        .set({ state: 'answered', answered_at: at.getTime(), answered_by: answered.answer.originId, updated_at: at.getTime() })
        .where('id', '=', item.id)
        .where('state', 'in', OPEN)
        .execute();
      await event(answered, 'answered', {});
      changed += 1;
    } else if (acknowledged) {
      // BK-14: the first clock is met; the answer itself is now due after the mailbox's own days.
      const { dueAt } = answerClock(clocks.calendar, at, clocks.acknowledgedAnswerDays(mailbox));
      const contact = acknowledged.answer.acknowledgement!.contact;
      await trx
        .updateTable('inbound_waiting')
        .set({ state: 'acknowledged', acknowledged_at: at.getTime(), contact, due_at: dueAt.getTime(), updated_at: at.getTime() })
        .where('id', '=', item.id)
        .where('state', '=', 'waiting')
        .execute();
      await event(acknowledged, 'acknowledged', { contact, firstDue: Number(item.due_at), due: dueAt.getTime() });
      changed += 1;
    }
  }
  return changed;
}

export interface WaitingQuery {
  id?: string;
  mailbox?: string;
  state?: WaitingItem['state'];
  /** Only items of these units (a case worker's page). */
  units?: string[];
  /** Only items of these mailboxes (the contact centre's official addresses). */
  mailboxes?: string[];
  /** Only open items (waiting, acknowledged, overdue). */
  open?: boolean;
  limit?: number;
}

export async function listWaiting(db: Kysely<DB>, query: WaitingQuery, now: Date): Promise<WaitingItem[]> {
  let q = db.selectFrom('inbound_waiting').selectAll().orderBy('due_at').orderBy('id');
  if (query.id) q = q.where('id', '=', query.id);
  if (query.mailbox) q = q.where('mailbox', '=', query.mailbox.toLowerCase());
  if (query.units) q = query.units.length ? q.where('unit', 'in', query.units) : q.where('id', 'is', null);
  if (query.mailboxes) q = query.mailboxes.length ? q.where('mailbox', 'in', query.mailboxes) : q.where('id', 'is', null);
  if (query.open) q = q.where('state', 'in', OPEN);
  if (query.state === 'answered') q = q.where('state', '=', 'answered');
  else if (query.state === 'waiting' || query.state === 'acknowledged') q = q.where('state', '=', query.state).where('due_at', '>', now.getTime());
  else if (query.state === 'overdue') q = q.where('state', 'in', OPEN).where('due_at', '<=', now.getTime());
  if (query.limit) q = q.limit(query.limit);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    mailbox: r.mailbox,
    unit: r.unit,
    from: r.correspondent,
    subject: r.subject,
    messageId: r.message_id,
    receivedAt: new Date(Number(r.received_at)),
    dueAt: new Date(Number(r.due_at)),
    state: r.state !== 'answered' && Number(r.due_at) <= now.getTime() ? 'overdue' : r.state,
    ...(r.acknowledged_at !== null ? { acknowledgedAt: new Date(Number(r.acknowledged_at)) } : {}),
    ...(r.contact !== null ? { contact: r.contact } : {}),
    ...(r.answered_at !== null ? { answeredAt: new Date(Number(r.answered_at)) } : {}),
  }));
}

/** States of an item still waiting for its answer (an acknowledged one too, BK-14). */
const OPEN_STATES: WaitingState[] = ['waiting', 'acknowledged'];

/**
 * Hand the open items of one mailbox to another with their due times unchanged (BK-21: a
 * substitute takes over an absent person's waiting mail); each move is an event of the item.
 */
export async function reassignWaiting(trx: Transaction<DB>, from: string, to: string, why: Record<string, unknown>, at: Date): Promise<number> {
  const open = await trx.selectFrom('inbound_waiting').select('id').where('mailbox', '=', from).where('state', 'in', OPEN_STATES).execute();
  if (open.length === 0) return 0;
  const ids = open.map((o) => o.id);
  await trx.updateTable('inbound_waiting').set({ mailbox: to, updated_at: at.getTime() }).where('id', 'in', ids).where('state', 'in', OPEN_STATES).execute();
  await trx
    .insertInto('inbound_waiting_events')
    .values(ids.map((id) => ({ waiting_id: id, at: at.getTime(), kind: 'moved', actor: null, data: JSON.stringify({ from, to, ...why }) })))
    .execute();
  return ids.length;
}

/** One item by id, or undefined. */
export async function getWaiting(db: Kysely<DB>, id: string, now: Date): Promise<WaitingItem | undefined> {
  return (await listWaiting(db, { id }, now))[0];
}

/** The clocks as configured: a mailbox's own acknowledged-answer days, else `inbound.acknowledgedAnswerDays`. */
export function answerClocks(calendar: WorkingCalendar, inbound: { acknowledgedAnswerDays: number }): AnswerClocks {
  return { calendar, acknowledgedAnswerDays: (mailbox) => mailbox.acknowledgedAnswerDays ?? inbound.acknowledgedAnswerDays };
}
