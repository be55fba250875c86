/**
 * The register's housekeeping inside `postvakt serve`: delete expired flags (FX-4: no flag lives
 * past its expiry), report flags past their review date and remind their owners and units
 * (`reminders.ts`), at start and then every hour. The log names counts and flag ids only —
 * never an identifier or a reason.
 */
import type { Logger } from '../logging/logger.ts';
import { startPeriodic } from '../serve/periodic.ts';
import type { RunningService } from '../serve/service.ts';
import { SYSTEM_ACTOR, type ConsiderationRegister } from './register.ts';
import { sendDueReminders, type ReminderOptions } from './reminders.ts';

export interface MaintenanceOptions {
  register: ConsiderationRegister;
  logger: Logger;
  /** Default: one hour. */
  intervalMs?: number;
  /** Remind owners and units of overdue flags by mail (serve gives it the queue and the config). */
  reminders?: ReminderOptions;
}

export async function startRegisterMaintenance(options: MaintenanceOptions): Promise<RunningService> {
  const { register, logger } = options;
  const service = startPeriodic({
    name: 'register-maintenance',
    everyMs: options.intervalMs ?? 3_600_000,
    logger,
    failed: 'register maintenance failed; retrying at the next sweep',
    run: async () => {
      const purged = await register.purgeExpired(SYSTEM_ACTOR);
      if (purged > 0) logger.info({ purged }, 'deleted expired consideration flags');
      const due = await register.reviewDue(SYSTEM_ACTOR);
      if (due.length > 0) logger.warn({ flags: due.map((f) => f.id) }, 'consideration flags are past their review date');
      if (options.reminders) await sendDueReminders(options.reminders, due);
    },
  });
  await service.first;
  return service;
}
