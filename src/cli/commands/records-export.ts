/**
 * `postvakt records export`: one case (`--case`) or one period (`--from`/`--to`) as an E-ARK
 * information package (CSIP METS, CITS ERMS metadata; issue 18 item 3, BK-20: registered
 * documents belong in the archive, not in a mail client). Added to the `records` group by
 * records.ts, which lends its `withRecords` (configuration, store, reader's language).
 */
import { mkdir, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Lang } from '../../i18n/catalog.ts';
import { translate, type Params } from '../../i18n/catalog.ts';
import { clockFromEnv } from '../../clock/clock.ts';
import { loadCase, loadPeriod, type LoadContext } from '../../records/eark/load.ts';
import { messages } from '../../records/eark/messages.ts';
import { writePackage } from '../../records/eark/package.ts';
import { UsageError } from '../errors.ts';
import { printJson, withConfigOption } from '../shared.ts';
import { localDay } from './log.ts';
import type { withRecords } from './records.ts';

interface ExportOptions {
  config?: string;
  case?: string;
  from?: string;
  to?: string;
  out: string;
  json?: boolean;
}

function say(lang: Lang, key: keyof (typeof messages)['en'], params?: Params): string {
  return translate(messages, lang, key, params);
}

export function registerExport(records: Command, open: typeof withRecords): void {
  withConfigOption(
    records
      .command('export')
      .description('write a case or a period as an E-ARK information package (CSIP METS, CITS ERMS; BK-20)'),
  )
    .option('--case <case>', 'the case number whose registered documents to export')
    .option('--from <date>', 'first day of a period, YYYY-MM-DD (local)')
    .option('--to <date>', 'last day of a period, YYYY-MM-DD (local, inclusive)')
    .requiredOption('--out <dir>', 'folder to write the package folder into (created if missing)')
    .option('--json', 'machine-readable output')
    .action((opts: ExportOptions) =>
      open(opts, async ({ store, config, lang }) => {
        const byCase = opts.case !== undefined;
        const byPeriod = opts.from !== undefined || opts.to !== undefined;
        if (byCase === byPeriod || (byPeriod && (opts.from === undefined || opts.to === undefined))) {
          throw new UsageError(say(lang, 'error.scope'));
        }
        const existing = await stat(opts.out).catch(() => undefined);
        if (existing && !existing.isDirectory()) throw new UsageError(say(lang, 'error.out', { dir: opts.out }));
        const ctx: LoadContext = {
          municipality: { name: config.municipality.name, language: config.municipality.language as Lang },
          country: config.calendar.country,
          timeZone: config.calendar.timeZone,
          grounds: config.records.grounds,
          createdAt: clockFromEnv().now(),
        };
        let input;
        if (byCase) {
          input = await loadCase(store.db, opts.case!, ctx);
          if (input.cases.length === 0) throw new UsageError(say(lang, 'error.empty.case', { caseNumber: opts.case! }));
        } else {
          const zone = config.calendar.timeZone;
          const from = localDay(opts.from!, 'from', zone, lang);
          const to = localDay(opts.to!, 'to', zone, lang);
          if (from > to) throw new UsageError(say(lang, 'error.period', { from: opts.from!, to: opts.to! }));
          const period = { from: from.toJSDate(), to: to.plus({ days: 1 }).toJSDate(), label: { from: opts.from!, to: opts.to! } };
          input = await loadPeriod(store.db, period, ctx);
          if (input.cases.length === 0 && input.unregistered.length === 0) {
            throw new UsageError(say(lang, 'error.empty.period', { from: opts.from!, to: opts.to! }));
          }
        }
        await mkdir(opts.out, { recursive: true });
        const pkg = await writePackage(input, opts.out);
        const summary = { path: pkg.path, objid: pkg.objid, records: pkg.records, files: pkg.files.length + 1 };
        if (opts.json) printJson(summary);
        else process.stdout.write(`${say(lang, 'done', summary)}\n`);
      }),
    );
}
