/**
 * The composition root's parts: everything `postvakt serve` (and `postvakt queue`) builds once
 * from the configuration — store, calendar, rule engine, register, decider, the durable queue
 * with its per-channel transport registry, and the scheduler. Front doors take what they need
 * from here; nothing below builds its own copy.
 */
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../logging/logger.ts';
import { openStore, type Store } from '../store/db.ts';
import { createCalendar } from '../calendar/calendar.ts';
import type { WorkingCalendar } from '../calendar/types.ts';
import { engineFromConfig, type RuleEngine } from '../rules/engine.ts';
import { rulesSection } from '../gateway/checkers.ts';
import { openRegister } from '../register/open.ts';
import type { ConsiderationRegister } from '../register/register.ts';
import { deciderFor } from './decider.ts';
import type { Decider } from '../decision/types.ts';
import { Queue } from '../queue/queue.ts';
import { TransportRegistry } from '../queue/registry.ts';
import { Scheduler, type OutcomeObserver } from '../queue/scheduler.ts';
import { createSmtpTransport } from '../gateway/smarthost.ts';
import { emailChannel } from '../gateway/channel.ts';
import { logOutcomes, overrideEntry as emailOverrideEntry } from '../gateway/maillog.ts';
import { overrideEntry as letterOverrideEntry } from '../digitalpost/maillog.ts';
import { appendMailLog } from '../maillog/log.ts';
import { checkReschedule } from '../decision/overrides.ts';
import { attachDigitalPostChannel } from '../digitalpost/service.ts';
import { deliveryRoute } from '../digitalpost/transport.ts';
import { createMailboxes, type Mailboxes } from '../inbound/mailboxes.ts';
import { recordOutcome } from '../metrics/metrics.ts';

export interface ServeContext {
  config: Config;
  clock: Clock;
  logger: Logger;
  store: Store;
  calendar: WorkingCalendar;
  engine: RuleEngine;
  register: ConsiderationRegister;
  decider: Decider;
  /** The own domains and mailboxes: directions in the mail log, the inbound door, answers (issue 17). */
  mailboxes: Mailboxes;
  queue: Queue;
  /** Channels register their transport here (e-mail is registered by the context). */
  transports: TransportRegistry;
  scheduler: Scheduler;
  /** Observers of finished delivery attempts (the mail log joins here). */
  deliveryObservers: OutcomeObserver[];
  close(): Promise<void>;
}

/**
 * The queue as every front door and the CLI use it: results go to the mail log, and a person's
 * new release time must pass the same checks as the hold decision (FX-3, FX-6).
 */
export function createQueue(store: Store, clock: Clock, config: Config, calendar: WorkingCalendar): Queue {
  return new Queue(store.db, clock, {
    leaseMs: config.queue.lease,
    retrySchedule: config.queue.retrySchedule,
    onFinished: logOutcomes,
    async onOverride(trx, item, { kind, actor, at }) {
      // Releases and cancels change what leaves the municipality, so the public log records them.
      if (kind !== 'released' && kind !== 'cancelled') return;
      const row = item.channel === 'digitalpost' ? letterOverrideEntry(item, kind, actor, at) : emailOverrideEntry(item, kind, actor, at);
      await appendMailLog(trx, row);
    },
    checkReschedule: (item, at, now) => {
      const deadline = typeof item.decision.deadline === 'string' ? new Date(item.decision.deadline) : undefined;
      checkReschedule(
        { holdUntil: item.releaseAt ?? now, channel: deliveryRoute(item), ...(deadline ? { deadline } : {}) },
        at,
        now,
        { calendar, config: config.decision },
      );
    },
  });
}

export interface ContextOptions {
  config: Config;
  clock: Clock;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}

export async function createContext(options: ContextOptions): Promise<ServeContext> {
  const { config, clock, logger } = options;
  const store = await openStore(config.store.url);
  try {
    const calendar = createCalendar(config.calendar);
    const mailboxes = createMailboxes(config);
    const engine = engineFromConfig({ ...config, rules: rulesSection(config) });
    const register = await openRegister({ config, store, clock, logger, ...(options.env ? { env: options.env } : {}) });
    const decider = deciderFor(config, calendar, register);
    const queue = createQueue(store, clock, config, calendar);
    const transports = new TransportRegistry();
    transports.register(
      'email',
      emailChannel(createSmtpTransport(config.gateway.smarthost, config.gateway.hostname, options.env), {
        hostname: config.gateway.hostname,
        clock,
        verdictHeaders: { enabled: config.gateway.actions.verdictHeaders, isOwn: mailboxes.isOwn },
      }),
    );
    if (config.inbound.enabled && config.inbound.mode === 'relay') {
      // Inbound mail goes on to the internal mail system; a final failure bounces to the sender outside.
      transports.register(
        'inbound',
        emailChannel(createSmtpTransport(config.inbound.deliverTo, config.gateway.hostname, options.env), {
          hostname: config.gateway.hostname,
          clock,
          // Mail from outside carries no verdict of ours; any X-Postvakt-* field it brings is removed.
          verdictHeaders: { enabled: false, isOwn: () => false },
          channel: 'inbound',
        }),
      );
    }
    const deliveryObservers: OutcomeObserver[] = [recordOutcome];
    // Registered here too, not only by the intake, so `postvakt queue run-due` forwards letters.
    attachDigitalPostChannel({ config, store, clock, transports, deliveryObservers, ...(options.env ? { env: options.env } : {}) });
    const scheduler = new Scheduler({
      queue,
      registry: transports,
      clock,
      logger,
      pollMs: config.queue.pollInterval,
      concurrency: config.queue.concurrency,
      attemptTimeoutMs: Math.floor(config.queue.lease * 0.8),
      observers: deliveryObservers,
    });
    return {
      config,
      clock,
      logger,
      store,
      calendar,
      engine,
      register,
      decider,
      mailboxes,
      queue,
      transports,
      scheduler,
      deliveryObservers,
      close: async () => {
        await transports.closeAll();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
