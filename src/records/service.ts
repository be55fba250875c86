/**
 * The records workflow inside `postvakt serve`: one `Records` over the serve context (messages
 * read for suggestions in the check pool, never on the main thread), and the sweep that queues
 * registration reminders (BK-20) hourly while the gateway runs.
 */
import { isLang } from '../i18n/catalog.ts';
import { startPeriodic } from '../serve/periodic.ts';
import type { ServiceStarter, ServingContext } from '../serve/serve.ts';
import { createUnits } from '../units/units.ts';
import { absoluteLink, webBase } from '../web/links.ts';
import { createRecords, type Records } from './records.ts';
import { sendRegistrationReminders } from './reminders.ts';

/** How often the reminder sweep looks; a reminder is due by working days, so hourly is ample. */
export const REMINDER_SWEEP_MS = 3_600_000;

export function recordsOf(context: ServingContext): Records {
  return createRecords({ db: context.store.db, clock: context.clock, calendar: context.calendar, config: context.config.records, parse: context.checkers.parse });
}

export const startRecordsReminders: ServiceStarter = async (context) => {
  const { config } = context;
  const logger = context.logger.child({ service: 'records' });
  const options = {
    db: context.store.db,
    queue: context.queue,
    clock: context.clock,
    calendar: context.calendar,
    logger,
    records: recordsOf(context),
    mailboxes: context.mailboxes,
    units: createUnits(config),
    afterDays: config.records.remindAfterDays,
    defaultLang: isLang(config.municipality.language) ? config.municipality.language : 'en',
    hostname: config.gateway.hostname,
    ...(config.web?.enabled ? { link: absoluteLink(webBase(config.web), '/records') } : {}),
  };
  const service = startPeriodic({
    name: 'records-reminders',
    everyMs: REMINDER_SWEEP_MS,
    logger,
    failed: 'registration reminders failed; retrying at the next sweep',
    run: async () => {
      if ((await sendRegistrationReminders(options)).length > 0) context.scheduler.kick();
    },
  });
  await service.first;
  return service;
};
