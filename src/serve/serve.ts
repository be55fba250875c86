/**
 * `postvakt serve`: build the context, start every front door, then the scheduler, and close
 * them all on shutdown. A front door is one `ServiceStarter` in `frontDoors`:
 * the Digital Post intake and the web app add theirs to that list.
 */
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/schema.ts';
import { startGateway } from '../gateway/server.ts';
import { loadKeyPair } from '../gateway/tls.ts';
import { startCheckers, type Checkers } from '../gateway/checkers.ts';
import { createContext, type ServeContext } from './context.ts';
import { startDigitalPost } from '../digitalpost/service.ts';
import type { RunningService } from './service.ts';
import { startWeb } from '../web/service.ts';
import { absoluteLink, webBase } from '../web/links.ts';
import { startRegisterMaintenance } from '../register/maintenance.ts';
import { startAdmin } from '../admin/service.ts';
import { reviewRemindersSchema } from '../register/config.ts';
import { startInbound } from '../inbound/service.ts';
import { startOverdueNotices } from '../inbound/overdue.ts';
import { createOutgoing, municipalityLang, type Outgoing } from './outgoing.ts';
import { startRecordsReminders } from '../records/service.ts';
import { startRequestWarnings } from '../requests/warnings.ts';
import { startRetention } from '../retention/service.ts';
import { retentionSources } from '../retention/wiring.ts';
import { createAbsenceWatch, type AbsenceWatch } from '../absence/watch.ts';
import { startSweeps } from './sweeps.ts';

/** The context with what only a running server has: the pool that reads and checks messages, and the outgoing path. */
export interface ServingContext extends ServeContext {
  checkers: Checkers;
  /** Absences: substitutes, out-of-office replies through the outbound pipeline, alerts (BK-21, BK-22). */
  absence: AbsenceWatch;
  outgoing: Outgoing;
}

export type ServiceStarter = (context: ServingContext) => Promise<RunningService>;

/** The SMTP relay (issue 6). */
export const startSmtp: ServiceStarter = async (context) => {
  const { config, logger, outgoing } = context;
  return startGateway({
    config: config.gateway,
    keyPair: await loadKeyPair(config.gateway, logger),
    pipeline: outgoing.pipeline,
    spool: outgoing.spool,
    logger,
    defaultLang: outgoing.defaultLang,
    onAccepted: outgoing.onAccepted,
    onRefused: outgoing.onRefused,
  });
};

/** FX-4: expired flags are deleted, and overdue reviews reported and reminded, while the gateway runs. */
const startMaintenance: ServiceStarter = (context) => {
  const { config, store, queue, clock, register } = context;
  const logger = context.logger.child({ service: 'register' });
  return startRegisterMaintenance({
    register,
    logger,
    reminders: {
      db: store.db,
      queue,
      clock,
      logger,
      config: config.register?.reviewReminders ?? reviewRemindersSchema.parse({}),
      defaultLang: municipalityLang(config),
      hostname: config.gateway.hostname,
      ...(config.web?.enabled ? { registerLink: absoluteLink(webBase(config.web), '/register') } : {}),
    },
  });
};

/** BK-20, BK-27, BK-30: message bodies, the mail log and the register's audit trails are purged by their rules, daily. */
const startRetentionRun: ServiceStarter = async (context) =>
  startRetention({
    store: context.store,
    config: context.config.retention,
    sources: retentionSources(),
    clock: context.clock,
    logger: context.logger.child({ service: 'retention' }),
    timeZone: context.config.calendar.timeZone,
  });

/** Warnings before the deadlines of requests for documents (issue 19, BK-18, BK-23). */
const startRequests: ServiceStarter = async (context) =>
  startRequestWarnings({
    db: context.store.db,
    queue: context.queue,
    clock: context.clock,
    logger: context.logger.child({ service: 'requests' }),
    calendar: context.calendar,
    config: context.config.requests,
    units: context.config.units,
    lang: municipalityLang(context.config),
    hostname: context.config.gateway.hostname,
  });

/** Front doors, started in this order and closed in reverse. */
export const frontDoors: ServiceStarter[] = [
  startSmtp,
  startInbound,
  startDigitalPost,
  startWeb,
  startMaintenance,
  startRecordsReminders,
  startRequests,
  startOverdueNotices,
  startRetentionRun,
  startSweeps,
  startAdmin,
];

export interface Serving {
  context: ServingContext;
  services: RunningService[];
  stop(): Promise<void>;
}

export async function serve(options: { config: Config; clock: Clock; logger: Logger; env?: NodeJS.ProcessEnv }): Promise<Serving> {
  const base = { ...(await createContext(options)), checkers: startCheckers(options.config) };
  const outgoing = createOutgoing(base);
  const context: ServingContext = {
    ...base,
    outgoing,
    absence: createAbsenceWatch({
      db: base.store.db,
      queue: base.queue,
      config: options.config.absence,
      calendar: base.calendar,
      mailboxes: base.mailboxes,
      units: base.units,
      municipality: options.config.municipality,
      hostname: options.config.gateway.hostname,
      outbound: outgoing.pipeline,
      logger: options.logger.child({ service: 'absence' }),
    }),
  };
  const services: RunningService[] = [];
  const stop = async () => {
    // All at once: each stops listening at once and then finishes its own open work (SMTP
    // transactions, requests, deliveries in flight), so no port stays open while another drains.
    await Promise.all(
      services.map((service) =>
        service.close().catch((err: unknown) => options.logger.error({ err, service: service.name }, 'service did not close cleanly')),
      ),
    );
    await context.checkers.close();
    await context.close();
  };
  try {
    for (const start of frontDoors) services.push(await start(context));
    // Last, so every channel's transport is registered before the first claim.
    services.push(context.scheduler.start());
  } catch (err) {
    await stop();
    throw err;
  }
  for (const service of services) options.logger.info({ service: service.name, address: service.address }, 'service started');
  return { context, services, stop };
}
