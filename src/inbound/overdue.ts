/**
 * Overdue answers (BK-14): mail from outside still open past its due time is told to the
 * mailbox's owners and the unit's managers, in the unit's language, once when due and once more a
 * working day after the first notice (the calendar's open days, as the answer clock counts). An
 * acknowledgement gives the item a new due time, which is told about in the same way.
 *
 * Each notice is claimed by inserting its row in `inbound_overdue_notices` (item, due time, round)
 * and queued in the same transaction, with an event in the item's history: a sweep of any
 * instance, before or after a restart, that finds the row already there sends nothing.
 */
import { enqueueNotices } from '../notices/delivery.ts';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { WorkingCalendar } from '../calendar/types.ts';
import type { Logger } from '../logging/logger.ts';
import type { Queue } from '../queue/queue.ts';
import type { DB } from '../store/schema.ts';
import { startPeriodic } from '../serve/periodic.ts';
import type { ServiceStarter } from '../serve/serve.ts';
import { createUnits, type Units } from '../units/units.ts';
import { publicSubject } from '../maillog/index.ts';
import { plainNotice } from '../notices/mime.ts';
import { overdueLines, overdueSubject, type OverdueInput } from '../notices/overdue.ts';
import { absoluteLink, webBase } from '../web/links.ts';
import type { Mailboxes } from './mailboxes.ts';
import { answerClock } from './clock.ts';
import { DEFAULT_ANSWER_DAYS } from './config.ts';

export interface OverdueOptions {
  db: Kysely<DB>;
  queue: Queue;
  clock: Clock;
  logger: Logger;
  calendar: WorkingCalendar;
  mailboxes: Mailboxes;
  units: Units;
  /** For the From address and the Message-ID. */
  hostname: string;
  /** The web app's base address, for a link to the "Awaiting answer" page. */
  webBase?: string;
}

/** Items looked at per sweep; the rest wait for the next one. */
const BATCH = 500;

/** Queue the overdue notices due now; returns how many were queued. */
export async function sendOverdueNotices(o: OverdueOptions): Promise<number> {
  const now = o.clock.now();
  const items = await o.db
    .selectFrom('inbound_waiting')
    .select(['id', 'mailbox', 'unit', 'subject', 'received_at', 'due_at', 'state'])
    .where('state', 'in', ['waiting', 'acknowledged'])
    .where('due_at', '<=', now.getTime())
    .orderBy('due_at')
    .limit(BATCH)
    .execute();
  if (items.length === 0) return 0;
  const sent = await o.db
    .selectFrom('inbound_overdue_notices')
    .select(['waiting_id', 'due_at', 'round', 'sent_at'])
    .where('waiting_id', 'in', items.map((i) => i.id))
    .execute();
  let queued = 0;
  const unreachable: string[] = [];
  for (const item of items) {
    const due = Number(item.due_at);
    const rounds = sent.filter((n) => n.waiting_id === item.id && Number(n.due_at) === due);
    const first = rounds.find((n) => n.round === 1);
    let round: 1 | 2;
    if (!first) round = 1;
    else if (!rounds.some((n) => n.round === 2) && now >= answerClock(o.calendar, new Date(Number(first.sent_at)), 1).dueAt) round = 2;
    else continue;
    const mailbox = o.mailboxes.lookup(item.mailbox);
    const unit = o.units.get(item.unit);
    const to = [...new Set([...(mailbox?.owners ?? []), ...unit.managers])];
    if (to.length === 0) {
      unreachable.push(item.id);
      continue;
    }
    const input: OverdueInput = {
      lang: unit.language,
      round,
      itemId: item.id,
      mailbox: item.mailbox,
      unit: unit.name || item.mailbox,
      subject: publicSubject(item.subject),
      receivedAt: new Date(Number(item.received_at)),
      dueAt: new Date(due),
      answerDays: mailbox?.answerDays ?? DEFAULT_ANSWER_DAYS,
      acknowledged: item.state === 'acknowledged',
      timeZone: o.calendar.timeZone,
      ...(o.webBase ? { link: absoluteLink(o.webBase, `/answers?mailbox=${encodeURIComponent(item.mailbox)}`) } : {}),
    };
    const notice = await plainNotice({
      hostname: o.hostname,
      to,
      lang: unit.language,
      subject: overdueSubject(input),
      lines: overdueLines(input),
      date: now,
      originId: `overdue-notice:${item.id}:${due}:${round}`,
      notice: 'overdue-notice',
    });
    const claimed = await o.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('inbound_overdue_notices')
        .values({ waiting_id: item.id, due_at: due, round, sent_at: now.getTime() })
        .onConflict((oc) => oc.columns(['waiting_id', 'due_at', 'round']).doNothing())
        .returning('round')
        .executeTakeFirst();
      if (!row) return false;
      await trx
        .insertInto('inbound_waiting_events')
        .values({ waiting_id: item.id, at: now.getTime(), kind: 'overdue-notice', actor: null, data: JSON.stringify({ round, due, recipients: to.length }) })
        .execute();
      // At once, or in the person's digest (BK-10); logged like every notice of Postvakt's.
      await enqueueNotices(trx, o.queue, [notice], now);
      return true;
    });
    if (claimed) queued += 1;
  }
  if (unreachable.length > 0) o.logger.warn({ items: unreachable }, 'overdue items have nobody to tell: the mailbox has no owners and its unit no managers');
  if (queued > 0) o.logger.info({ notices: queued }, 'overdue-answer notices queued');
  return queued;
}

/** The sweep inside `postvakt serve`: at start, then every `inbound.overdueSweep`. */
export const startOverdueNotices: ServiceStarter = async (context) => {
  const { config, store, queue, clock, calendar, mailboxes, scheduler } = context;
  const logger = context.logger.child({ service: 'overdue-answers' });
  if (!config.inbound.enabled) return { name: 'overdue-answers', close: async () => undefined };
  const options: OverdueOptions = {
    db: store.db,
    queue,
    clock,
    logger,
    calendar,
    mailboxes,
    units: createUnits(config),
    hostname: config.gateway.hostname,
    ...(config.web?.enabled ? { webBase: webBase(config.web) } : {}),
  };
  const service = startPeriodic({
    name: 'overdue-answers',
    everyMs: config.inbound.overdueSweep,
    logger,
    failed: 'overdue-answer sweep failed; retrying at the next sweep',
    run: async () => {
      if ((await sendOverdueNotices(options)) > 0) scheduler.kick();
    },
  });
  await service.first;
  return service;
};
