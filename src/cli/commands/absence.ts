/**
 * `postvakt absence add|list|remove` (BK-21, BK-22): record who is away, when, and who stands in.
 * The running `serve` acts on them: substitutes get the mail, senders one out-of-office reply,
 * managers an alert when nobody stands in.
 */
import { DateTime } from 'luxon';
import type { Lang } from '../../i18n/catalog.ts';
import { translate } from '../../i18n/catalog.ts';
import { createCalendar } from '../../calendar/calendar.ts';
import { clockFromEnv } from '../../clock/clock.ts';
import { openStore } from '../../store/db.ts';
import { createMailboxes } from '../../inbound/mailboxes.ts';
import { createUnits } from '../../units/units.ts';
import { absenceBounds, addAbsence, listAbsences, removeAbsence, type Absence } from '../../absence/absences.ts';
import { messages } from '../../absence/messages.ts';
import type { Config } from '../../config/schema.ts';
import { inReaderLanguage } from '../errors.ts';
import { cliConfig, printJson, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

async function withStore<T>(config: Config, run: (db: Awaited<ReturnType<typeof openStore>>['db']) => Promise<T>): Promise<T> {
  const store = await openStore(config.store.url);
  try {
    return await run(store.db);
  } finally {
    await store.close();
  }
}

export function absenceView(a: Absence, config: Config) {
  const calendar = createCalendar(config.calendar);
  return {
    id: a.id,
    person: a.person,
    unit: a.unit,
    from: calendar.formatLocal(a.startsAt),
    to: calendar.formatLocal(a.endsAt),
    substitute: a.substitute,
    returnOn: DateTime.fromJSDate(calendar.nextOpening(a.endsAt), { zone: calendar.timeZone }).toISODate(),
  };
}

export const register: RegisterCommands = (program) => {
  const absence = program.command('absence').description('absences and substitutes (BK-21), out-of-office replies (BK-22)');

  withConfigOption(absence.command('add').description('record an absence; without --substitute the unit’s managers are alerted'))
    .requiredOption('--person <address>', 'who is away')
    .requiredOption('--from <when>', 'first day away (YYYY-MM-DD) or an instant with offset')
    .requiredOption('--to <when>', 'last day away (YYYY-MM-DD) or an instant with offset')
    .option('--substitute <address>', 'who stands in: a person or a function mailbox')
    .option('--unit <id>', 'the unit whose managers are told (default: the person’s mailbox’s unit)')
    .option('--by <actor>', 'who records it', 'cli')
    .option('--json', 'machine-readable output')
    .action(async (opts: { config?: string; person: string; from: string; to: string; substitute?: string; unit?: string; by: string; json?: boolean }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      const added = await inReaderLanguage(lang, () =>
        withStore(config, (db) =>
          addAbsence(
            db,
            {
              person: opts.person,
              ...absenceBounds(opts.from, opts.to, config.calendar.timeZone),
              ...(opts.substitute ? { substitute: opts.substitute } : {}),
              ...(opts.unit ? { unit: opts.unit } : {}),
              actor: opts.by,
            },
            { mailboxes: createMailboxes(config), units: createUnits(config), now: clockFromEnv().now() },
          ),
        ),
      );
      if (opts.json) return printJson(absenceView(added, config));
      process.stdout.write(`${translate(messages, lang, 'added', { id: added.id })}\n`);
    });

  withConfigOption(absence.command('list').description('absences that have not ended, first first'))
    .option('--person <address>', 'only this person')
    .option('--unit <id>', 'only this unit')
    .option('--all', 'also those that have ended')
    .option('--json', 'machine-readable output')
    .action(async (opts: { config?: string; person?: string; unit?: string; all?: boolean; json?: boolean }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      const rows = (
        await withStore(config, (db) =>
          listAbsences(db, { ...(opts.person ? { person: opts.person } : {}), ...(opts.unit ? { unit: opts.unit } : {}), ...(opts.all ? {} : { current: clockFromEnv().now() }) }),
        )
      ).map((a) => absenceView(a, config));
      if (opts.json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write(`${translate(messages, lang, 'none')}\n`);
      for (const r of rows) process.stdout.write(`${r.id}  ${r.person}  ${r.from} – ${r.to}  ${r.substitute ?? '-'}\n`);
    });

  withConfigOption(absence.command('remove').description('remove an absence (it stays in the store as removed)').argument('<id>'))
    .option('--by <actor>', 'who removes it', 'cli')
    .action(async (id: string, opts: { config?: string; by: string }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      await inReaderLanguage(lang, () => withStore(config, (db) => removeAbsence(db, id, opts.by, clockFromEnv().now())));
      process.stdout.write(`${translate(messages, lang, 'removed', { id })}\n`);
    });
};
