/**
 * The Digital Post channel inside `postvakt serve`: its forwarding half (the transport in the
 * queue's registry and the mail-log writer for outcomes, so the scheduler and `queue run-due`
 * can forward letters) and the HTTP intake on its own port.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/schema.ts';
import type { Decider } from '../decision/types.ts';
import type { Checkers } from '../gateway/checkers.ts';
import { isLang } from '../i18n/catalog.ts';
import type { Logger } from '../logging/logger.ts';
import type { Queue } from '../queue/queue.ts';
import type { TransportRegistry } from '../queue/registry.ts';
import type { OutcomeObserver } from '../queue/scheduler.ts';
import type { RuleEngine } from '../rules/engine.ts';
import type { RunningService } from '../serve/service.ts';
import type { Store } from '../store/db.ts';
import type { ConsiderationRegister } from '../register/register.ts';
import { createIntake } from './intake.ts';
import { outcomeLogger } from './maillog.ts';
import { buildIntakeApp } from './server.ts';
import { createDigitalPostTransport, UpstreamConfigError, type MemoEnvelope } from './transport.ts';
import { createKombiTransport } from './serviceplatformen.ts';
import { createKombiIntake } from './kombi-intake.ts';
import type { Transport } from '../queue/transport.ts';

/** What the channel's forwarding half needs from the composition root (src/serve/context.ts). */
export interface ChannelDeps {
  config: Config;
  store: Store;
  clock: Clock;
  transports: TransportRegistry;
  /** Told about every forwarding attempt; the channel adds its mail-log writer here. */
  deliveryObservers: OutcomeObserver[];
  /** Where the upstream token variable is read (default: the process environment). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Attach the forwarding half of the channel: the upstream transport and the mail-log writer
 * for its outcomes. Idempotent, so both the composition root (for `queue run-due`) and the
 * intake's starter may call it. Returns whether the channel is configured.
 */
export function attachDigitalPostChannel(deps: ChannelDeps): boolean {
  if (deps.transports.get('digitalpost')) return true;
  const dp = deps.config.digitalPost?.enabled ? deps.config.digitalPost : undefined;
  // A municipality may send only through Serviceplatformen (SF1601), only to the Digital Post API, or both.
  if (!dp?.upstream && !dp?.sf1601) return false;
  const memo = dp.upstream ? createDigitalPostTransport(dp.upstream, deps.env) : undefined;
  const kombi = dp.sf1601 ? createKombiTransport(dp.sf1601.upstream) : undefined;
  // One channel and queue for both intakes; each letter goes back the way it came.
  const transport: Transport = {
    deliver: (item) => {
      const route = (item.envelope as Partial<MemoEnvelope>).kombi ? { to: kombi, key: 'digitalPost.sf1601' } : { to: memo, key: 'digitalPost.upstream' };
      if (route.to) return route.to.deliver(item);
      return Promise.resolve({ kind: 'transient', error: `${route.key} is not configured: this letter waits until it is` });
    },
    close: async () => {
      await memo?.close();
      await kombi?.close();
    },
  };
  deps.transports.register('digitalpost', { transport });
  deps.deliveryObservers.push(outcomeLogger(deps.store.db, deps.clock));
  return true;
}

function readTlsFile(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UpstreamConfigError(`digitalPost.tls.${key}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** What the intake takes from `postvakt serve`'s context (src/serve/context.ts). */
export interface DigitalPostServiceDeps extends ChannelDeps {
  queue: Queue;
  /** Letters are read in the check workers: pdf.js then never runs on the intake's thread. */
  checkers: Pick<Checkers, 'parse'>;
  engine: RuleEngine;
  decider: Decider;
  logger: Logger;
  /** Woken after letters are queued, so an unheld letter goes out at once. */
  scheduler: { kick(): void };
  /** Seals decision details and names the recipient of a held letter in the mail log (FX-4). */
  register: Pick<ConsiderationRegister, 'pseudonym' | 'sealDetails'>;
}

/** The disabled channel still answers for itself in the start-up log. */
const disabled: RunningService = { name: 'digitalpost', address: 'disabled (digitalPost.enabled is not set)', close: async () => undefined };

/** Register the transport and start the intake; a no-op service when `digitalPost` is not enabled. */
export async function startDigitalPost(deps: DigitalPostServiceDeps): Promise<RunningService> {
  const dp = deps.config.digitalPost;
  if (!dp?.enabled || !attachDigitalPostChannel(deps)) return disabled;
  const logger = deps.logger.child({ service: 'digitalpost' });
  const intake = createIntake({
    db: deps.store.db,
    durable: deps.store.durable,
    queue: deps.queue,
    parse: deps.checkers.parse,
    engine: deps.engine,
    decider: deps.decider,
    clock: deps.clock,
    config: dp,
    timeZone: deps.config.calendar.timeZone,
    logger,
    onEnqueued: () => deps.scheduler.kick(),
    keeper: deps.register,
  });
  const language = deps.config.municipality.language;
  const kombi = dp.sf1601 ? createKombiIntake({ db: deps.store.db, intake, timeZone: deps.config.calendar.timeZone, logger }) : undefined;
  const app = await buildIntakeApp({
    config: dp,
    intake: kombi ? { ...intake, kombi } : intake,
    defaultLang: isLang(language) ? language : 'da',
    logger,
    ...(dp.tls
      ? {
          tls: {
            key: readTlsFile(dp.tls.key, 'key'),
            cert: readTlsFile(dp.tls.cert, 'cert'),
            ...(dp.tls.clientCa ? { ca: readTlsFile(dp.tls.clientCa, 'clientCa') } : {}),
          },
        }
      : {}),
  });
  await app.listen({ host: dp.host, port: dp.port });
  const { port } = app.server.address() as AddressInfo;
  const address = `${dp.tls ? 'https' : 'http'}://${dp.host}:${port}`;
  if (dp.clients.length === 0) logger.warn('digitalPost.clients is empty: every request will be refused with 401');
  return { name: 'digitalpost', address, close: () => app.close() };
}
