/**
 * The timed work of Postvakt's own notices, in `postvakt serve`, every `notices.sweepInterval`:
 * digests at each person's chosen times (BK-10), alerts before an absence without a substitute
 * starts and the moving of waiting items to substitutes (BK-21), and alerts about the next
 * working day's gaps in function-mailbox coverage (BK-16). Each job claims what it sends in the
 * store, so restarts and instances sharing the store send it once.
 */
import { startPeriodic } from './periodic.ts';
import type { ServiceStarter } from './serve.ts';
import { isLang } from '../i18n/catalog.ts';
import { phoneHoursCalendar } from '../calendar/calendar.ts';
import { sendDueDigests } from '../notices/delivery.ts';
import { alertCoverageGaps } from '../coverage/coverage.ts';

export const startSweeps: ServiceStarter = async (context) => {
  const { config, store, queue, clock, absence, scheduler } = context;
  const logger = context.logger.child({ service: 'sweeps' });
  const phone = phoneHoursCalendar(config.calendar);
  const defaultLang = isLang(config.municipality.language) ? config.municipality.language : 'en';
  const jobs: Array<[string, (now: Date) => Promise<unknown>]> = [
    ['absences', (now) => absence.sweep(now)],
    [
      'coverage',
      (now) =>
        alertCoverageGaps(
          { db: store.db, config, phone, queue, units: context.units, mailboxes: context.mailboxes, hostname: config.gateway.hostname, alertAt: config.coverage.alertAt, logger },
          now,
        ),
    ],
    ['digests', (now) => sendDueDigests({ db: store.db, queue, timeZone: config.calendar.timeZone, hostname: config.gateway.hostname, defaultLang }, now)],
  ];
  // Each job's failure is its own: one failing job does not stop the others in the same sweep.
  const service = startPeriodic({
    name: 'sweeps',
    everyMs: config.notices.sweepInterval,
    logger,
    failed: 'sweep failed; retrying at the next one',
    run: async () => {
      const now = clock.now();
      for (const [name, job] of jobs) {
        await job(now).catch((err: unknown) => logger.error({ err: (err as Error).message, job: name }, 'sweep failed; retrying at the next one'));
      }
      scheduler.kick();
    },
  });
  await service.first;
  return service;
};
