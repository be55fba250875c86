/**
 * `postvakt retention plan|run|hold|unhold|holds` (issue 20; BK-20, BK-27, BK-30, FX-4): what
 * the retention rules would purge and why each body is kept, the purge itself, and manual legal
 * holds (who and why, kept in `retention_holds`).
 */
import { userInfo } from 'node:os';
import { clockFromEnv } from '../../clock/clock.ts';
import type { Config } from '../../config/schema.ts';
import { isLang, translate, type Lang, type Params } from '../../i18n/catalog.ts';
import { loadSigningKey } from '../../maillog/signing.ts';
import { addHold, endHold, listHolds } from '../../retention/holds.ts';
import { messages } from '../../retention/messages.ts';
import { planJson, planRetention } from '../../retention/plan.ts';
import { duePurges, runRetention } from '../../retention/run.ts';
import { retentionSources } from '../../retention/wiring.ts';
import { openStore, type Store } from '../../store/db.ts';
import { inReaderLanguage } from '../errors.ts';
import { cliConfig, cliInstant, printJson, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

interface Options {
  config?: string;
  json?: boolean;
  at?: string;
  reason?: string;
  actor?: string;
}

function say(lang: Lang, key: keyof (typeof messages)['en'], params?: Params): string {
  return translate(messages, lang, key, params);
}

async function withStore<T>(opts: Options, use: (store: Store, config: Config, lang: Lang) => Promise<T>): Promise<T> {
  const { config } = cliConfig(opts);
  const lang = terminalLang(isLang(config.municipality.language) ? config.municipality.language : 'en');
  const store = await openStore(config.store.url);
  try {
    return await inReaderLanguage(lang, () => use(store, config, lang));
  } finally {
    await store.close();
  }
}

function actorOf(opts: Options): string {
  return opts.actor ?? `cli:${userInfo().username}`;
}

export const register: RegisterCommands = (program) => {
  const retention = program.command('retention').description('purge message bodies, the mail log and audit trails by the retention rules (BK-20, BK-27, BK-30)');

  withConfigOption(retention.command('plan').description('dry run: each stored body, its rule, when it is purged and what keeps it'))
    .option('--json', 'machine-readable output: [{messageId, rule, purgeAt, heldBy?}]')
    .option('--at <instant>', 'plan as of this instant (default: now)')
    .action((opts: Options) =>
      withStore(opts, async (store, config, lang) => {
        const at = cliInstant(opts);
        const plan = await planRetention(store.db, config.retention, retentionSources(), at);
        if (opts.json) return printJson(planJson(plan));
        if (plan.length === 0) return void process.stdout.write(`${say(lang, 'plan.none')}\n`);
        process.stdout.write(`${say(lang, 'plan.header')}\n`);
        for (const p of plan) {
          const rule = p.rule ?? say(lang, 'plan.noRule');
          const why = p.heldBy.map((h) => (h === 'queue: held' ? say(lang, 'held.queue') : h)).join('; ');
          process.stdout.write(`${p.messageId.padEnd(37)} ${rule.padEnd(20)} ${(p.purgeAt?.toISOString() ?? '-').padEnd(26)} ${why}\n`);
        }
        const held = plan.filter((p) => p.heldBy.length > 0).length;
        const due = duePurges(plan, at).length;
        const kept = plan.filter((p) => p.heldBy.length === 0 && p.purgeAt === null).length;
        process.stdout.write(`${say(lang, 'plan.summary', { bodies: plan.length, due, held, later: plan.length - held - due - kept, kept })}\n`);
      }),
    );

  withConfigOption(retention.command('run').description('purge what is due now; write a signed checkpoint of the mail log'))
    .option('--json', 'machine-readable output')
    .action((opts: Options) =>
      withStore(opts, async (store, config, lang) => {
        const key = loadSigningKey(config.retention.signingKey, { create: true })!;
        const report = await runRetention({
          store,
          config: config.retention,
          sources: retentionSources(),
          key,
          timeZone: config.calendar.timeZone,
          at: clockFromEnv().now(),
        });
        if (opts.json) printJson(report);
        else {
          process.stdout.write(`${say(lang, 'run.summary', { bodies: report.bodies, logRows: report.logRows, auditRows: report.auditRows })}\n`);
          if (report.checkpoint !== undefined) process.stdout.write(`${say(lang, 'run.checkpoint', { checkpoint: report.checkpoint })}\n`);
        }
      }),
    );

  withConfigOption(retention.command('hold').description('keep a message body from purging until the hold ends (legal hold)'))
    .argument('<id>', 'queue item id')
    .option('--reason <text>', 'why it must be kept (shown in the plan)')
    .option('--actor <name>', 'who decided (default: the OS user)')
    .action((id: string, opts: Options) =>
      withStore(opts, async (store, _config, lang) => {
        const hold = await addHold(store.db, id, opts.reason ?? '', actorOf(opts), clockFromEnv().now());
        process.stdout.write(`${say(lang, 'hold.added', { id, reason: hold.reason })}\n`);
      }),
    );

  withConfigOption(retention.command('unhold').description('end the manual holds on a message body'))
    .argument('<id>', 'queue item id')
    .option('--actor <name>', 'who decided (default: the OS user)')
    .action((id: string, opts: Options) =>
      withStore(opts, async (store, _config, lang) => {
        const count = await endHold(store.db, id, actorOf(opts), clockFromEnv().now());
        process.stdout.write(`${say(lang, 'hold.ended', { id, count })}\n`);
      }),
    );

  withConfigOption(retention.command('holds').description('the open manual holds'))
    .option('--json', 'machine-readable output')
    .action((opts: Options) =>
      withStore(opts, async (store, _config, lang) => {
        const holds = await listHolds(store.db);
        if (opts.json) return printJson(holds);
        if (holds.length === 0) return void process.stdout.write(`${say(lang, 'hold.none')}\n`);
        for (const h of holds) process.stdout.write(`${h.itemId.padEnd(37)} ${h.createdAt.toISOString()}  ${h.actor}  ${h.reason}\n`);
      }),
    );
};
