/**
 * Reading and appending a document's record status (BK-18, BK-19) and registrations (BK-20).
 * Both are append-only event rows (the database refuses UPDATE and DELETE); the current status and
 * the current registration are the newest row of each. Writers that must also log go through
 * records/status.ts and records/registration.ts; these are the rows themselves.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../store/schema.ts';
import type { RecordDirection, RecordStatus, RecordsTables, RegistrationVia, StatusEventKind } from './tables.ts';

export interface StatusDecision {
  documentId: string;
  at: Date;
  kind: StatusEventKind;
  status: RecordStatus;
  /** A ground id of the catalogue (records/grounds.ts) for not-public and secret. */
  ground: string | null;
  actor: string;
  suggested: { status: RecordStatus; ground: string | null; reason: string } | null;
}

export interface Registration {
  documentId: string;
  at: Date;
  caseNumber: string;
  title: string;
  classification: string;
  direction: RecordDirection;
  documentDate: Date;
  registrar: string;
  via: RegistrationVia;
}

/** A document's record state: its current status (null: undecided, presumed public by BK-18) and registration. */
export interface RecordState {
  documentId: string;
  status: StatusDecision | null;
  registration: Registration | null;
}

type Db = Kysely<DB> | Transaction<DB>;

function toStatus(r: Selectable<RecordsTables['record_status_events']>): StatusDecision {
  return {
    documentId: r.document_id,
    at: new Date(Number(r.at)),
    kind: r.kind,
    status: r.status,
    ground: r.ground,
    actor: r.actor,
    suggested: r.suggested_status ? { status: r.suggested_status, ground: r.suggested_ground, reason: r.suggested_reason ?? '' } : null,
  };
}

function toRegistration(r: Selectable<RecordsTables['record_registrations']>): Registration {
  return {
    documentId: r.document_id,
    at: new Date(Number(r.at)),
    caseNumber: r.case_number,
    title: r.title,
    classification: r.classification,
    direction: r.direction,
    documentDate: new Date(Number(r.document_date)),
    registrar: r.registrar,
    via: r.via,
  };
}

/** Every status event of a document, oldest first. */
export async function statusHistory(db: Db, documentId: string): Promise<StatusDecision[]> {
  const rows = await db.selectFrom('record_status_events').selectAll().where('document_id', '=', documentId).orderBy('id').execute();
  return rows.map(toStatus);
}

/** Every registration of a document, oldest first (a later one corrects an earlier one). */
export async function registrationHistory(db: Db, documentId: string): Promise<Registration[]> {
  const rows = await db.selectFrom('record_registrations').selectAll().where('document_id', '=', documentId).orderBy('id').execute();
  return rows.map(toRegistration);
}

/** The current status and registration of each document asked for (one query each, whatever the count). */
export async function recordStates(db: Db, documentIds: readonly string[]): Promise<Map<string, RecordState>> {
  const states = new Map<string, RecordState>(documentIds.map((id) => [id, { documentId: id, status: null, registration: null }]));
  for (let i = 0; i < documentIds.length; i += 500) {
    const ids = documentIds.slice(i, i + 500);
    const statuses = await db.selectFrom('record_status_events').selectAll().where('document_id', 'in', ids).orderBy('id').execute();
    for (const r of statuses) states.get(r.document_id)!.status = toStatus(r);
    const registrations = await db.selectFrom('record_registrations').selectAll().where('document_id', 'in', ids).orderBy('id').execute();
    for (const r of registrations) states.get(r.document_id)!.registration = toRegistration(r);
  }
  return states;
}

export async function recordState(db: Db, documentId: string): Promise<RecordState> {
  return (await recordStates(db, [documentId])).get(documentId)!;
}

/** The documents whose current registration is in this case, oldest registration first (for export). */
export async function registrationsOfCase(db: Db, caseNumber: string): Promise<Registration[]> {
  const rows = await db
    .selectFrom('record_registrations as r')
    .selectAll('r')
    .where('r.case_number', '=', caseNumber)
    .where(({ eb, ref }) =>
      eb('r.id', '=', eb.selectFrom('record_registrations as l').select((s) => s.fn.max('l.id').as('last')).whereRef('l.document_id', '=', ref('r.document_id'))),
    )
    .orderBy('r.id')
    .execute();
  return rows.map(toRegistration);
}

export type NewStatusEvent = Omit<StatusDecision, 'suggested'> & { suggested?: StatusDecision['suggested'] };

export async function insertStatusEvent(trx: Db, e: NewStatusEvent): Promise<void> {
  await trx
    .insertInto('record_status_events')
    .values({
      document_id: e.documentId,
      at: e.at.getTime(),
      kind: e.kind,
      status: e.status,
      ground: e.ground,
      actor: e.actor,
      suggested_status: e.suggested?.status ?? null,
      suggested_ground: e.suggested?.ground ?? null,
      suggested_reason: e.suggested?.reason ?? null,
    })
    .execute();
}

export async function insertRegistration(trx: Db, r: Registration): Promise<void> {
  await trx
    .insertInto('record_registrations')
    .values({
      document_id: r.documentId,
      at: r.at.getTime(),
      case_number: r.caseNumber,
      title: r.title,
      classification: r.classification,
      direction: r.direction,
      document_date: r.documentDate.getTime(),
      registrar: r.registrar,
      via: r.via,
    })
    .execute();
}
