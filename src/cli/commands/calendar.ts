/**
 * `postvakt calendar holidays|next-opening|quiet-window|add-working-days`: the working-time
 * calendar from the command line. The names and the `--json` shapes are a contract for
 * black-box tests and scripts (issue 2); the default output is a readable table.
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { createCalendar, CalendarError } from '../../calendar/calendar.ts';
import { messages } from '../../calendar/messages.ts';
import type { WorkingCalendar } from '../../calendar/types.ts';
import { loadConfig, resolveConfigPath, samplePath } from '../../config/load.ts';
import { negotiateLang, translate, type Lang, type Params } from '../../i18n/catalog.ts';
import { registerInputError, UsageError } from '../errors.ts';
import { cliInstant, printJson, withConfigOption } from '../shared.ts';
import type { RegisterCommands } from './index.ts';

registerInputError(CalendarError);

interface CommonOptions {
  country?: string;
  config?: string;
  json?: boolean;
  at?: string;
}

/** The language of the person at the terminal: their locale, else the municipality's language. */
export function terminalLang(fallback: Lang, env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  return negotiateLang(locale?.split('.')[0]?.replace('_', '-'), fallback);
}

function say(lang: Lang, key: keyof (typeof messages)['en'], params?: Params): string {
  return translate(messages, lang, key, params);
}

interface Context {
  calendar: WorkingCalendar;
  lang: Lang;
}

/** `--country dk|se` alone means that country's sample profile; `--config` names a file. */
function context(opts: CommonOptions): Context {
  const earlyLang = terminalLang('en');
  let country: 'dk' | 'se' | undefined;
  if (opts.country !== undefined) {
    const lower = opts.country.toLowerCase();
    if (lower !== 'dk' && lower !== 'se') throw new UsageError(say(earlyLang, 'error.country', { value: opts.country }));
    country = lower;
  }
  const path = opts.config === undefined && country ? samplePath(country) : resolveConfigPath(opts.config);
  const { config } = loadConfig(path);
  const lang = terminalLang(config.municipality.language as Lang);
  if (country && config.calendar.country.toLowerCase() !== country) {
    throw new UsageError(say(lang, 'error.countryMismatch', { country, configured: config.calendar.country.toLowerCase() }));
  }
  return { calendar: createCalendar(config.calendar), lang };
}

function common(command: Command, withAt: boolean): Command {
  withConfigOption(command)
    .option('--country <country>', 'dk or se; without --config, that country\'s sample profile')
    .option('--json', 'machine-readable output');
  return withAt ? command.option('--at <instant>', 'ISO 8601 instant with offset (default: now)') : command;
}

/** Rows of cells, each column padded to its widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** A local time people read, then the exact instant: "man. 28. dec. 2026 08.00 (2026-12-28T08:00:00+01:00)". */
function readable(ctx: Context, t: Date): string {
  const local = DateTime.fromJSDate(t, { zone: ctx.calendar.timeZone }).setLocale(ctx.lang);
  return `${local.toLocaleString(DateTime.DATETIME_MED_WITH_WEEKDAY)} (${ctx.calendar.formatLocal(t)})`;
}

function parseWhole(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

export const register: RegisterCommands = (program, env) => {
  const calendar = program.command('calendar').description('municipal working time: closed days, openings, quiet windows, deadlines');

  common(calendar.command('holidays').description('statutory and configured closed days of a year'), false)
    .requiredOption('--year <year>', 'the year, e.g. 2026')
    .action((opts: CommonOptions & { year: string }) => {
      const ctx = context(opts);
      const year = parseWhole(opts.year, 1583, 9998);
      if (year === null) throw new UsageError(say(ctx.lang, 'error.year', { value: opts.year }));
      const days = ctx.calendar.closedDays(year);
      if (opts.json) return printJson(days);
      const rows = days.map((d) => [
        d.date,
        DateTime.fromISO(d.date).setLocale(ctx.lang).toFormat('cccc'),
        d.name,
        say(ctx.lang, d.kind === 'statutory' ? 'kind.statutory' : 'kind.configured'),
        d.from ?? say(ctx.lang, 'allDay'),
      ]);
      const header = (['col.date', 'col.weekday', 'col.name', 'col.kind', 'col.from'] as const).map((k) => say(ctx.lang, k));
      process.stdout.write(`${say(ctx.lang, 'holidays.title', { year, country: ctx.calendar.country })}\n\n${table([header, ...rows])}`);
    });

  common(
    calendar
      .command('next-opening')
      .description(
        "when the office opens next: inside a quiet window (FX-6) the window's end, when held letters go; the instant itself when open outside one",
      ),
    true,
  ).action((opts: CommonOptions) => {
    const ctx = context(opts);
    const at = cliInstant(opts);
    const next = ctx.calendar.nextOpening(at);
    if (opts.json) return printJson({ nextOpening: ctx.calendar.formatLocal(next) });
    const key = ctx.calendar.quietWindow(at) ? 'nextOpening.quiet' : next.getTime() === at.getTime() ? 'nextOpening.open' : 'nextOpening.closed';
    process.stdout.write(`${say(ctx.lang, key, { at: readable(ctx, next) })}\n`);
  });

  common(calendar.command('is-open').description('whether the office is open at the instant (exit 0 open, 1 closed)'), true).action(
    (opts: CommonOptions) => {
      const ctx = context(opts);
      const at = cliInstant(opts);
      const open = ctx.calendar.isOpen(at);
      if (!open) env.setExitCode(1);
      if (opts.json) return printJson({ open, at: ctx.calendar.formatLocal(at) });
      const next = open ? at : ctx.calendar.nextOpening(at);
      process.stdout.write(`${say(ctx.lang, open ? 'isOpen.open' : 'isOpen.closed', { at: readable(ctx, at), next: readable(ctx, next) })}\n`);
    },
  );

  common(calendar.command('quiet-window').description('the quiet window (FX-6) that contains the instant, if any'), true).action(
    (opts: CommonOptions) => {
      const ctx = context(opts);
      const at = cliInstant(opts);
      const window = ctx.calendar.quietWindow(at);
      if (opts.json) {
        return printJson(
          window && { start: ctx.calendar.formatLocal(window.start), end: ctx.calendar.formatLocal(window.end), reason: window.reason },
        );
      }
      if (!window) return void process.stdout.write(`${say(ctx.lang, 'quietWindow.none', { at: readable(ctx, at) })}\n`);
      process.stdout.write(
        table([
          [say(ctx.lang, 'quietWindow.start'), readable(ctx, window.start)],
          [say(ctx.lang, 'quietWindow.end'), readable(ctx, window.end)],
          [say(ctx.lang, 'quietWindow.reason'), window.reason],
        ]),
      );
    },
  );

  common(calendar.command('add-working-days').description('a statutory deadline n working days after the instant'), true)
    .requiredOption('--days <n>', 'number of working days')
    .action((opts: CommonOptions & { days: string }) => {
      const ctx = context(opts);
      const days = parseWhole(opts.days, 0, 10_000);
      if (days === null) throw new UsageError(say(ctx.lang, 'error.days', { value: opts.days }));
      const deadline = ctx.calendar.addWorkingDays(cliInstant(opts), days);
      if (opts.json) return printJson({ deadline: ctx.calendar.formatLocal(deadline) });
      process.stdout.write(`${say(ctx.lang, 'deadline', { days, at: readable(ctx, deadline) })}\n`);
    });
};
