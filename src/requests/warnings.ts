/**
 * Warnings before deadlines (issue 19 item 2): inside `postvakt serve`, every few minutes, each
 * open request whose deadline (the escalated review's, else the answer's) is within
 * `requests.warnBefore` gets one mail to its assignee, or to its unit's registrars when the
 * assignee is no address. Claimed by a conditional update of `requests.warned_for` in the same
 * transaction as the queued mail, so instances sharing the store warn once per deadline.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { WorkingCalendar } from '../calendar/types.ts';
import { translate, type Lang } from '../i18n/catalog.ts';
import type { Logger } from '../logging/logger.ts';
import { plainNotice } from '../notices/mime.ts';
import { enqueueNotices } from '../notices/delivery.ts';
import type { Queue } from '../queue/queue.ts';
import { startPeriodic } from '../serve/periodic.ts';
import type { RunningService } from '../serve/service.ts';
import type { DB } from '../store/schema.ts';
import type { UnitConfig } from '../units/config.ts';
import type { RequestsConfig } from './config.ts';
import { messages } from './messages.ts';

export interface WarningOptions {
  db: Kysely<DB>;
  queue: Queue;
  clock: Clock;
  logger: Logger;
  calendar: WorkingCalendar;
  config: RequestsConfig;
  units: UnitConfig[];
  lang: Lang;
  hostname: string;
}

/** Queue the warnings now due; returns the request ids warned. */
export async function warnBeforeDeadlines(options: WarningOptions): Promise<string[]> {
  const { db, clock, config, calendar } = options;
  const now = clock.now().getTime();
  const open = await db.selectFrom('requests').selectAll().where('state', 'in', ['open', 'in-review', 'escalated']).execute();
  const warned: string[] = [];
  for (const r of open) {
    const deadline = Number(r.state === 'escalated' && r.review_due_at !== null ? r.review_due_at : r.due_at);
    if (deadline - config.warnBefore > now || Number(r.warned_for) === deadline) continue;
    const unit = options.units.find((u) => u.id === r.unit);
    const to = r.assignee?.includes('@') ? [r.assignee] : (unit?.registrars ?? []);
    if (to.length === 0) continue;
    const lang = (unit?.language as Lang | undefined) ?? options.lang;
    const due = calendar.formatLocal(new Date(deadline));
    const subject = translate(messages, lang, 'warnSubject', { id: r.id, due });
    const notice = await plainNotice({
      hostname: options.hostname,
      to,
      lang,
      subject,
      lines: [translate(messages, lang, 'warnBody', { id: r.id, due, deadline: r.state === 'escalated' ? 'BK-23' : 'BK-18' })],
      date: new Date(now),
      originId: `request-warning:${r.id}:${deadline}`,
      notice: 'request-warning',
    });
    const sent = await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('requests')
        .set({ warned_for: deadline })
        .where('id', '=', r.id)
        .where((eb) => eb.or([eb('warned_for', 'is', null), eb('warned_for', '!=', deadline)]))
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return false;
      // At once, or in the person's digest (BK-10); logged like every notice of Postvakt's.
      await enqueueNotices(trx, options.queue, [notice], new Date(now));
      await trx.insertInto('request_events').values({ request_id: r.id, at: now, kind: 'warned', actor: null, data: JSON.stringify({ deadline: new Date(deadline).toISOString(), to }) }).execute();
      return true;
    });
    if (sent) warned.push(r.id);
  }
  if (warned.length > 0) options.logger.info({ requests: warned }, 'deadline warnings queued');
  return warned;
}

export function startRequestWarnings(options: WarningOptions & { intervalMs?: number }): RunningService {
  return startPeriodic({
    name: 'request-warnings',
    everyMs: options.intervalMs ?? 300_000,
    logger: options.logger,
    failed: 'request deadline warnings failed; retrying at the next sweep',
    run: () => warnBeforeDeadlines(options),
  });
}
