/**
 * The export's input from the store: a case's documents (their current registration names the
 * case), or a period's, with each one's current record status and registration
 * (records/store.ts), delivery time from the mail log, and the stored bytes read lazily, one
 * message at a time, when the package writer gets to it.
 *
 * A period export leaves out what a person decided is not a public document (BK-19: private,
 * union or political mail, drafts, internal notes without facts) or of little importance
 * (BK-20's exception): neither belongs in the archive. Undecided documents are presumed public
 * (BK-18) and go in without a status.
 */
import type { Kysely } from 'kysely';
import type { Lang } from '../../i18n/catalog.ts';
import { publicSubject } from '../../maillog/log.ts';
import type { DB } from '../../store/schema.ts';
import { documentOriginal, listDocuments, type RecordDocument } from '../documents.ts';
import { describeGround, findGround, type Country } from '../grounds.ts';
import type { GroundEntry } from '../config.ts';
import { recordStates, registrationsOfCase, type RecordState } from '../store.ts';
import type { ExportCase, ExportInput, ExportRecord, ExportScope } from './model.ts';

export interface LoadContext {
  municipality: { name: string; language: Lang };
  country: Country;
  timeZone: string;
  /** The municipality's own grounds (`records.grounds`), beside the shipped catalogue. */
  grounds: readonly GroundEntry[];
  createdAt: Date;
}

export async function loadCase(db: Kysely<DB>, caseNumber: string, ctx: LoadContext): Promise<ExportInput> {
  const registrations = await registrationsOfCase(db, caseNumber);
  const ids = registrations.map((r) => r.documentId);
  const docs = await listDocuments(db, { ids });
  const records = await toRecords(db, docs, ctx);
  const date = (r: ExportRecord) => (r.registration?.date ?? r.storedAt).getTime();
  records.sort((a, b) => date(a) - date(b) || a.itemId.localeCompare(b.itemId));
  return input({ kind: 'case', caseNumber }, ctx, records.length > 0 ? [{ caseNumber, records }] : [], []);
}

/** Documents Postvakt accepted in [from, to): by case where registered, the rest on their own. */
export async function loadPeriod(db: Kysely<DB>, period: { from: Date; to: Date; label: { from: string; to: string } }, ctx: LoadContext): Promise<ExportInput> {
  const docs = await listDocuments(db, { from: period.from, to: period.to });
  const records = (await toRecords(db, docs, ctx)).filter((r) => r.status?.status !== 'not-public' && r.status?.status !== 'little-importance');
  const byCase = new Map<string, ExportCase>();
  const unregistered: ExportRecord[] = [];
  for (const r of records) {
    if (!r.registration) {
      unregistered.push(r);
      continue;
    }
    const c = byCase.get(r.registration.caseNumber) ?? { caseNumber: r.registration.caseNumber, records: [] };
    byCase.set(c.caseNumber, c);
    c.records.push(r);
  }
  const cases = [...byCase.values()].sort((a, b) => a.caseNumber.localeCompare(b.caseNumber));
  return input({ kind: 'period', from: period.label.from, to: period.label.to }, ctx, cases, unregistered);
}

function input(scope: ExportScope, ctx: LoadContext, cases: ExportCase[], unregistered: ExportRecord[]): ExportInput {
  return {
    scope,
    municipality: ctx.municipality,
    timeZone: ctx.timeZone,
    // DK registers by KLE; a Swedish municipality keeps its own scheme (klassificeringsstruktur).
    classificationScheme: ctx.country === 'DK' ? 'KLE' : `Klassificeringsstruktur, ${ctx.municipality.name}`,
    cases,
    unregistered,
    createdAt: ctx.createdAt,
  };
}

async function toRecords(db: Kysely<DB>, docs: RecordDocument[], ctx: LoadContext): Promise<ExportRecord[]> {
  const ids = docs.map((d) => d.id);
  const states = await recordStates(db, ids);
  const delivered = await deliveredAt(db, ids);
  return docs.map((d) => toRecord(db, d, states.get(d.id)!, delivered.get(d.id), ctx));
}

function toRecord(db: Kysely<DB>, d: RecordDocument, state: RecordState, deliveredAt: Date | undefined, ctx: LoadContext): ExportRecord {
  const { status, registration } = state;
  const ground = status?.ground ? findGround(ctx.country, status.ground, ctx.grounds) : undefined;
  return {
    itemId: d.id,
    channel: d.source === 'journal' ? 'inbound' : 'email',
    direction: d.direction,
    ...(d.messageId ? { messageId: d.messageId } : {}),
    // As the public mail log shows it: the archive's catalogue may be published (BK-28).
    logSubject: publicSubject(d.subject),
    logSender: d.sender,
    logRecipients: d.recipients,
    storedAt: d.at,
    ...(deliveredAt ? { deliveredAt } : {}),
    ...(registration
      ? {
          registration: {
            caseNumber: registration.caseNumber,
            title: registration.title,
            classification: registration.classification,
            direction: registration.direction,
            date: registration.documentDate,
            registeredBy: registration.registrar,
          },
        }
      : {}),
    ...(status
      ? {
          status: {
            status: status.status,
            ...(status.ground ? { ground: ground ? describeGround(ground, ctx.municipality.language) : status.ground } : {}),
            decidedBy: status.actor,
            decidedAt: status.at,
          },
        }
      : {}),
    body: () => (d.source === 'journal' ? Promise.resolve(undefined) : documentOriginal(db, d.id)),
  };
}

/** When each document was first handed on (the mail log's first `delivered` row). */
async function deliveredAt(db: Kysely<DB>, ids: string[]): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('mail_log')
      .select(['queue_id', (s) => s.fn.min('at').as('at')])
      .where('event', '=', 'delivered')
      .where('queue_id', 'in', ids.slice(i, i + 500))
      .groupBy('queue_id')
      .execute();
    for (const r of rows) if (r.queue_id) out.set(r.queue_id, new Date(Number(r.at)));
  }
  return out;
}
