/**
 * The records workflow (issue 18): a person decides each document's record status once (BK-18,
 * BK-19), registrars register public and secret documents into cases (BK-20), and the worklist
 * shows what is still to register, aged in working days. Every decision and registration is an
 * append-only row (records/store.ts) committed with a mail-log row that names who and when, the
 * status and ground or the case number — never the content (BK-28).
 *
 * Invariant (item 4, "never an archive by accident"): a document is registered, decided not to be
 * registered by a person (not public, little importance), or on the worklist. The worklist query
 * is the complement of the first two (records/documents.ts), so nothing falls between.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../store/schema.ts';
import type { Clock } from '../clock/clock.ts';
import type { WorkingCalendar } from '../calendar/types.ts';
import type { Parse } from '../message/parse.ts';
import type { Lang } from '../i18n/catalog.ts';
import { translate } from '../i18n/catalog.ts';
import { CatalogError } from '../i18n/catalog-error.ts';
import { appendMailLog, type MailLogEntry } from '../maillog/index.ts';
import { fromRecord } from '../maillog/log.ts';
import type { RecordsConfig } from './config.ts';
import { messages } from './messages.ts';
import { describeGround, findGround, groundsFor, type Country, type Ground } from './grounds.ts';
import { caseNumberFormat, classificationCodes, validCaseNumber, type CaseNumberFormat, type ClassificationCode } from './classification.ts';
import { documentOriginal, getDocument, listDocuments, type RecordDocument } from './documents.ts';
import { insertRegistration, insertStatusEvent, recordState, recordStates, type Registration, type RecordState, type StatusDecision } from './store.ts';
import { suggestFromRecord, suggestStatus, type Suggestion } from './suggest.ts';
import { RECORD_STATUSES, type RecordDirection, type RecordStatus, type RegistrationVia } from './tables.ts';

type RecordsMessage = keyof (typeof messages)['en'];

/** A request the records workflow refuses (unknown document, bad ground or case number); nothing changed. */
export class RecordsError extends CatalogError<RecordsMessage> {
  constructor(code: Extract<RecordsMessage, `error.${string}`>, params: Record<string, string | number> = {}) {
    super(messages, code, params);
  }
}

export interface RecordsDeps {
  db: Kysely<DB>;
  clock: Clock;
  calendar: WorkingCalendar;
  config: RecordsConfig;
  /** Reads a stored message for the suggestion: the check pool's parse in `serve`, parseMessage in the CLI. */
  parse: Parse;
}

export interface DecideInput {
  status: RecordStatus;
  ground?: string | null;
  /** The person who decides (web user name, CLI --actor). */
  actor: string;
  /** Change an earlier decision (kept as a `corrected` event). */
  correct?: boolean;
}

export interface RegisterInput {
  caseNumber: string;
  title: string;
  classification: string;
  direction: RecordDirection;
  /** The document's date; default the day it was received or sent. */
  date?: Date;
  registrar: string;
  via: RegistrationVia;
}

/** A document on the worklist: unregistered, public or secret or undecided (presumed public). */
export interface WorkItem extends RecordDocument {
  status: RecordStatus | null;
  /** Working days since it was received or sent (statutory working days of the calendar). */
  ageDays: number;
}

export type DocumentView = RecordDocument & RecordState;

export interface Records {
  readonly country: Country;
  grounds(kind?: Ground['kind']): Ground[];
  readonly caseNumberFormat: CaseNumberFormat;
  readonly classificationCodes: ClassificationCode[];
  document(id: string): Promise<DocumentView>;
  suggest(id: string): Promise<Suggestion>;
  decide(id: string, input: DecideInput): Promise<StatusDecision>;
  register(id: string, input: RegisterInput): Promise<Registration>;
  /** The worklist, oldest first. */
  unregistered(): Promise<WorkItem[]>;
  /** The original message bytes; RecordsError noOriginal for journaled mail. */
  original(id: string): Promise<Buffer>;
  /** The suggestion's reason as a sentence in the reader's language. */
  describeSuggestion(s: Suggestion, lang: Lang): string;
}

/** Whole working days from `from` to `to` (0 on the same working day). */
export function workingDaysBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  let days = 0;
  // Bounded: a document older than ten years of working days is shown as that old.
  while (days < 2600 && calendar.addWorkingDays(from, days + 1).getTime() <= to.getTime()) days++;
  return days;
}

/** A registered date has no time of day: noon UTC names the same calendar day in DK and SE. */
export function parseRecordDate(text: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T12:00:00Z`))) throw new RecordsError('error.badDate', { date: text });
  return new Date(`${text}T12:00:00Z`);
}

export function isRecordStatus(value: string): value is RecordStatus {
  return (RECORD_STATUSES as readonly string[]).includes(value);
}

export function createRecords(deps: RecordsDeps): Records {
  const { db, clock, calendar, config } = deps;
  const country = calendar.country;
  const format = caseNumberFormat(country, config);
  const codes = classificationCodes(country, config);
  const grounds = (kind?: Ground['kind']) => groundsFor(country, config.grounds, kind);

  async function requireDocument(id: string): Promise<RecordDocument> {
    const doc = await getDocument(db, id);
    if (!doc) throw new RecordsError('error.notFound', { id });
    return doc;
  }

  /** The mail-log row for a record event: the message's own first row, with the new facts (BK-28). */
  async function logRow(trx: Transaction<DB>, documentId: string, at: Date, facts: Pick<MailLogEntry, 'event' | 'verdict' | 'result' | 'recordClass' | 'caseNumber'>): Promise<MailLogEntry> {
    const first = await trx.selectFrom('mail_log').selectAll().where('queue_id', '=', documentId).orderBy('seq').limit(1).executeTakeFirstOrThrow();
    const { direction, channel, sender, recipients, subject, messageId, size } = fromRecord(first);
    return { at, direction, channel, sender, recipients, subject, messageId, size, queueId: documentId, ...facts };
  }

  function checkGround(status: RecordStatus, ground: string | null | undefined): string | null {
    if (status === 'public' || status === 'little-importance') {
      if (ground) throw new RecordsError('error.groundNotAllowed', { status });
      return null;
    }
    if (!ground) throw new RecordsError('error.groundRequired', { status });
    const found = findGround(country, ground, config.grounds);
    if (!found || found.kind !== status) throw new RecordsError('error.groundUnknown', { ground, status });
    return found.id;
  }

  async function suggest(id: string): Promise<Suggestion> {
    const doc = await requireDocument(id);
    const raw = await documentOriginal(db, id);
    if (raw) return suggestStatus(doc, await deps.parse(raw, {}), grounds('secret'));
    const row = await db.selectFrom('inbound_messages').select(['automatic', 'sensitive']).where('id', '=', id).executeTakeFirstOrThrow();
    return suggestFromRecord(doc, { automatic: Number(row.automatic) === 1, sensitive: (JSON.parse(row.sensitive) as unknown[]).length > 0 });
  }

  return {
    country,
    grounds,
    caseNumberFormat: format,
    classificationCodes: codes,

    async document(id) {
      const doc = await requireDocument(id);
      return { ...doc, ...(await recordState(db, id)) };
    },

    suggest,

    async decide(id, input) {
      if (!input.actor.trim()) throw new RecordsError('error.actorRequired');
      if (!isRecordStatus(input.status)) throw new RecordsError('error.badStatus', { status: String(input.status) });
      const ground = checkGround(input.status, input.ground);
      await requireDocument(id);
      // The suggestion is kept with the decision, so how often people overrule it can be seen.
      const suggested = await suggest(id);
      const at = clock.now();
      const event = { documentId: id, at, status: input.status, ground, actor: input.actor, suggested: { status: suggested.status, ground: suggested.ground, reason: suggested.reason } };
      const current = (await recordState(db, id)).status;
      if (current && !input.correct) throw new RecordsError('error.alreadyDecided', { id, status: current.status, actor: current.actor });
      if (!current && input.correct) throw new RecordsError('error.notDecided', { id });
      // The row is written first: on SQLite the first write takes the write lock (waiting for
      // another process's), where a read first could not be upgraded to a write later. Two first
      // decisions at once: the unique index on `decided` refuses the second.
      return db.transaction().execute(async (trx) => {
        const decided: StatusDecision = { ...event, kind: current ? 'corrected' : 'decided' };
        await insertStatusEvent(trx, decided);
        await appendMailLog(trx, await logRow(trx, id, at, { event: 'classified', verdict: ground ? `${input.status}: ${ground}` : input.status, result: input.actor, recordClass: input.status }));
        return decided;
      });
    },

    async register(id, input) {
      const doc = await requireDocument(id);
      const caseNumber = input.caseNumber.trim();
      if (!validCaseNumber(format, caseNumber)) throw new RecordsError('error.badCaseNumber', { caseNumber, example: format.example });
      if (!input.title.trim()) throw new RecordsError('error.titleRequired');
      if (!codes.some((c) => c.code === input.classification)) throw new RecordsError('error.badClassification', { code: input.classification });
      if (input.direction !== 'in' && input.direction !== 'out') throw new RecordsError('error.badDirection');
      const at = clock.now();
      const registration: Registration = {
        documentId: id,
        at,
        caseNumber,
        title: input.title.trim(),
        classification: input.classification,
        direction: input.direction,
        documentDate: input.date ?? doc.at,
        registrar: input.registrar,
        via: input.via,
      };
      // Written first, as in decide: the first statement takes SQLite's write lock.
      return db.transaction().execute(async (trx) => {
        await insertRegistration(trx, registration);
        const current = (await recordState(trx, id)).status;
        if (current && current.status !== 'public' && current.status !== 'secret') throw new RecordsError('error.notRegistrable', { id, status: current.status });
        // Registering an undecided document is the registrar's decision that it is public (BK-18).
        const status = current?.status ?? 'public';
        if (!current) {
          await insertStatusEvent(trx, { documentId: id, at, kind: 'decided', status, ground: null, actor: input.registrar });
          await appendMailLog(trx, await logRow(trx, id, at, { event: 'classified', verdict: status, result: input.registrar, recordClass: status }));
        }
        await appendMailLog(trx, await logRow(trx, id, at, { event: 'registered', verdict: 'registered', result: input.registrar, recordClass: status, caseNumber }));
        return registration;
      });
    },

    async unregistered() {
      const docs = await listDocuments(db, { unregistered: true });
      const states = await recordStates(db, docs.map((d) => d.id));
      const now = clock.now();
      return docs.map((d) => ({ ...d, status: states.get(d.id)?.status?.status ?? null, ageDays: workingDaysBetween(calendar, d.at, now) }));
    },

    async original(id) {
      await requireDocument(id);
      const raw = await documentOriginal(db, id);
      if (!raw) throw new RecordsError('error.noOriginal', { id });
      return raw;
    },

    describeSuggestion(s, lang) {
      const ground = s.ground ? findGround(country, s.ground, config.grounds) : undefined;
      const categories = (s.details.categories ?? []).map((c) => translate(messages, lang, `category.${c}`)).join(', ') || translate(messages, lang, 'category.unknown');
      return translate(messages, lang, `reason.${s.reason}`, {
        categories,
        ground: ground ? describeGround(ground, lang) : translate(messages, lang, 'ground.choose'),
        words: s.details.words ?? 0,
      });
    },
  };
}
