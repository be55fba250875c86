/**
 * `postvakt queue list|show|release|reschedule|cancel|retry|told|run-due`: the durable queue
 * for operators and tests. Every override is recorded in the item's history with who did it
 * (the OS user, or `--actor`) and why.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { connect } from 'node:net';
import { clockFromEnv, fixedClock, parseInstant } from '../../clock/clock.ts';
import type { Config } from '../../config/schema.ts';
import type { WorkingCalendar } from '../../calendar/types.ts';
import { isLang, translate, type Lang, type Params } from '../../i18n/catalog.ts';
import { silentLogger, createLogger } from '../../logging/logger.ts';
import { openStore } from '../../store/db.ts';
import { QueueError, recipientsOf, type ListedItem, type Queue, type QueueItem } from '../../queue/queue.ts';
import type { QueueStatus } from '../../queue/tables.ts';
import { messages } from '../../queue/messages.ts';
import { createContext, createQueue } from '../../serve/context.ts';
import { createCalendar } from '../../calendar/calendar.ts';
import { inReaderLanguage, UsageError } from '../errors.ts';
import { cliConfig, cliInstant, printJson, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

interface Options {
  config?: string;
  json?: boolean;
  reason?: string;
  actor?: string;
  at?: string;
  status?: string;
  limit?: string;
}

const STATUSES: QueueStatus[] = ['held', 'queued', 'delivering', 'delivered', 'failed', 'cancelled'];

interface QueueCli {
  queue: Queue;
  lang: Lang;
  config: Config;
  calendar: WorkingCalendar;
}

async function withQueue<T>(opts: Options, run: (cli: QueueCli) => Promise<T>): Promise<T> {
  const { config } = cliConfig(opts);
  const lang = terminalLang(isLang(config.municipality.language) ? config.municipality.language : 'en');
  const calendar = createCalendar(config.calendar);
  const store = await openStore(config.store.url);
  try {
    return await inReaderLanguage(lang, () => run({ queue: createQueue(store, clockFromEnv(), config, calendar), lang, config, calendar }));
  } finally {
    await store.close();
  }
}

function say(lang: Lang, key: keyof (typeof messages)['en'], params?: Params): string {
  return translate(messages, lang, key, params);
}

/** The JSON shape of an item: everything but the raw bytes (their size instead), as `list` gives it. */
function summary(item: QueueItem): ListedItem {
  const { raw, ...rest } = item;
  return { ...rest, size: raw.length };
}

/** A notice to the sender is named as one, not listed under the subject of the letter it is about. */
function subjectOf(item: Omit<QueueItem, 'raw'>, lang: Lang): string {
  const subject = item.subject.replace(/\s+/g, ' ');
  const notice = item.decision.notice;
  if (notice === 'held') return say(lang, 'notice.held', { subject });
  if (notice === 'not-held') return say(lang, 'notice.notHeld', { subject });
  if (notice === 'dsn') return say(lang, 'notice.dsn', { subject });
  return subject;
}

function row(item: Omit<QueueItem, 'raw'>, cli: QueueCli): string {
  const when = item.status === 'held' ? item.releaseAt : item.nextAttemptAt;
  return [
    item.id.padEnd(37),
    item.status.padEnd(11),
    item.channel.padEnd(12),
    // In the municipality's time zone, with its offset: what the operator's colleagues see.
    (when ? cli.calendar.formatLocal(when) : '').padEnd(26),
    String(item.attempts).padEnd(6),
    String(recipientsOf(item).length).padEnd(5),
    subjectOf(item, cli.lang).slice(0, 80),
  ].join(' ');
}

/**
 * What happens to an item queued for delivery now: only a running `postvakt serve` delivers.
 * Whether one answers on this machine's SMTP port is a cheap, honest hint; another instance on
 * the shared PostgreSQL queue may deliver it too, so the sentence says so.
 */
async function deliveryOutlook(cli: QueueCli): Promise<string> {
  const { host, port } = cli.config.gateway;
  const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const serving = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: probeHost, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
  return say(cli.lang, serving ? 'outlook.serving' : 'outlook.noServer', { port });
}

function actorOf(opts: Options): string {
  return opts.actor ?? `cli:${userInfo().username}`;
}

export const register: RegisterCommands = (program: Command) => {
  const queue = program.command('queue').description('the durable delivery queue: list, inspect, release, cancel, retry');

  withConfigOption(queue.command('list'))
    .description('list queue items, newest first')
    .option('--status <list>', `comma-separated statuses (${STATUSES.join(', ')})`)
    .option('--limit <n>', 'at most this many items', '100')
    .option('--json', 'print JSON')
    .action(async (opts: Options) => {
      await withQueue(opts, async (cli) => {
        const { queue: q, lang } = cli;
        const status = opts.status?.split(',').map((s) => s.trim()) ?? [];
        const bad = status.find((s) => !STATUSES.includes(s as QueueStatus));
        if (bad !== undefined) throw new UsageError(say(lang, 'badStatus', { status: bad, statuses: STATUSES.join(', ') }));
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new UsageError(say(lang, 'badLimit', { limit: String(opts.limit) }));
        const items = await q.list({ status: status as QueueStatus[], limit });
        if (opts.json) return printJson(items);
        if (items.length === 0) return void process.stdout.write(`${say(lang, 'empty')}\n`);
        process.stdout.write(`${say(lang, 'header')}\n${items.map((item) => row(item, cli)).join('\n')}\n`);
      });
    });

  withConfigOption(queue.command('show <id>'))
    .description('one item: envelope, decision, findings and its history')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: Options) => {
      await withQueue(opts, async (cli) => {
        const item = await cli.queue.get(id);
        if (!item) throw new QueueError('notFound', { id });
        const events = await cli.queue.events(id);
        if (opts.json) return printJson({ ...summary(item), events });
        process.stdout.write(`${row(item, cli)}\n`);
        printJson({ envelope: item.envelope, decision: item.decision, lastResult: item.lastResult, told: item.told });
        process.stdout.write(`${say(cli.lang, 'events')}\n`);
        for (const e of events) {
          process.stdout.write(`  ${cli.calendar.formatLocal(e.at)}  ${e.kind.padEnd(11)} ${e.actor ?? ''}${e.reason ? `  "${e.reason}"` : ''}\n`);
        }
      });
    });

  withConfigOption(queue.command('release <id>'))
    .description('release a held message for delivery now (FX-6: a reason is required); a running serve delivers it')
    .option('--reason <text>', 'why it cannot wait (required)')
    .option('--actor <name>', 'who decided (default: the OS user)')
    .action(async (id: string, opts: Options) => {
      await withQueue(opts, async (cli) => {
        if (!opts.reason?.trim()) throw new UsageError(say(cli.lang, 'reasonRequired'));
        await cli.queue.release(id, { actor: actorOf(opts), reason: opts.reason });
        process.stdout.write(`${say(cli.lang, 'released', { id })} ${await deliveryOutlook(cli)}\n`);
      });
    });

  withConfigOption(queue.command('reschedule <id>'))
    .description('hold a message until another time')
    .requiredOption('--at <iso>', 'the new release time, e.g. 2026-12-07T09:00:00+01:00')
    .option('--reason <text>', 'why')
    .option('--actor <name>', 'who decided (default: the OS user)')
    .action(async (id: string, opts: Options) => {
      const at = parseInstant(opts.at!);
      await withQueue(opts, async (cli) => {
        await cli.queue.reschedule(id, at, { actor: actorOf(opts), ...(opts.reason ? { reason: opts.reason } : {}) });
        process.stdout.write(`${say(cli.lang, 'rescheduled', { id, at: cli.calendar.formatLocal(at) })}\n`);
      });
    });

  withConfigOption(queue.command('cancel <id>'))
    .description('never send a held or queued message')
    .option('--reason <text>', 'why')
    .option('--actor <name>', 'who decided (default: the OS user)')
    .action(async (id: string, opts: Options) => {
      await withQueue(opts, async ({ queue: q, lang }) => {
        await q.cancel(id, { actor: actorOf(opts), ...(opts.reason ? { reason: opts.reason } : {}) });
        process.stdout.write(`${say(lang, 'cancelled', { id })}\n`);
      });
    });

  withConfigOption(queue.command('retry <id>'))
    .description('try a failed or waiting delivery again now')
    .option('--actor <name>', 'who decided (default: the OS user)')
    .action(async (id: string, opts: Options) => {
      await withQueue(opts, async (cli) => {
        await cli.queue.retry(id, { actor: actorOf(opts) });
        process.stdout.write(`${say(cli.lang, 'retried', { id })} ${await deliveryOutlook(cli)}\n`);
      });
    });

  withConfigOption(queue.command('told <id>'))
    .description('record that the citizen was told in advance (FX-9)')
    .option('--reason <text>', 'how and when')
    .option('--actor <name>', 'who told them (default: the OS user)')
    .action(async (id: string, opts: Options) => {
      await withQueue(opts, async ({ queue: q, lang }) => {
        await q.markTold(id, { actor: actorOf(opts), ...(opts.reason ? { reason: opts.reason } : {}) });
        process.stdout.write(`${say(lang, 'told', { id })}\n`);
      });
    });

  withConfigOption(queue.command('run-due'))
    .description('release and deliver everything due now, then exit')
    .option('--at <iso>', 'another instant, only under a test clock (POSTVAKT_NOW)')
    .option('--json', 'print JSON')
    .action(async (opts: Options) => {
      const { config } = cliConfig(opts);
      const clock = clockFromEnv();
      const at = cliInstant(opts, clock);
      const lang = terminalLang(isLang(config.municipality.language) ? config.municipality.language : 'en');
      // Another instant than now would put a time into the queue history and the public mail log
      // that is not when it happened, and release held mail early without a reason: test clocks only.
      if (opts.at !== undefined && !process.env.POSTVAKT_NOW) {
        throw new UsageError(say(lang, 'runDueAtNeedsTestClock', { at: opts.at ?? '' }));
      }
      const logger = process.env.POSTVAKT_LOG_LEVEL ? createLogger({ destination: process.stderr }) : silentLogger;
      // One instant for the whole pass, so the queue history and the mail log record the same time.
      const context = await createContext({ config, clock: fixedClock(at), logger });
      try {
        const result = await context.scheduler.runDue(at);
        if (opts.json) printJson(result);
        else process.stdout.write(`${say(lang, 'runDue', { ...result })}\n`);
      } finally {
        await context.close();
      }
    });
};
