/**
 * `postvakt log verify` and `postvakt log export`: the tamper-evident mail log (BK-28) and its
 * extracts per mailbox and period (BK-29). verify exits 1 when the chain is broken.
 */
import { DateTime } from 'luxon';
import type { Lang } from '../../i18n/catalog.ts';
import { translate, type Params } from '../../i18n/catalog.ts';
import { describeVerification, exportMailLog, verifyMailLog } from '../../maillog/index.ts';
import { messages } from '../../maillog/messages.ts';
import { loadSigningKey } from '../../maillog/signing.ts';
import { openStore, type Store } from '../../store/db.ts';
import { UsageError } from '../errors.ts';
import { cliConfig, printJson, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

function say(lang: Lang, key: keyof (typeof messages)['en'], params?: Params): string {
  return translate(messages, lang, key, params);
}

async function withStore<T>(url: string, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(url);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** A whole local day YYYY-MM-DD in the profile's zone (also the records export's period). */
export function localDay(text: string, option: string, zone: string, lang: Lang): DateTime {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? DateTime.fromISO(text, { zone }) : null;
  if (!day?.isValid) throw new UsageError(say(lang, 'error.date', { option, value: text }));
  return day;
}

export const register: RegisterCommands = (program, env) => {
  const log = program.command('log').description('the tamper-evident mail log (BK-28)');

  withConfigOption(log.command('verify').description('check the hash chain; exit 1 if a row was edited, deleted or moved'))
    .option('--json', 'machine-readable output')
    .action(async (opts: { config?: string; json?: boolean }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      // The installation's key checks the signed checkpoints (issue 20); none yet means none was written.
      const key = loadSigningKey(config.retention.signingKey, { create: false });
      const verification = await withStore(config.store.url, (store) => verifyMailLog(store.db, key ? { publicKey: key.publicKey } : {}));
      if (opts.json) printJson(verification);
      else process.stdout.write(`${describeVerification(verification, lang)}\n`);
      if (!verification.ok) env.setExitCode(1);
    });

  withConfigOption(log.command('key').description("print the public key that checks the log's signed checkpoints (publish it)"))
    .action((opts: { config?: string }) => {
      const { config } = cliConfig(opts);
      const key = loadSigningKey(config.retention.signingKey, { create: true })!;
      process.stdout.write(key.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    });

  withConfigOption(log.command('export').description('the log rows of one mailbox in a period (BK-29)'))
    .requiredOption('--mailbox <address>', 'sender or recipient address')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (local)')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (local, inclusive)')
    .option('--format <format>', 'csv or json', 'csv')
    .action(async (opts: { config?: string; mailbox: string; from: string; to: string; format: string }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      const zone = config.calendar.timeZone;
      if (opts.format !== 'csv' && opts.format !== 'json') throw new UsageError(say(lang, 'error.format', { value: opts.format }));
      const from = localDay(opts.from, 'from', zone, lang);
      const to = localDay(opts.to, 'to', zone, lang);
      if (from > to) throw new UsageError(say(lang, 'error.period', { from: opts.from, to: opts.to }));
      const text = await withStore(config.store.url, (store) =>
        exportMailLog(store.db, {
          mailbox: opts.mailbox,
          from: from.toJSDate(),
          to: to.plus({ days: 1 }).toJSDate(),
          format: opts.format as 'csv' | 'json',
          timeZone: zone,
        }),
      );
      process.stdout.write(text);
    });
};
