/**
 * The retention run inside `postvakt serve` (issue 20): looked at hourly, run when the last run
 * (by any instance sharing the store) is `every` old, claimed by a conditional update so two
 * instances never run it together. The log line names counts only.
 */
import type { Clock } from '../clock/clock.ts';
import type { Logger } from '../logging/logger.ts';
import { loadSigningKey } from '../maillog/signing.ts';
import { startPeriodic } from '../serve/periodic.ts';
import type { RunningService } from '../serve/service.ts';
import type { Store } from '../store/db.ts';
import type { RetentionConfig } from './config.ts';
import { runRetention } from './run.ts';
import type { RetentionSources } from './sources.ts';

export interface RetentionServiceOptions {
  store: Store;
  config: RetentionConfig;
  sources: RetentionSources;
  clock: Clock;
  logger: Logger;
  timeZone: string;
  /** How often to look whether a run is due; default one hour (or `every`, when shorter). */
  pollMs?: number;
}

export function startRetention(options: RetentionServiceOptions): RunningService {
  const { store, config, clock, logger } = options;
  // Made (0600) at start, so a key problem shows when serve starts, not a day later.
  const key = loadSigningKey(config.signingKey, { create: true })!;
  // The first look is not awaited: a due run may purge for minutes, and serve need not wait for it.
  return startPeriodic({
    name: 'retention',
    everyMs: options.pollMs ?? Math.min(3_600_000, config.every),
    logger,
    failed: 'retention run failed; trying again at the next look',
    run: async () => {
      const at = clock.now();
      const claimed = await store.db
        .updateTable('retention_gates')
        .set({ through: at.getTime() })
        .where('name', '=', 'run')
        .where('through', '<=', at.getTime() - config.every)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return;
      const report = await runRetention({ store, config, sources: options.sources, key, timeZone: options.timeZone, at });
      logger.info(report, 'retention run');
    },
  });
}
