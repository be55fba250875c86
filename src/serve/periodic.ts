/**
 * A service of `postvakt serve` that does one job now and then every `everyMs`: the sweeps that
 * queue reminders, warnings and notices, register maintenance, retention. One run at a time (a
 * slow run is not overlapped by the next tick), and `close` waits for a run in progress, so no
 * job touches the store after serve has closed it. A run that fails is logged and tried again at
 * the next tick: timed work must never end the process.
 */
import type { Logger } from '../logging/logger.ts';
import type { RunningService } from './service.ts';

export interface PeriodicService extends RunningService {
  /** The first run, started at once; a service whose first run must finish before serve goes on awaits it. */
  first: Promise<void>;
}

export function startPeriodic(o: { name: string; everyMs: number; logger: Logger; failed: string; run: () => Promise<unknown> }): PeriodicService {
  let running: Promise<void> | undefined;
  const tick = (): Promise<void> =>
    (running ??= o
      .run()
      .then(
        () => undefined,
        (err: unknown) => o.logger.error({ err: (err as Error).message }, o.failed),
      )
      .finally(() => {
        running = undefined;
      }));
  const first = tick();
  const timer = setInterval(() => void tick(), o.everyMs);
  timer.unref();
  return {
    name: o.name,
    first,
    close: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
