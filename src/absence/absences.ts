/**
 * Absence records (BK-21): a person away from–to, with a named substitute (a person or a
 * function mailbox of the organisation) or none. Recorded by the person (web), their manager
 * (web) or `postvakt absence add`; removed, not deleted, so what was sent stays explained.
 */
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { CatalogError } from '../i18n/catalog-error.ts';
import type { Params } from '../i18n/catalog.ts';
import type { DB } from '../store/schema.ts';
import { newItemId } from '../queue/queue.ts';
import type { Mailboxes } from '../inbound/mailboxes.ts';
import type { Units } from '../units/units.ts';
import { messages, type AbsenceMessage } from './messages.ts';

export class AbsenceError extends CatalogError<AbsenceMessage> {
  constructor(code: AbsenceMessage, params: Params = {}) {
    super(messages, code, params);
  }
}

export interface Absence {
  id: string;
  person: string;
  unit: string;
  startsAt: Date;
  endsAt: Date;
  substitute: string | null;
  createdBy: string;
  removedAt: Date | null;
}

export interface NewAbsence {
  person: string;
  /** Default: the unit of the person's configured mailbox. */
  unit?: string;
  startsAt: Date;
  endsAt: Date;
  substitute?: string | null;
  actor: string;
}

type Row = DB['absences'];

function fromRow(r: Row): Absence {
  return {
    id: r.id,
    person: r.person,
    unit: r.unit,
    startsAt: new Date(Number(r.starts_at)),
    endsAt: new Date(Number(r.ends_at)),
    substitute: r.substitute,
    createdBy: r.created_by,
    removedAt: r.removed_at === null ? null : new Date(Number(r.removed_at)),
  };
}

export async function addAbsence(db: Kysely<DB>, input: NewAbsence, ctx: { mailboxes: Mailboxes; units: Units; now: Date }): Promise<Absence> {
  const person = input.person.toLowerCase();
  const substitute = input.substitute ? input.substitute.toLowerCase() : null;
  if (!(input.endsAt.getTime() > input.startsAt.getTime())) throw new AbsenceError('badRange');
  if (substitute !== null && (substitute === person || !ctx.mailboxes.isOwn(substitute))) throw new AbsenceError('badSubstitute', { substitute });
  const unit = input.unit ?? ctx.mailboxes.lookup(person)?.unit ?? '';
  if (unit === '') throw new AbsenceError('noUnit', { person });
  const known = ctx.units.all().map((u) => u.id);
  if (known.length > 0 && !known.includes(unit)) throw new AbsenceError('badUnit', { unit, units: known.join(', ') });
  const row: Row = {
    id: newItemId(),
    person,
    unit,
    starts_at: input.startsAt.getTime(),
    ends_at: input.endsAt.getTime(),
    substitute,
    created_by: input.actor,
    created_at: ctx.now.getTime(),
    removed_at: null,
    removed_by: null,
    alerted_before_at: null,
    unwatched_alert_at: null,
  };
  await db.insertInto('absences').values(row).execute();
  return fromRow(row);
}

export async function removeAbsence(db: Kysely<DB>, id: string, actor: string, now: Date): Promise<void> {
  const result = await db
    .updateTable('absences')
    .set({ removed_at: now.getTime(), removed_by: actor })
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new AbsenceError('notFound', { id });
}

export async function getAbsence(db: Kysely<DB>, id: string): Promise<Absence | undefined> {
  const row = await db.selectFrom('absences').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

export interface AbsenceQuery {
  person?: string;
  unit?: string;
  /** Only absences that have not ended by then. */
  current?: Date;
}

export async function listAbsences(db: Kysely<DB>, query: AbsenceQuery = {}): Promise<Absence[]> {
  let q = db.selectFrom('absences').selectAll().where('removed_at', 'is', null).orderBy('starts_at').orderBy('id');
  if (query.person) q = q.where('person', '=', query.person.toLowerCase());
  if (query.unit) q = q.where('unit', '=', query.unit);
  if (query.current) q = q.where('ends_at', '>', query.current.getTime());
  return (await q.execute()).map(fromRow);
}

/** The absences running at `at`, of these people (all when none are named). */
export async function activeAbsences(db: Kysely<DB>, at: Date, persons?: string[]): Promise<Absence[]> {
  if (persons && persons.length === 0) return [];
  let q = db
    .selectFrom('absences')
    .selectAll()
    .where('removed_at', 'is', null)
    .where('starts_at', '<=', at.getTime())
    .where('ends_at', '>', at.getTime());
  if (persons) q = q.where('person', 'in', [...new Set(persons.map((p) => p.toLowerCase()))]);
  return (await q.orderBy('starts_at').execute()).map(fromRow);
}

/** Absences of these people overlapping [from, to) (coverage, BK-16). */
export async function absencesBetween(db: Kysely<DB>, from: Date, to: Date): Promise<Absence[]> {
  const rows = await db
    .selectFrom('absences')
    .selectAll()
    .where('removed_at', 'is', null)
    .where('starts_at', '<', to.getTime())
    .where('ends_at', '>', from.getTime())
    .execute();
  return rows.map(fromRow);
}

/**
 * An absence's bounds as a person writes them: a date YYYY-MM-DD (from the start of that local
 * day; to the end of it, the last day away) or an instant with its offset.
 */
export function absenceBounds(from: string, to: string, zone: string): { startsAt: Date; endsAt: Date } {
  const read = (text: string, end: boolean): Date => {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
    const t = DateTime.fromISO(text, { zone, setZone: !dateOnly });
    if (!t.isValid) throw new AbsenceError('badWhen', { value: text });
    return (dateOnly && end ? t.plus({ days: 1 }) : t).toJSDate();
  };
  return { startsAt: read(from, false), endsAt: read(to, true) };
}
