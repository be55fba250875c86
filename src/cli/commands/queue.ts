/**
 * `postvakt queue list|show|release|reschedule|cancel|retry|told|run-due`: the durable queue
 * for operators and tests. Every override is recorded in the item's history with who did it
 * (the OS user, or `--actor`) and why.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { clockFromEnv, parseInstant } from '../../clock/clock.ts';
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

async function withQueue<T>(opts: Options, run: (queue: Queue, lang: Lang) => Promise<T>): Promise<T> {
  const { config } = cliConfig(opts);
  const lang = terminalLang(isLang(config.municipality.language) ? config.municipality.language : 'en');
  const store = await openStore(config.store.url);
  try {
    return await inReaderLanguage(lang, () => run(createQueue(store, clockFromEnv(), config, createCalendar(config.calendar)), lang));
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

function row(item: Omit<QueueItem, 'raw'>): string {
  const when = (item.status === 'held' ? item.releaseAt : item.nextAttemptAt)?.toISOString() ?? '';
  return [
    item.id.padEnd(37),
    item.status.padEnd(11),
    item.channel.padEnd(12),
    when.padEnd(26),
    String(item.attempts).padEnd(6),
    String(recipientsOf(item).length).padEnd(5),
    item.subject.replace(/\s+/g, ' ').slice(0, 60),
  ].join(' ');
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
      await withQueue(opts, async (q, lang) => {
        const status = opts.status?.split(',').map((s) => s.trim()) ?? [];
        const bad = status.find((s) => !STATUSES.includes(s as QueueStatus));
        if (bad !== undefined) throw new UsageError(say(lang, 'badStatus', { status: bad, statuses: STATUSES.join(', ') }));
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new UsageError(say(lang, 'badLimit', { limit: String(opts.limit) }));
        const items = await q.list({ status: status as QueueStatus[], limit });
        if (opts.json) return printJson(items);
        if (items.length === 0) return void process.stdout.write(`${say(lang, 'empty')}\n`);
        process.stdout.write(`${say(lang, 'header')}\n${items.map(row).join('\n')}\n`);
      });
    });

  withConfigOption(queue.command('show <id>'))
    .description('one item: envelope, decision, findings and its history')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: Options) => {
      await withQueue(opts, async (q, lang) => {
        const item = await q.get(id);
        if (!item) throw new QueueError('notFound', { id });
        const events = await q.events(id);
        if (opts.json) return printJson({ ...summary(item), events });
        process.stdout.write(`${row(item)}\n`);
        printJson({ envelope: item.envelope, decision: item.decision, lastResult: item.lastResult, told: item.told });
        process.stdout.write(`${say(lang, 'events')}\n`);
        for (const e of events) {
          process.stdout.write(`  ${e.at.toISOString()}  ${e.kind.padEnd(11)} ${e.actor ?? ''}${e.reason ? `  "${e.reason}"` : ''}\n`);
        }
      });
    });

  withConfigOption(queue.command('release <id>'))
    .description('send a held message now (FX-6: a reason is required)')
    .option('--reason <text>', 'why it cannot wait')
    .option('--actor <name>', 'who decided (default: the OS user)')
    .action(async (id: string, opts: Options) => {
      await withQueue(opts, async (q, lang) => {
        if (!opts.reason?.trim()) throw new UsageError(say(lang, 'reasonRequired'));
        await q.release(id, { actor: actorOf(opts), reason: opts.reason });
        process.stdout.write(`${say(lang, 'released', { id })}\n`);
      });
    });

  withConfigOption(queue.command('reschedule <id>'))
    .description('hold a message until another time')
    .requiredOption('--at <iso>', 'the new release time, e.g. 2026-12-07T09:00:00+01:00')
    .option('--reason <text>', 'why')
    .option('--actor <name>', 'who decided (default: the OS user)')
    .action(async (id: string, opts: Options) => {
      const at = parseInstant(opts.at!);
      await withQueue(opts, async (q, lang) => {
        await q.reschedule(id, at, { actor: actorOf(opts), ...(opts.reason ? { reason: opts.reason } : {}) });
        process.stdout.write(`${say(lang, 'rescheduled', { id, at: at.toISOString() })}\n`);
      });
    });

  withConfigOption(queue.command('cancel <id>'))
    .description('never send a held or queued message')
    .option('--reason <text>', 'why')
    .option('--actor <name>', 'who decided (default: the OS user)')
    .action(async (id: string, opts: Options) => {
      await withQueue(opts, async (q, lang) => {
        await q.cancel(id, { actor: actorOf(opts), ...(opts.reason ? { reason: opts.reason } : {}) });
        process.stdout.write(`${say(lang, 'cancelled', { id })}\n`);
      });
    });

  withConfigOption(queue.command('retry <id>'))
    .description('try a failed or waiting delivery again now')
    .option('--actor <name>', 'who decided (default: the OS user)')
    .action(async (id: string, opts: Options) => {
      await withQueue(opts, async (q, lang) => {
        await q.retry(id, { actor: actorOf(opts) });
        process.stdout.write(`${say(lang, 'retried', { id })}\n`);
      });
    });

  withConfigOption(queue.command('told <id>'))
    .description('record that the citizen was told in advance (FX-9)')
    .option('--reason <text>', 'how and when')
    .option('--actor <name>', 'who told them (default: the OS user)')
    .action(async (id: string, opts: Options) => {
      await withQueue(opts, async (q, lang) => {
        await q.markTold(id, { actor: actorOf(opts), ...(opts.reason ? { reason: opts.reason } : {}) });
        process.stdout.write(`${say(lang, 'told', { id })}\n`);
      });
    });

  withConfigOption(queue.command('run-due'))
    .description('release and deliver everything due at an instant, then exit')
    .option('--at <iso>', 'the instant (default: now)')
    .option('--json', 'print JSON')
    .action(async (opts: Options) => {
      const { config } = cliConfig(opts);
      const at = cliInstant(opts);
      const lang = terminalLang(isLang(config.municipality.language) ? config.municipality.language : 'en');
      const logger = process.env.POSTVAKT_LOG_LEVEL ? createLogger({ destination: process.stderr }) : silentLogger;
      const context = await createContext({ config, clock: clockFromEnv(), logger });
      try {
        const result = await context.scheduler.runDue(at);
        if (opts.json) printJson(result);
        else process.stdout.write(`${say(lang, 'runDue', { ...result })}\n`);
      } finally {
        await context.close();
      }
    });
};
