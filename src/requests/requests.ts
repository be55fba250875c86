/**
 * The request workflow (issue 19): a request for public documents from arrival to release, every
 * step an audit row in `request_events` (BK-23). Deadlines come from `deadlines.ts`; masks carry a
 * ground (BK-24, BK-25); release in a secrecy-first unit is blocked while an identifier of the
 * person remains, unless a lawyer overrides with a reason (BK-26).
 */
import type { Kysely, Transaction } from 'kysely';
import type { WorkingCalendar } from '../calendar/types.ts';
import { CatalogError } from '../i18n/catalog-error.ts';
import type { Params } from '../i18n/catalog.ts';
import type { DB } from '../store/schema.ts';
import type { RequestsConfig } from './config.ts';
import { appealUntil, escalationDeadline, requestDeadline } from './deadlines.ts';
import { loadLogDocument, loadMessageDocument, type RequestDocument } from './documents.ts';
import { remainingIdentifiers, type OwnAddress, type Span } from './identifiers.ts';
import { messages, type RequestMessage } from './messages.ts';
import type { RequestKind, RequestOutcome, RequestState, RequestTables } from './tables.ts';

/** A request that cannot be done as asked; nothing changed. */
export class RequestError extends CatalogError<RequestMessage> {
  constructor(code: Extract<RequestMessage, `error.${string}`>, params: Params = {}) {
    super(messages, code, params);
  }
}

type Row = RequestTables['requests'];

export interface Actor {
  name: string;
  /** holder, registrar, lawyer, operator. */
  role: string;
}

export interface RequestContext {
  db: Kysely<DB>;
  calendar: WorkingCalendar;
  config: RequestsConfig;
  /** The municipality's own addresses: their people act in office, they are not "the person" (BK-26). */
  isOwn: OwnAddress;
  /** Whether a ground id is in the catalogue (BK-24). */
  grounds: { has(id: string): boolean; ids(): string[] };
}

export interface NewRequest {
  receivedAt: Date;
  channel: string;
  requester?: string;
  replyTo?: string;
  lang: string;
  unit?: string;
  description: string;
  items?: string[];
  log?: { mailbox: string; from: Date; to: Date };
  secrecyReview?: boolean;
  sourceInboundId?: string;
  assignee?: string;
}

export interface RequestSummary {
  id: string;
  receivedAt: Date;
  dueAt: Date;
  state: RequestState;
  items: string[];
  anonymous: boolean;
  unit: string | null;
}

export interface Mask extends Span {
  id: number;
  document: string;
  part: string;
  ground: string;
  actor: string;
  at: Date;
}

export interface RequestEvent {
  at: Date;
  kind: string;
  actor: string | null;
  data: Record<string, unknown> | null;
}

export interface RequestDetail extends RequestSummary {
  channel: string;
  requester: string | null;
  replyTo: string | null;
  lang: string;
  kind: RequestKind;
  description: string;
  assignee: string | null;
  secrecyReview: boolean;
  reviewDueAt: Date | null;
  expectedAt: Date | null;
  log: { mailbox: string; from: Date; to: Date } | null;
  outcome: RequestOutcome | null;
  decidedAt: Date | null;
  appealUntil: Date | null;
  overrideReason: string | null;
  writtenDecisionAskedAt: Date | null;
  masks: Mask[];
  events: RequestEvent[];
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(Number(ms)));

async function audit(trx: Kysely<DB> | Transaction<DB>, id: string, at: Date, kind: string, actor: Actor | null, data?: Record<string, unknown>): Promise<void> {
  await trx
    .insertInto('request_events')
    .values({ request_id: id, at: at.getTime(), kind, actor: actor ? `${actor.name} (${actor.role})` : null, data: data ? JSON.stringify(data) : null })
    .execute();
}

async function nextId(trx: Transaction<DB>, at: Date, calendar: WorkingCalendar): Promise<string> {
  const year = calendar.formatLocal(at).slice(0, 4);
  const prefix = `R-${year}-`;
  const last = await trx.selectFrom('requests').select('id').where('id', 'like', `${prefix}%`).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const n = last ? Number(last.id.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(n).padStart(4, '0')}`;
}

export async function addRequest(ctx: RequestContext, input: NewRequest, actor: Actor, now: Date): Promise<RequestDetail> {
  const items = [...new Set(input.items ?? [])];
  if (items.length === 0 && !input.log) throw new RequestError('error.nothingAsked');
  for (const item of items) {
    const found = await ctx.db.selectFrom('queue_bodies').select('item_id').where('item_id', '=', item).executeTakeFirst();
    if (!found) throw new RequestError('error.noItem', { item });
  }
  const deadline = requestDeadline(ctx.calendar, ctx.config, input.receivedAt, input.secrecyReview ?? false);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await nextId(trx, input.receivedAt, ctx.calendar);
    await trx
      .insertInto('requests')
      .values({
        id,
        received_at: input.receivedAt.getTime(),
        channel: input.channel,
        requester: input.requester ?? null,
        reply_to: input.replyTo ?? null,
        lang: input.lang,
        unit: input.unit ?? null,
        kind: input.log ? 'log' : 'messages',
        description: input.description,
        state: input.assignee ? 'in-review' : 'open',
        assignee: input.assignee ?? null,
        due_at: deadline.dueAt.getTime(),
        secrecy_review: deadline.secrecyReview ? 1 : 0,
        review_due_at: null,
        expected_at: null,
        log_mailbox: input.log?.mailbox.toLowerCase() ?? null,
        log_from: input.log?.from.getTime() ?? null,
        log_to: input.log?.to.getTime() ?? null,
        outcome: null,
        decided_at: null,
        appeal_until: null,
        override_reason: null,
        written_decision_asked_at: null,
        source_inbound_id: input.sourceInboundId ?? null,
        warned_for: null,
        updated_at: now.getTime(),
      })
      .execute();
    if (items.length > 0) await trx.insertInto('request_items').values(items.map((queue_id) => ({ request_id: id, queue_id }))).execute();
    await audit(trx, id, now, 'received', actor, { channel: input.channel, items: items.length, due: deadline.dueAt.toISOString(), ...(input.assignee ? { assignee: input.assignee } : {}) });
    return id;
  });
  return getRequest(ctx.db, id);
}

async function row(db: Kysely<DB>, id: string): Promise<Row> {
  const r = await db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new RequestError('error.notFound', { id });
  return r;
}

async function itemsOf(db: Kysely<DB>, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('request_items').select(['request_id', 'queue_id']).where('request_id', 'in', ids).orderBy('queue_id').execute();
  for (const r of rows) out.get(r.request_id)!.push(r.queue_id);
  return out;
}

function summary(r: Row, items: string[]): RequestSummary {
  return { id: r.id, receivedAt: new Date(Number(r.received_at)), dueAt: new Date(Number(r.due_at)), state: r.state, items, anonymous: r.requester === null, unit: r.unit };
}

export async function listRequests(db: Kysely<DB>, filter: { state?: RequestState } = {}): Promise<RequestSummary[]> {
  let q = db.selectFrom('requests').selectAll().orderBy('due_at').orderBy('id');
  if (filter.state) q = q.where('state', '=', filter.state);
  const rows = await q.execute();
  const items = await itemsOf(db, rows.map((r) => r.id));
  return rows.map((r) => summary(r, items.get(r.id)!));
}

export async function getRequest(db: Kysely<DB>, id: string): Promise<RequestDetail> {
  const r = await row(db, id);
  const items = (await itemsOf(db, [id])).get(id)!;
  const masks = await db.selectFrom('request_masks').selectAll().where('request_id', '=', id).orderBy('id').execute();
  const events = await db.selectFrom('request_events').selectAll().where('request_id', '=', id).orderBy('id').execute();
  return {
    ...summary(r, items),
    channel: r.channel,
    requester: r.requester,
    replyTo: r.reply_to,
    lang: r.lang,
    kind: r.kind,
    description: r.description,
    assignee: r.assignee,
    secrecyReview: r.secrecy_review === 1,
    reviewDueAt: date(r.review_due_at),
    expectedAt: date(r.expected_at),
    log: r.log_mailbox ? { mailbox: r.log_mailbox, from: new Date(Number(r.log_from)), to: new Date(Number(r.log_to)) } : null,
    outcome: r.outcome,
    decidedAt: date(r.decided_at),
    appealUntil: date(r.appeal_until),
    overrideReason: r.override_reason,
    writtenDecisionAskedAt: date(r.written_decision_asked_at),
    masks: masks.map((m) => ({ id: Number(m.id), document: m.document, part: m.part, start: m.start, end: m.end, ground: m.ground, actor: m.actor, at: new Date(Number(m.at)) })),
    events: events.map((e) => ({ at: new Date(Number(e.at)), kind: e.kind, actor: e.actor, data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null })),
  };
}

/** Change a request under a state condition and audit it, in one transaction. */
async function step(
  ctx: RequestContext,
  id: string,
  allowed: RequestState[],
  action: string,
  set: Partial<Row>,
  event: { kind: string; actor: Actor; at: Date; data?: Record<string, unknown> },
): Promise<void> {
  const current = await row(ctx.db, id);
  if (!allowed.includes(current.state)) throw new RequestError('error.badState', { id, state: current.state, action });
  await ctx.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('requests')
      .set({ ...set, updated_at: event.at.getTime() })
      .where('id', '=', id)
      .where('state', 'in', allowed)
      .executeTakeFirst();
    // Another reviewer moved it in between: say so rather than write over their step.
    if (Number(done.numUpdatedRows) === 0) throw new RequestError('error.badState', { id, state: current.state, action });
    await audit(trx, id, event.at, event.kind, event.actor, event.data);
  });
}

const OPEN: RequestState[] = ['open', 'in-review', 'escalated'];

/** The holder of the documents judges first (BK-23). */
export async function assignRequest(ctx: RequestContext, id: string, assignee: string, actor: Actor, now: Date): Promise<void> {
  await step(ctx, id, OPEN, 'assign', { assignee, state: 'in-review' }, { kind: 'assigned', actor, at: now, data: { assignee } });
}

/** In doubt, to the registrar or lawyer, with its own deadline (BK-23). */
export async function escalateRequest(ctx: RequestContext, id: string, to: string, reason: string, actor: Actor, now: Date): Promise<Date> {
  const due = escalationDeadline(ctx.calendar, ctx.config, now);
  await step(ctx, id, ['open', 'in-review', 'escalated'], 'escalate', { assignee: to, state: 'escalated', review_due_at: due.getTime() }, {
    kind: 'escalated',
    actor,
    at: now,
    data: { to, reason, reviewDue: due.toISOString() },
  });
  return due;
}

/** DK (offentlighedsloven § 36): past the 7 working days, the requester is told why and when. */
export async function recordDelayNotice(ctx: RequestContext, id: string, expectedAt: Date, reason: string, actor: Actor, now: Date): Promise<void> {
  if (ctx.calendar.country !== 'DK') throw new RequestError('error.delayNotDenmark', { country: ctx.calendar.country });
  await step(ctx, id, OPEN, 'delay notice', { expected_at: expectedAt.getTime(), due_at: expectedAt.getTime() }, {
    kind: 'delay-notice',
    actor,
    at: now,
    data: { reason, expected: expectedAt.toISOString() },
  });
}

/** The documents of a request as text parts (stored messages, and the log extract for BK-29). */
export async function requestDocuments(ctx: RequestContext, request: RequestDetail): Promise<RequestDocument[]> {
  const docs: RequestDocument[] = [];
  for (const item of request.items) {
    const doc = await loadMessageDocument(ctx.db, item);
    if (doc) docs.push(doc);
  }
  if (request.log) docs.push(await loadLogDocument(ctx.db, request.log, ctx.calendar.timeZone));
  return docs;
}

export interface NewMask extends Span {
  document: string;
  part: string;
  ground: string;
}

/** A reviewer masks a span with its ground (BK-25). */
export async function addMasks(ctx: RequestContext, id: string, masks: NewMask[], actor: Actor, now: Date): Promise<void> {
  const request = await getRequest(ctx.db, id);
  if (!OPEN.includes(request.state) && request.state !== 'decided') throw new RequestError('error.badState', { id, state: request.state, action: 'mask' });
  const docs = await requestDocuments(ctx, request);
  for (const m of masks) {
    if (!ctx.grounds.has(m.ground)) throw new RequestError('error.unknownGround', { ground: m.ground, known: ctx.grounds.ids().join(', ') });
    const text = docs.find((d) => d.id === m.document)?.parts.find((p) => p.part === m.part)?.text;
    if (text === undefined || !(m.start >= 0 && m.start < m.end && m.end <= text.length)) {
      throw new RequestError('error.badSpan', { start: m.start, end: m.end, document: m.document, part: m.part });
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('request_masks')
      .values(masks.map((m) => ({ request_id: id, document: m.document, part: m.part, start: m.start, end: m.end, ground: m.ground, actor: actor.name, at: now.getTime() })))
      .execute();
    await audit(trx, id, now, 'masked', actor, { masks: masks.map((m) => ({ document: m.document, part: m.part, start: m.start, end: m.end, ground: m.ground })) });
  });
}

export function masksOf(request: Pick<RequestDetail, 'masks'>): (document: string, part: string) => Span[] {
  return (document, part) => request.masks.filter((m) => m.document === document && m.part === part);
}

/** Suggestions not yet covered by a mask (a reviewer is not asked twice, nor the trail filled twice). */
export function unmasked<T extends Span & { document: string; part: string }>(request: Pick<RequestDetail, 'masks'>, suggestions: T[]): T[] {
  const spans = masksOf(request);
  return suggestions.filter((s) => !spans(s.document, s.part).some((m) => m.start <= s.start && m.end >= s.end));
}

/** BK-26: what a release would still show that identifies the person, when the unit is secrecy-first. */
export async function secrecyFirstBlock(ctx: RequestContext, request: RequestDetail): Promise<string[]> {
  if (!request.unit || !ctx.config.secrecyFirstUnits.includes(request.unit) || request.overrideReason !== null) return [];
  return remainingIdentifiers(await requestDocuments(ctx, request), masksOf(request), ctx.isOwn);
}

async function refuseIfBlocked(ctx: RequestContext, request: RequestDetail): Promise<void> {
  const left = await secrecyFirstBlock(ctx, request);
  if (left.length > 0) throw new RequestError('error.secrecyFirst', { unit: request.unit!, count: left.length });
}

/** A lawyer releases although an identifier remains, and says why (BK-26). */
export async function overrideSecrecyFirst(ctx: RequestContext, id: string, reason: string, actor: Actor, now: Date): Promise<void> {
  if (actor.role !== 'lawyer') throw new RequestError('error.overrideNeedsLawyer');
  await step(ctx, id, [...OPEN, 'decided'], 'override', { override_reason: reason }, { kind: 'secrecy-first-override', actor, at: now, data: { reason } });
}

/**
 * The decision (BK-23, BK-24): release, partial release or refusal. A release or partial release
 * in a secrecy-first unit must pass BK-26 first. The documents stay on legal hold through the
 * appeal period.
 */
export async function decideRequest(ctx: RequestContext, id: string, outcome: RequestOutcome, actor: Actor, now: Date): Promise<RequestDetail> {
  const request = await getRequest(ctx.db, id);
  if (outcome !== 'refusal') await refuseIfBlocked(ctx, request);
  const until = appealUntil(ctx.calendar, ctx.config, now);
  const grounds = [...new Set(request.masks.map((m) => m.ground))];
  await step(ctx, id, OPEN, 'decide', { state: 'decided', outcome, decided_at: now.getTime(), appeal_until: until.getTime() }, {
    kind: 'decided',
    actor,
    at: now,
    data: { outcome, grounds, appealUntil: until.toISOString() },
  });
  return getRequest(ctx.db, id);
}

/** The released copy was handed out (the PDF); BK-26 is checked again, masks may have changed. */
export async function markReleased(ctx: RequestContext, request: RequestDetail, actor: Actor, now: Date, data: Record<string, unknown>): Promise<void> {
  if (request.outcome === null) throw new RequestError('error.notDecided', { id: request.id });
  if (request.outcome === 'refusal') throw new RequestError('error.badState', { id: request.id, state: 'refusal', action: 'release' });
  await refuseIfBlocked(ctx, request);
  await step(ctx, request.id, ['decided', 'released'], 'release', { state: 'released' }, { kind: 'released', actor, at: now, data });
}

/** SE: a requester refused in part or whole asks for the authority's written, appealable decision. */
export async function askWrittenDecision(ctx: RequestContext, id: string, actor: Actor, now: Date): Promise<void> {
  if (ctx.calendar.country !== 'SE') throw new RequestError('error.notSweden', { country: ctx.calendar.country });
  const request = await getRequest(ctx.db, id);
  if (request.outcome === null) throw new RequestError('error.notDecided', { id });
  if (request.outcome === 'release') throw new RequestError('error.notRefused', { id });
  // The appeal runs from the written decision: the documents stay held through a new period.
  const until = appealUntil(ctx.calendar, ctx.config, now);
  await step(ctx, id, ['decided', 'released'], 'written decision', { written_decision_asked_at: now.getTime(), appeal_until: until.getTime() }, {
    kind: 'written-decision-asked',
    actor,
    at: now,
    data: { appealUntil: until.toISOString() },
  });
}

/** Record that the decision letter went out (its queue origin), in the audit trail. */
export async function noteLetter(ctx: RequestContext, id: string, actor: Actor, now: Date, data: Record<string, unknown>): Promise<void> {
  await ctx.db.transaction().execute((trx) => audit(trx, id, now, 'letter-sent', actor, data));
}
