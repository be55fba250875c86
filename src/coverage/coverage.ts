/**
 * Function mailboxes are covered (BK-16): during the telephone hours (`calendar.phoneHours`, else
 * the opening hours, with the same closed days) someone must be on duty for each function
 * mailbox. Who is on duty on a day: the weekly roster in config (`mailboxes[].duty`) and the marks
 * members set themselves (web app, `postvakt mailboxes duty`), less anyone absent then (BK-21).
 * A gap is a stretch of telephone hours with nobody left. The sweep tells the unit's managers,
 * from `coverage.alertAt` on the day before, of the next working day's gaps, once per mailbox and
 * day, through the notice layer (BK-10).
 */
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { DB } from '../store/schema.ts';
import type { WorkingCalendar } from '../calendar/types.ts';
import { WEEKDAYS } from '../calendar/config.ts';
import { translate, type Params } from '../i18n/catalog.ts';
import { CatalogError } from '../i18n/catalog-error.ts';
import type { Logger } from '../logging/logger.ts';
import type { Config } from '../config/schema.ts';
import type { Mailboxes } from '../inbound/mailboxes.ts';
import type { Units } from '../units/units.ts';
import { newItemId, type Queue } from '../queue/queue.ts';
import { absencesBetween } from '../absence/absences.ts';
import { enqueueNotices } from '../notices/delivery.ts';
import { plainNotice } from '../notices/mime.ts';
import { messages, type CoverageMessage } from './messages.ts';

export class CoverageError extends CatalogError<CoverageMessage> {
  constructor(code: CoverageMessage, params: Params = {}) {
    super(messages, code, params);
  }
}

interface Span {
  start: number;
  end: number;
}

export interface Duty {
  person: string;
  from: Date;
  to: Date;
  source: 'roster' | 'mark';
}

export interface MailboxCoverage {
  mailbox: string;
  unit: string;
  /** Local date YYYY-MM-DD. */
  date: string;
  phoneHours: Array<{ from: Date; to: Date }>;
  /** Who is on duty, absences already taken out. */
  onDuty: Duty[];
  gaps: Array<{ from: Date; to: Date }>;
}

export interface CoverageDeps {
  db: Kysely<DB>;
  config: Pick<Config, 'mailboxes'>;
  /** The telephone-hours calendar (`phoneHoursCalendar`). */
  phone: WorkingCalendar;
}

const HOURS = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function localDay(date: string, zone: string): DateTime {
  const day = DATE.test(date) ? DateTime.fromISO(date, { zone }) : undefined;
  if (!day?.isValid) throw new CoverageError('badDate', { date });
  return day;
}

function spanOf(day: DateTime, hours: string): Span {
  const m = HOURS.exec(hours);
  if (!m || hours.slice(0, 5) >= hours.slice(6)) throw new CoverageError('badHours', { hours });
  const at = (h: string, min: string) => day.plus({ hours: Number(h), minutes: Number(min) }).toMillis();
  return { start: at(m[1]!, m[2]!), end: at(m[3]!, m[4]!) };
}

/** `spans` less every span of `cut`. */
function subtract(spans: Span[], cut: Span[]): Span[] {
  let out = spans;
  for (const c of cut) {
    out = out.flatMap((s) => {
      if (c.end <= s.start || c.start >= s.end) return [s];
      const parts: Span[] = [];
      if (c.start > s.start) parts.push({ start: s.start, end: c.start });
      if (c.end < s.end) parts.push({ start: c.end, end: s.end });
      return parts;
    });
  }
  return out;
}

/** A member marks themself on duty for a function mailbox on a day (BK-16). */
export async function markDuty(
  db: Kysely<DB>,
  mailboxes: Mailboxes,
  zone: string,
  input: { mailbox: string; person: string; date: string; hours: string },
  now: Date,
): Promise<void> {
  const box = mailboxes.lookup(input.mailbox);
  if (!box || box.kind !== 'function') throw new CoverageError('notFunction', { mailbox: input.mailbox });
  const person = input.person.toLowerCase();
  if (!box.owners.includes(person) && !box.members.includes(person)) throw new CoverageError('notMember', { person, mailbox: box.address });
  spanOf(localDay(input.date, zone), input.hours);
  await db
    .insertInto('duty_marks')
    .values({ id: newItemId(), mailbox: box.address, person, day: input.date, from_time: input.hours.slice(0, 5), to_time: input.hours.slice(6), created_at: now.getTime() })
    .execute();
}

/** The coverage of every function mailbox (or one) on a local date. */
export async function coverageOn(deps: CoverageDeps, date: string, only?: string): Promise<MailboxCoverage[]> {
  const zone = deps.phone.timeZone;
  const day = localDay(date, zone);
  const from = day.toJSDate();
  const to = day.plus({ days: 1 }).toJSDate();
  const phone = deps.phone.openIntervals(from, to).map((i) => ({ start: i.start.getTime(), end: i.end.getTime() }));
  const weekday = WEEKDAYS[day.weekday - 1]!;
  const boxes = deps.config.mailboxes.filter((b) => b.kind === 'function' && (!only || b.address === only.toLowerCase()));
  const marks = await deps.db.selectFrom('duty_marks').selectAll().where('day', '=', date).execute();
  const absences = await absencesBetween(deps.db, from, to);
  return boxes.map((box) => {
    const duties: Array<Span & { person: string; source: Duty['source'] }> = [
      ...box.duty.filter((d) => d.days.includes(weekday)).map((d) => ({ person: d.person, source: 'roster' as const, ...spanOf(day, d.hours) })),
      ...marks.filter((m) => m.mailbox === box.address).map((m) => ({ person: m.person, source: 'mark' as const, ...spanOf(day, `${m.from_time}-${m.to_time}`) })),
    ];
    // An absent person is on duty only outside the absence (BK-21 removes them from the roster).
    const onDuty = duties.flatMap((d) => {
      const away = absences.filter((a) => a.person === d.person).map((a) => ({ start: a.startsAt.getTime(), end: a.endsAt.getTime() }));
      return subtract([d], away).map((s) => ({ person: d.person, source: d.source, from: new Date(s.start), to: new Date(s.end) }));
    });
    const gaps = subtract(phone, onDuty.map((d) => ({ start: d.from.getTime(), end: d.to.getTime() })));
    return {
      mailbox: box.address,
      unit: box.unit,
      date,
      phoneHours: phone.map((p) => ({ from: new Date(p.start), to: new Date(p.end) })),
      onDuty: onDuty.sort((a, b) => a.from.getTime() - b.from.getTime()),
      gaps: gaps.map((g) => ({ from: new Date(g.start), to: new Date(g.end) })),
    };
  });
}

/** The local date of the next working day's telephone hours after `now`'s day. */
export function nextWorkingDay(phone: WorkingCalendar, now: Date): string {
  const tomorrow = DateTime.fromJSDate(now, { zone: phone.timeZone }).startOf('day').plus({ days: 1 });
  return DateTime.fromJSDate(phone.nextOpening(tomorrow.toJSDate()), { zone: phone.timeZone }).toISODate()!;
}

export interface CoverageAlertDeps extends CoverageDeps {
  queue: Queue;
  units: Units;
  mailboxes: Mailboxes;
  hostname: string;
  /** Local time HH:MM from which the next working day is looked at. */
  alertAt: string;
  logger: Logger;
}

/** Tell each unit's managers of the next working day's gaps, once per mailbox and day. */
export async function alertCoverageGaps(deps: CoverageAlertDeps, now: Date): Promise<number> {
  const zone = deps.phone.timeZone;
  const local = DateTime.fromJSDate(now, { zone });
  if (local.toFormat('HH:mm') < deps.alertAt) return 0;
  const date = nextWorkingDay(deps.phone, now);
  let sent = 0;
  for (const c of await coverageOn(deps, date)) {
    if (c.gaps.length === 0) continue;
    const unit = deps.units.get(c.unit);
    if (unit.managers.length === 0) {
      deps.logger.warn({ mailbox: c.mailbox, unit: c.unit }, 'a function mailbox is uncovered, and its unit names no manager to tell (units[].managers)');
      continue;
    }
    await deps.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto('coverage_alerts')
        .values({ mailbox: c.mailbox, day: date, sent_at: now.getTime() })
        .onConflict((oc) => oc.columns(['mailbox', 'day']).doNothing())
        .returning('day')
        .executeTakeFirst();
      if (!claimed) return;
      const lang = unit.language;
      const params = { mailbox: c.mailbox, unit: unit.name, day: date };
      const hhmm = (t: Date) => DateTime.fromJSDate(t, { zone }).toFormat('HH:mm');
      const subject = translate(messages, lang, 'gapSubject', params);
      const lines = [
        translate(messages, lang, 'gapBody', params),
        ...c.gaps.map((g) => `  ${hhmm(g.from)}–${hhmm(g.to)}`),
        '',
        translate(messages, lang, 'gapAction', params),
        '',
        '-- ',
        translate(messages, lang, 'gapFooter', params),
      ];
      const notice = await plainNotice({ hostname: deps.hostname, to: unit.managers, lang, subject, lines, date: now, originId: `coverage-gap:${c.mailbox}:${date}`, notice: 'coverage-gap' });
      await enqueueNotices(trx, deps.queue, [notice], now);
      sent += 1;
    });
  }
  return sent;
}
