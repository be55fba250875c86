/**
 * `postvakt flag add|list|show|remove|purge|rekey`: the consideration register (FX-4) from the
 * command line. Every command acts as the person at the terminal (`--by`, else the login
 * name) and is audited like the web app's actions. Output never shows a whole identifier.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { clockFromEnv, type Clock } from '../../clock/clock.ts';
import type { Config } from '../../config/schema.ts';
import { translate, type Lang, type Params } from '../../i18n/catalog.ts';
import { createLogger } from '../../logging/logger.ts';
import { IdentifierError, RegisterError } from '../../register/errors.ts';
import { RegisterKeyError } from '../../register/keys.ts';
import { messages } from '../../register/messages.ts';
import { openRegister } from '../../register/open.ts';
import { type Actor, type ConsiderationRegister, type FlagSummary } from '../../register/register.ts';
import { RegisterCryptoError } from '../../register/seal.ts';
import { openStore } from '../../store/db.ts';
import { inReaderLanguage, registerInputError } from '../errors.ts';
import { cliConfig, printJson, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

for (const cls of [RegisterError, IdentifierError, RegisterKeyError, RegisterCryptoError]) registerInputError(cls);

export interface RegisterContext {
  config: Config;
  register: ConsiderationRegister;
  clock: Clock;
  lang: Lang;
}

/** Open the store and the register for one command, and close the store afterwards. */
export async function withRegister<T>(opts: { config?: string }, run: (ctx: RegisterContext) => Promise<T>): Promise<T> {
  const { config } = cliConfig(opts);
  const clock = clockFromEnv();
  const store = await openStore(config.store.url);
  try {
    // Warnings (a key file created now) go to stderr so stdout stays the command's output.
    const logger = createLogger({ level: 'warn', destination: process.stderr });
    const register = await openRegister({ config, store, clock, logger });
    const lang = terminalLang(config.municipality.language as Lang);
    return await inReaderLanguage(lang, () => run({ config, register, clock, lang }));
  } finally {
    await store.close();
  }
}

interface ActorOptions {
  by?: string;
  unit?: string;
}

export function cliActor(opts: ActorOptions, config: Config): Actor {
  return {
    user: opts.by ?? userInfo().username,
    unit: opts.unit ?? config.register?.defaultUnit ?? config.municipality.name,
    role: 'cli',
  };
}

function withActorOptions(command: Command): Command {
  return withConfigOption(command)
    .option('--by <user>', 'who is acting, for the audit trail (default: your login name)')
    .option('--unit <unit>', 'the unit acting (default: register.defaultUnit or the municipality)');
}

function say(lang: Lang, key: keyof (typeof messages)['en'], params?: Params): string {
  return translate(messages, lang, key, params);
}

function flagJson(flag: FlagSummary) {
  return { ...flag, createdAt: flag.createdAt.toISOString(), updatedAt: flag.updatedAt.toISOString() };
}

function status(lang: Lang, flag: FlagSummary): string {
  if (flag.expired) return say(lang, 'statusExpired');
  return say(lang, flag.reviewDue ? 'statusReviewDue' : 'statusActive');
}

export const register: RegisterCommands = (program) => {
  const flag = program.command('flag').description('the consideration register: flag citizens who need a hold (FX-4)');

  withActorOptions(
    flag
      .command('add')
      .description('flag a citizen by e-mail address, CPR number or personnummer')
      .requiredOption('--id <identifier>', 'e-mail address, CPR (DDMMYY-SSSS) or personnummer (YYYYMMDD-NNNN)')
      .requiredOption('--reason <text>', 'why, from the individual assessment (stored encrypted)')
      .requiredOption('--review <date>', 'review the assessment by this date (YYYY-MM-DD)')
      .option('--expires <date>', 'delete the flag after this date (YYYY-MM-DD)')
      .option('--notes <text>', 'further notes (stored encrypted)')
      .option('--json', 'print JSON'),
  ).action(async (opts: ActorOptions & { id: string; reason: string; review: string; expires?: string; notes?: string; json?: boolean; config?: string }) => {
    await withRegister(opts, async ({ config, register, lang }) => {
      const actor = cliActor(opts, config);
      const added = await register.add(
        { identifier: opts.id, reason: opts.reason, reviewOn: opts.review, expiresOn: opts.expires ?? null, notes: opts.notes, unit: actor.unit, caseWorker: actor.user },
        actor,
      );
      if (opts.json) return printJson(flagJson(added));
      process.stdout.write(`${say(lang, 'added', { id: added.id, label: added.label, review: added.reviewOn })}\n`);
    });
  });

  withActorOptions(
    flag
      .command('list')
      .description('list flags (no identifiers, no reasons)')
      .option('--only-unit <unit>', 'only flags of this unit')
      .option('--review-due', 'only flags whose review date has passed')
      .option('--json', 'print JSON'),
  ).action(async (opts: ActorOptions & { onlyUnit?: string; reviewDue?: boolean; json?: boolean; config?: string }) => {
    await withRegister(opts, async ({ config, register, lang }) => {
      const flags = await register.list(
        { ...(opts.onlyUnit !== undefined ? { unit: opts.onlyUnit } : {}), ...(opts.reviewDue ? { reviewDue: true } : {}) },
        cliActor(opts, config),
      );
      if (opts.json) return printJson(flags.map(flagJson));
      if (flags.length === 0) return void process.stdout.write(`${say(lang, 'none')}\n`);
      const lines = flags.map((f) =>
        [f.id, f.unit, f.caseWorker, f.reviewOn, f.expiresOn ?? say(lang, 'never'), status(lang, f)].join('\t'),
      );
      process.stdout.write(`${[say(lang, 'header'), ...lines].join('\n')}\n`);
    });
  });

  withActorOptions(
    flag.command('show').description('show one flag with its reason (audited)').argument('<flag-id>').option('--json', 'print JSON'),
  ).action(async (id: string, opts: ActorOptions & { json?: boolean; config?: string }) => {
    await withRegister(opts, async ({ config, register, lang }) => {
      const details = await register.view(id, cliActor(opts, config));
      if (opts.json) return printJson(flagJson(details));
      const rows: Array<[keyof (typeof messages)['en'], string]> = [
        ['detailLabel', details.label],
        ['detailReason', details.reason],
        ['detailNotes', details.notes ?? ''],
        ['detailUnit', details.unit],
        ['detailCaseWorker', details.caseWorker],
        ['detailReview', `${details.reviewOn}${details.reviewDue ? ` (${say(lang, 'statusReviewDue')})` : ''}`],
        ['detailExpires', details.expiresOn ?? say(lang, 'never')],
      ];
      process.stdout.write(`${details.id}\n${rows.map(([k, v]) => `  ${say(lang, k)}: ${v}`).join('\n')}\n`);
    });
  });

  withActorOptions(
    flag.command('remove').description('delete a flag, by flag id or by the identifier it names').argument('<flag-id-or-identifier>'),
  ).action(async (target: string, opts: ActorOptions & { config?: string }) => {
    await withRegister(opts, async ({ config, register, lang }) => {
      await register.remove(target, cliActor(opts, config));
      process.stdout.write(`${say(lang, 'removed')}\n`);
    });
  });

  withActorOptions(flag.command('purge').description('delete flags whose expiry date has passed')).action(
    async (opts: ActorOptions & { config?: string }) => {
      await withRegister(opts, async ({ config, register, lang }) => {
        const count = await register.purgeExpired(cliActor(opts, config));
        process.stdout.write(`${say(lang, 'purged', { count })}\n`);
      });
    },
  );

  withActorOptions(
    flag.command('rekey').description('re-encrypt every flag with the current key, so a retired key can be removed'),
  ).action(async (opts: ActorOptions & { config?: string }) => {
    await withRegister(opts, async ({ config, register, lang }) => {
      const count = await register.rekey(cliActor(opts, config));
      process.stdout.write(`${say(lang, 'rekeyed', { count })}\n`);
    });
  });
};
