/**
 * `postvakt serve`: build the context, start every front door, then the scheduler, and close
 * them all on shutdown. A front door is one `ServiceStarter` in `frontDoors`:
 * the Digital Post intake and the web app add theirs to that list.
 */
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/schema.ts';
import { isLang, type Lang } from '../i18n/catalog.ts';
import { createPipeline, type PipelineResult } from '../gateway/pipeline.ts';
import { startGateway } from '../gateway/server.ts';
import { loadKeyPair } from '../gateway/tls.ts';
import { GroupCommit } from '../queue/group-commit.ts';
import { logAccepted, logRefused } from '../gateway/maillog.ts';
import { startCheckers, type Checkers } from '../gateway/checkers.ts';
import { createContext, type ServeContext } from './context.ts';
import { startDigitalPost } from '../digitalpost/service.ts';
import type { RunningService } from './service.ts';
import { startWeb } from '../web/service.ts';
import { absoluteLink, noticeLink, webBase } from '../web/links.ts';
import { startRegisterMaintenance } from '../register/maintenance.ts';
import { recordEnqueued, recordRefused, timedCheck } from '../metrics/metrics.ts';
import { startAdmin } from '../admin/service.ts';
import { noteReminderLanguage } from '../register/reminders.ts';
import { reviewRemindersSchema } from '../register/config.ts';
import { startInbound } from '../inbound/service.ts';
import { startRecordsReminders } from '../records/service.ts';
import { startRequestWarnings } from '../requests/warnings.ts';
import { answerOf, closeAnswered, type Answer } from '../inbound/waiting.ts';
import { messageDirection } from '../inbound/direction.ts';
import type { SmtpEnvelope } from '../gateway/smarthost.ts';
import { startRetention } from '../retention/service.ts';
import { retentionSources } from '../retention/wiring.ts';
import { routeNotices } from '../notices/delivery.ts';
import { createAbsenceWatch, type AbsenceWatch } from '../absence/watch.ts';
import { startSweeps } from './sweeps.ts';

/** The context with what only a running server has: the pool that reads and checks messages. */
export interface ServingContext extends ServeContext {
  checkers: Checkers;
  /** Absences: substitutes, out-of-office replies through the outbound pipeline, alerts (BK-21, BK-22). */
  absence: AbsenceWatch;
}

type Accepted = Extract<PipelineResult, { kind: 'accept' }>;

export type ServiceStarter = (context: ServingContext) => Promise<RunningService>;

/** The municipality's language, for text with no sender to ask. */
function municipalityLang(config: Config): Lang {
  return isLang(config.municipality.language) ? config.municipality.language : 'en';
}

/** The outbound door's pipeline: the relay's, and the one Postvakt's own replies go through (BK-22). */
function outboundPipeline(context: ServeContext & { checkers: Checkers }) {
  const { config, clock, decider, logger, checkers, mailboxes } = context;
  return createPipeline({
    config: config.gateway,
    defaultLang: municipalityLang(config),
    timeZone: config.calendar.timeZone,
    clock,
    analyse: timedCheck('email', checkers.analyse),
    decider,
    isOwn: mailboxes.isOwn,
    noticeLink: config.web ? (queueId) => noticeLink(context.store.db, clock, config.web, queueId) : undefined,
    keeper: context.register,
    onReviewOverdue: (flagId, lang) =>
      void noteReminderLanguage(context.store.db, flagId, lang).catch((err: unknown) => logger.error({ err, flagId }, 'could not note the reminder language')),
  });
}

/** The SMTP relay (issue 6). */
export const startSmtp: ServiceStarter = async (context) => {
  const { config, clock, queue, scheduler, logger, mailboxes } = context;
  const defaultLang = municipalityLang(config);
  const pipeline = outboundPipeline(context);
  const gateway = await startGateway({
    config: config.gateway,
    keyPair: await loadKeyPair(config.gateway, logger),
    pipeline,
    spool: new GroupCommit(async (messages: Accepted[]) => {
      let items = messages.flatMap((m) => m.items);
      await context.store.db.transaction().execute(async (trx) => {
        // Sender notices go now, or wait for the sender's digest (BK-10).
        items = await routeNotices(trx, items, clock.now());
        const ids = await queue.enqueue(items, trx);
        await logAccepted(trx, items.map((item, i) => ({ ...item, id: ids[i]! })), clock.now());
        // An answer closes what waited for it, in the same commit (BK-14).
        const answers = messages
          .map((m) => answerOf(m.originId, (m.items[0]!.envelope as unknown as SmtpEnvelope).from, m.message))
          .filter((a): a is Answer => a !== undefined);
        await closeAnswered(trx, answers, mailboxes, clock.now());
      });
      // The client's 250 promises the message survives a crash (RFC 5321 §6.1).
      await context.store.durable();
      recordEnqueued(items);
      return messages.map(() => undefined);
    }),
    logger,
    defaultLang,
    onAccepted: () => scheduler.kick(),
    onRefused: (result, tx, size) => {
      recordRefused('email', result.rule);
      return logRefused(
        context.store.db,
        {
          from: tx.from,
          to: tx.recipients.map((r) => r.address),
          subject: result.subject ?? '',
          ...(result.messageId ? { messageId: result.messageId } : {}),
          size,
          reply: `${result.code} ${result.text}`,
          session: tx.session.id,
          direction: messageDirection(tx.from, tx.recipients.map((r) => r.address), mailboxes.isOwn),
        },
        clock.now(),
      );
    },
  });
  return gateway;
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
export const frontDoors: ServiceStarter[] = [startSmtp, startInbound, startDigitalPost, startWeb, startMaintenance, startRecordsReminders, startRequests, startRetentionRun, startSweeps, startAdmin];

export interface Serving {
  context: ServingContext;
  services: RunningService[];
  stop(): Promise<void>;
}

export async function serve(options: { config: Config; clock: Clock; logger: Logger; env?: NodeJS.ProcessEnv }): Promise<Serving> {
  const base = await createContext(options);
  const withCheckers = { ...base, checkers: startCheckers(options.config) };
  const context: ServingContext = {
    ...withCheckers,
    absence: createAbsenceWatch({
      db: base.store.db,
      queue: base.queue,
      config: options.config.absence,
      calendar: base.calendar,
      mailboxes: base.mailboxes,
      units: base.units,
      municipality: options.config.municipality,
      hostname: options.config.gateway.hostname,
      outbound: outboundPipeline(withCheckers),
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
