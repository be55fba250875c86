/**
 * The web app's ports over the real modules: the durable queue, the consideration register, the
 * rule engine with the message parser. Errors the user caused become the ports' input errors;
 * everything else propagates as a fault.
 */
import { DateTime } from 'luxon';
import { createCalendar } from '../calendar/calendar.ts';
import { createMailboxes, type Mailboxes } from '../inbound/mailboxes.ts';
import { createUnits } from '../units/units.ts';
import { absenceBounds, addAbsence, getAbsence, listAbsences, removeAbsence, type Absence } from '../absence/absences.ts';
import { noticePreferences, parseDigestTimes, setNoticePreference } from '../notices/delivery.ts';
import { markDuty } from '../coverage/coverage.ts';
import { translate, type Lang } from '../i18n/catalog.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/schema.ts';
import type { PipelineResult } from '../gateway/pipeline.ts';
import { getWaiting, listWaiting, type WaitingItem } from '../inbound/waiting.ts';
import { TEMPLATES, TemplateInputError, authoritiesOf, composeAnswer, fillTemplate } from '../inbound/templates.ts';
import { maskRecipient } from './mask.ts';
import { webMessages, type WebMessageKey } from './messages.ts';
import type { RuleEngine } from '../rules/engine.ts';
import { MessageError, type Parse } from '../message/parse.ts';
import { CheckTimeout } from '../gateway/checkers.ts';
import { QueueError, recipientsOf, type Queue, type QueueItem } from '../queue/queue.ts';
import { RegisterError, type Actor, type ConsiderationRegister, type FlagDetails, type FlagSummary } from '../register/register.ts';
import { mayReadReason, scopeOf, type Scope } from './roles.ts';
import { IdentifierError } from '../register/identifier.ts';
import { OverrideError } from '../decision/overrides.ts';
import { decisionDetails } from '../queue/stored-decision.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';
import type { KeyObject } from 'node:crypto';
import { readMailLog, verifyMailLog, type MailLogRow as LogRow } from '../maillog/log.ts';
import { exportMailLog } from '../maillog/export.ts';
import { requestContext } from '../requests/context.ts';
import { suggestMasks } from '../requests/identifiers.ts';
import { addMasks, getRequest, listRequests, RequestError, requestDocuments, unmasked, type RequestDetail, type RequestSummary } from '../requests/requests.ts';
import {
  AnswerRefusedError,
  ItemNotFoundError,
  type AnswerForm,
  type AnswersPort,
  type AwaitingItem,
  DraftInputError,
  LetterNotFoundError,
  NotHeldError,
  OverrideRefusedError,
  RegisterInputError,
  RequestInputError,
  type DraftChecker,
  type FlagView,
  type HeldFinding,
  type HeldLetter,
  type HeldLetterSummary,
  type MailLogPort,
  type MailLogRow,
  type QueuePort,
  type RegisterPort,
  type RequestsPort,
  type RequestSummaryView,
  type Viewer,
  type AwayPort,
  type AbsenceView,
} from './ports.ts';
import type { WebUser } from './auth/users.ts';

const MAX_HELD_LISTED = 500;

/** Opens a queue item's sealed decision details (the register's `openDetails`). */
export type DetailsOpener = (itemId: string, sealed: string) => unknown;

function summary(item: Omit<QueueItem, 'raw'>): HeldLetterSummary {
  return {
    id: item.id,
    // Inbound mail is e-mail too (and never held).
    channel: item.channel === 'digitalpost' ? 'digitalpost' : 'email',
    status: item.status,
    subject: item.subject,
    recipients: recipientsOf(item),
    createdAt: item.createdAt,
    releaseAt: item.releaseAt,
    told: item.told,
  };
}

/** A queue refusal on a letter that exists is the user's race with the scheduler, not a fault. */
async function overriding(queue: Queue, id: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (err instanceof QueueError && (await queue.get(id))) throw new NotHeldError(err.message);
    if (err instanceof OverrideError) throw new OverrideRefusedError((lang) => err.describe(lang));
    throw err;
  }
}

/** The units whose live flags name any of these recipients: the units a held letter belongs to. */
export type LetterOwners = (recipients: string[], viewer: Viewer) => Promise<string[]>;

function sameAddress(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.length > 0 && a.toLowerCase() === b.toLowerCase();
}

export function queuePort(queue: Queue, owners: LetterOwners, openDetails: DetailsOpener): QueuePort {
  /**
   * Unit scoping of held letters (issue 23): an administrator reaches every letter; a case worker
   * one to a citizen their unit flagged, or one they sent themselves (FX-6: the sender decides),
   * signed in under the sender address. A Digital Post letter keeps only a masked recipient in the
   * queue, so no unit can be found for it and only the `all` scope reaches it.
   */
  const mayReach = async (viewer: Viewer, item: Omit<QueueItem, 'raw'>): Promise<boolean> => {
    const scope = scopeOf(viewer, 'held');
    if (scope === 'all') return true;
    if (scope !== 'unit') return false;
    if (sameAddress(item.envelope.from, viewer.username)) return true;
    return (await owners(recipientsOf(item), viewer)).includes(viewer.unit);
  };
  /** The letter if it exists, is a letter (carries a hold decision) and the viewer may reach it. */
  const reachable = async (viewer: Viewer, id: string) => {
    const item = await queue.get(id);
    // Only deliveries that carry a hold decision are letters; notices and DSNs are not shown here.
    if (!item || !(await mayReach(viewer, item))) return null;
    const details = decisionDetails(item.decision, item.id, openDetails);
    return details ? { item, details } : null;
  };
  const override = async (viewer: Viewer, id: string, action: () => Promise<unknown>) => {
    if (!(await reachable(viewer, id))) throw new LetterNotFoundError(id);
    return overriding(queue, id, action);
  };
  return {
    async listHeld(viewer) {
      const items = await queue.list({ status: ['held'], limit: MAX_HELD_LISTED });
      const shown: HeldLetterSummary[] = [];
      for (const item of items) if (await mayReach(viewer, item)) shown.push(summary(item));
      return shown.sort((a, b) => (a.releaseAt?.getTime() ?? 0) - (b.releaseAt?.getTime() ?? 0));
    },
    async get(viewer, id): Promise<HeldLetter | null> {
      const letter = await reachable(viewer, id);
      if (!letter) return null;
      const { item, details } = letter;
      const from = item.envelope.from;
      return {
        ...summary(item),
        sender: typeof from === 'string' ? from : '',
        reasons: details.reasons,
        questions: details.questions,
        findings: (item.decision.findings as HeldFinding[] | undefined) ?? [],
        events: (await queue.events(id)).map(({ at, kind, actor, reason }) => ({ at, kind, actor, reason })),
      };
    },
    releaseNow: (viewer, id, o) => override(viewer, id, () => queue.release(id, o)),
    reschedule: (viewer, id, at, o) => override(viewer, id, () => queue.reschedule(id, at, o)),
    cancel: (viewer, id, o) => override(viewer, id, () => queue.cancel(id, o.reason ? o : { actor: o.actor })),
    markToldInAdvance: (viewer, id, o) => override(viewer, id, () => queue.markTold(id, o.reason ? o : { actor: o.actor })),
  };
}

function actorOf(viewer: Viewer): Actor {
  return { user: viewer.username, unit: viewer.unit, role: viewer.role };
}

function flagView(flag: FlagSummary, secret?: FlagDetails): FlagView {
  return {
    id: flag.id,
    label: secret?.label ?? null,
    unit: flag.unit,
    reason: secret?.reason ?? null,
    createdBy: flag.caseWorker,
    createdAt: flag.createdAt,
    reviewDate: flag.reviewOn,
    expiresDate: flag.expiresOn,
    reviewDue: flag.reviewDue,
  };
}

/** The live (unexpired) flags naming these recipients; each hit is an audited lookup by the viewer. */
async function liveFlags(register: ConsiderationRegister, recipients: string[], viewer: Viewer): Promise<FlagSummary[]> {
  const flags: FlagSummary[] = [];
  for (const recipient of recipients) {
    try {
      const found = await register.findFlag(recipient, actorOf(viewer));
      if (found && !found.expired) flags.push(found);
    } catch (err) {
      if (!(err instanceof IdentifierError)) throw err;
    }
  }
  return flags;
}

/** Which units a held letter belongs to, from the register (see `queuePort`). */
export function letterOwners(register: ConsiderationRegister): LetterOwners {
  return async (recipients, viewer) => (await liveFlags(register, recipients, viewer)).map((f) => f.unit);
}

/**
 * Unit scoping (GDPR art. 9, need to know): the register's scope decides which flags are listed,
 * and a reason is decrypted (an audited view) only for a case worker of the flag's unit, so no
 * one else's request ever even opens it.
 */
export function registerPort(register: ConsiderationRegister): RegisterPort {
  const shown = async (viewer: Viewer, flag: FlagSummary) =>
    mayReadReason(viewer, flag.unit) ? flagView(flag, await register.view(flag.id, actorOf(viewer))) : flagView(flag);
  const scoped = async (viewer: Viewer) => {
    const scope = scopeOf(viewer, 'register');
    if (!scope) return [];
    return register.list(scope === 'unit' ? { unit: viewer.unit } : {}, actorOf(viewer));
  };
  return {
    async list(viewer) {
      const summaries = (await scoped(viewer)).filter((s) => !s.expired);
      const flags: FlagView[] = [];
      for (const s of summaries) flags.push(await shown(viewer, s));
      return flags;
    },
    async get(viewer, id) {
      const found = (await scoped(viewer)).find((s) => s.id === id.toLowerCase());
      return found ? shown(viewer, found) : null;
    },
    async add(viewer, flag) {
      try {
        const created = await register.add(
          {
            identifier: flag.identifier,
            reason: flag.reason,
            reviewOn: flag.reviewDate,
            expiresOn: flag.expiresDate,
            unit: viewer.unit,
            caseWorker: viewer.username,
          },
          actorOf(viewer),
        );
        return shown(viewer, created);
      } catch (err) {
        if (err instanceof RegisterError || err instanceof IdentifierError) throw new RegisterInputError(err.message);
        throw err;
      }
    },
    async forRecipients(viewer, recipients) {
      const readable = (await liveFlags(register, recipients, viewer)).filter((f) => mayReadReason(viewer, f.unit));
      const flags: FlagView[] = [];
      for (const f of readable) flags.push(await shown(viewer, f));
      return flags;
    },
  };
}

/** `parse` reads an uploaded file or pasted draft; `postvakt serve` does it in the check workers, off this thread. */
export function draftChecker(engine: RuleEngine, maxBytes: number, parse: Parse): DraftChecker {
  return {
    async check(input, lang: Lang) {
      try {
        // A pasted draft is outside input too: read in the check pool, like a file.
        const message =
          input.kind === 'text'
            ? await parse(Buffer.from(`${input.subject ? `Subject: ${input.subject}\n` : ''}${input.text}`, 'utf8'), { format: 'text', maxBytes })
            : await parse(input.raw, { maxBytes });
        return { message, findings: engine.check(message, { lang }) };
      } catch (err) {
        if (err instanceof MessageError) throw new DraftInputError(err.describe(lang));
        if (err instanceof CheckTimeout) throw new DraftInputError(err.describe(lang), 422);
        throw err;
      }
    },
  };
}

function logRow({ seq, at, event, direction, sender, recipients, subject, verdict, result }: LogRow): MailLogRow {
  return { seq, at, event, direction, sender, recipients, subject, verdict, result };
}

/** The registrar's extract is the same as `postvakt log export` writes, times in the municipality's zone. */
/** `publicKey` gives the key that checks the log's signed checkpoints (issue 20), if there is one. */
export function mailLogPort(db: Kysely<DB>, timeZone: string, publicKey: () => KeyObject | undefined = () => undefined): MailLogPort {
  return {
    search: async (query, limit) => (await readMailLog(db, query, limit)).map(logRow),
    async verify() {
      const key = publicKey();
      const v = await verifyMailLog(db, key ? { publicKey: key } : {});
      return { ok: v.ok, rows: v.rows, ...(v.broken ? { broken: v.broken } : {}) };
    },
    export: (query, format) => exportMailLog(db, { ...query, format, timeZone }),
  };
}

/** The "Absence and notices" page's port over the absence, notices and coverage modules (BK-10, BK-16, BK-21). */
export function awayPort(db: Kysely<DB>, config: Config, clock: Clock): AwayPort {
  const mailboxes = createMailboxes(config);
  const units = createUnits(config);
  const calendar = createCalendar(config.calendar);
  const zone = config.calendar.timeZone;
  const addressOf = (viewer: WebUser) => (viewer.username.includes('@') ? viewer.username : `${viewer.username}@${config.municipality.domains[0] ?? 'localhost'}`).toLowerCase();
  // Web users name their unit as the sign-in (or the IdP) gives it; the units section may spell its id otherwise.
  const unitOf = (viewer: WebUser) => units.all().find((u) => [u.id, u.name].some((n) => n.toLowerCase() === viewer.unit.toLowerCase()))?.id ?? viewer.unit;
  const view = (a: Absence): AbsenceView => ({
    id: a.id,
    person: a.person,
    unit: a.unit,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    substitute: a.substitute,
    returnOn: DateTime.fromJSDate(calendar.nextOpening(a.endsAt), { zone }).toISODate()!,
  });
  return {
    addressOf,
    async absences(viewer, unit) {
      const now = clock.now();
      const list = unit ? await listAbsences(db, { unit: unitOf(viewer), current: now }) : await listAbsences(db, { person: addressOf(viewer), current: now });
      return list.map(view);
    },
    async addAbsence(viewer, input, unit) {
      // A manager may record anyone's absence in their unit; everyone else only their own.
      const person = unit && input.person.trim() ? input.person.trim() : addressOf(viewer);
      await addAbsence(
        db,
        {
          person,
          unit: mailboxes.lookup(person)?.unit || unitOf(viewer),
          ...absenceBounds(input.from, input.to, zone),
          substitute: input.substitute.trim() || null,
          actor: `web:${viewer.username}`,
        },
        { mailboxes, units, now: clock.now() },
      );
    },
    async removeAbsence(viewer, id, unit) {
      const a = await getAbsence(db, id);
      if (!a || a.removedAt || !(a.person === addressOf(viewer) || (unit && a.unit === unitOf(viewer)))) return false;
      await removeAbsence(db, id, `web:${viewer.username}`, clock.now());
      return true;
    },
    async notices(viewer) {
      return (await noticePreferences(db, [addressOf(viewer)])).get(addressOf(viewer))!;
    },
    async setNotices(viewer, mode, times) {
      await setNoticePreference(db, addressOf(viewer), mode === 'digest' ? { mode, times: parseDigestTimes(times) } : { mode, times: [] }, clock.now());
    },
    dutyMailboxes(viewer) {
      const me = addressOf(viewer);
      return config.mailboxes.filter((b) => b.kind === 'function' && (b.owners.includes(me) || b.members.includes(me))).map((b) => b.address);
    },
    async markDuty(viewer, input) {
      await markDuty(db, mailboxes, zone, { ...input, person: addressOf(viewer) }, clock.now());
    },
  };
}

/** Sends a message Postvakt composed for a signed-in person through the gateway's outgoing path. */
export type SubmitMail = (envelope: { from: string; to: string[] }, raw: Buffer, who: string) => Promise<PipelineResult>;

const MAX_AWAITING_LISTED = 1000;

/**
 * Mail waiting for an answer (BK-14, BK-15, BK-17). Scope (the role matrix's `answers`): a case
 * worker reaches the items of their own unit (unit names compared without case, as IdPs write
 * departments as they like) and of their own address; the overview reaches every item with the
 * correspondent masked, and may not answer. Answers are filled from the templates and sent from
 * the mailbox through the gateway, which closes (or acknowledges) the item in its spool commit.
 */
export function answersPort(db: Kysely<DB>, clock: Clock, config: Config, mailboxes: Mailboxes, submit: SubmitMail): AnswersPort {
  const view = (item: WaitingItem, scope: Scope): AwaitingItem => ({
    id: item.id,
    mailbox: item.mailbox,
    kind: mailboxes.lookup(item.mailbox)?.kind ?? 'personal',
    unit: item.unit,
    from: scope === 'unit' ? item.from : maskRecipient(item.from),
    subject: item.subject,
    receivedAt: item.receivedAt,
    dueAt: item.dueAt,
    state: item.state,
    ...(item.acknowledgedAt ? { acknowledgedAt: item.acknowledgedAt } : {}),
    ...(item.contact ? { contact: item.contact } : {}),
    ...(item.answeredAt ? { answeredAt: item.answeredAt } : {}),
  });
  const reaches = (viewer: Viewer, scope: Scope | null, item: WaitingItem): boolean =>
    scope === 'overview' || (scope === 'unit' && ((item.unit !== '' && item.unit.toLowerCase() === viewer.unit.toLowerCase()) || item.mailbox === viewer.username.toLowerCase()));
  /** An open item the viewer may answer, with what the answer needs. */
  const answerable = async (viewer: Viewer, id: string): Promise<WaitingItem> => {
    const item = await getWaiting(db, id, clock.now());
    if (!item || scopeOf(viewer, 'answers') !== 'unit' || !reaches(viewer, 'unit', item)) throw new ItemNotFoundError(id);
    return item;
  };
  const fill = (item: WaitingItem, form: AnswerForm, lang: Lang) => {
    const t = (key: WebMessageKey) => translate(webMessages, lang, key);
    if (item.state === 'answered') throw new AnswerRefusedError(null, t('answerClosed'));
    try {
      return fillTemplate(form, { municipality: config.municipality, mailbox: item.mailbox, country: config.calendar.country });
    } catch (err) {
      if (!(err instanceof TemplateInputError)) throw err;
      const label: Record<TemplateInputError['field'], WebMessageKey> = {
        template: 'answerTemplate',
        note: 'answerNote',
        authority: 'answerAuthority',
        contactName: 'answerContactName',
        contactPhone: 'answerContactPhone',
      };
      throw new AnswerRefusedError(err.field, translate(webMessages, lang, 'answerMissing', { field: t(label[err.field]) }));
    }
  };
  return {
    async list(viewer, filter) {
      const scope = scopeOf(viewer, 'answers');
      const rows = await listWaiting(db, { ...(filter.answered ? {} : { open: true }), limit: MAX_AWAITING_LISTED }, clock.now());
      const visible = rows.filter((i) => reaches(viewer, scope, i)).map((i) => view(i, scope!));
      const units = [...new Set(visible.map((i) => i.unit))].sort();
      const boxes = [...new Set(visible.map((i) => i.mailbox))].sort();
      const items = visible.filter(
        (i) =>
          (filter.unit === undefined || i.unit === filter.unit) &&
          (filter.mailbox === undefined || i.mailbox === filter.mailbox) &&
          (!filter.contactCentre || i.kind === 'official'),
      );
      return { items, units, mailboxes: boxes };
    },
    async get(viewer, id) {
      const scope = scopeOf(viewer, 'answers');
      const item = await getWaiting(db, id, clock.now());
      return item && reaches(viewer, scope, item) ? view(item, scope!) : null;
    },
    templates: (lang) => TEMPLATES.map((t) => ({ id: t.id, kind: t.kind, clause: t.clause, title: t.title[lang], fields: t.fields, required: t.required })),
    authorities: () => authoritiesOf(config.calendar.country).map(({ id, name, contact }) => ({ id, name, contact })),
    async preview(viewer, id, form, readerLang) {
      return fill(await answerable(viewer, id), form, readerLang).text;
    },
    async send(viewer, id, form, readerLang) {
      const item = await answerable(viewer, id);
      const answer = fill(item, form, readerLang);
      const raw = await composeAnswer({
        from: item.mailbox,
        to: item.from,
        subject: item.subject,
        inReplyTo: item.messageId,
        answer,
        hostname: config.gateway.hostname,
        date: clock.now(),
      });
      const result = await submit({ from: item.mailbox, to: [item.from] }, raw, viewer.username);
      // The gateway's reply (in the answer's language) without its SMTP codes.
      if (result.kind === 'refuse') throw new AnswerRefusedError(null, translate(webMessages, readerLang, 'answerRefused', { text: result.text.replace(/^\d\.\d{1,3}\.\d{1,3} /, '') }));
      await db
        .insertInto('inbound_waiting_events')
        .values({ waiting_id: item.id, at: clock.now().getTime(), kind: 'template-answer', actor: viewer.username, data: JSON.stringify({ template: answer.template.id, lang: form.lang, answer: result.originId }) })
        .execute();
    },
  };
}

/**
 * Requests for documents (issue 19): scoped by the role matrix before anything is read (a case
 * worker reaches only requests of their own unit); masks go through the request workflow, which
 * checks ground, span and state and writes the audit trail.
 */
export function requestsPort(config: Config, db: Kysely<DB>, clock: Clock): RequestsPort {
  const ctx = requestContext(config, db);
  const reachable = async (viewer: Viewer, id: string): Promise<RequestDetail | null> => {
    const request = await getRequest(db, id).catch((err: unknown) => {
      if (err instanceof RequestError) return null;
      throw err;
    });
    if (!request) return null;
    const scope = scopeOf(viewer, 'requests');
    return scope === 'all' || (scope === 'unit' && request.unit === viewer.unit) ? request : null;
  };
  const summary = (r: RequestSummary): RequestSummaryView => ({ id: r.id, receivedAt: r.receivedAt, dueAt: r.dueAt, state: r.state, documents: r.items.length, anonymous: r.anonymous });
  return {
    async list(viewer) {
      const scope = scopeOf(viewer, 'requests');
      if (!scope) return [];
      const all = await listRequests(db);
      return (scope === 'all' ? all : all.filter((r) => r.unit === viewer.unit)).map(summary);
    },
    async get(viewer, id, lang) {
      const request = await reachable(viewer, id);
      if (!request) return null;
      const documents = await requestDocuments(ctx, request);
      const masksOf = (document: string, part: string) => request.masks.filter((m) => m.document === document && m.part === part).map((m) => ({ start: m.start, end: m.end, ground: m.ground }));
      return {
        ...summary(request),
        unit: request.unit,
        description: request.description,
        parts: documents.flatMap((d) => d.parts.map((p) => ({ document: d.id, part: p.part, ...(p.label ? { label: p.label } : {}), text: p.text, masks: masksOf(d.id, p.part) }))),
        suggestions: unmasked(request, suggestMasks(documents, ctx.isOwn)).map((s) => ({ document: s.document, part: s.part, start: s.start, end: s.end, text: s.text })),
        grounds: ctx.grounds.ids().map((g) => ({ id: g, label: ctx.describeGround(g, lang) })),
        open: ['open', 'in-review', 'escalated', 'decided'].includes(request.state),
      };
    },
    async mask(viewer, id, masks) {
      if (!(await reachable(viewer, id))) throw new RequestInputError('not found');
      try {
        await addMasks(ctx, id, masks, { name: viewer.username, role: viewer.role === 'caseworker' ? 'holder' : viewer.role }, clock.now());
      } catch (err) {
        if (err instanceof RequestError) throw new RequestInputError(err.message);
        throw err;
      }
    },
  };
}
