/**
 * `postvakt mailboxes coverage|duty` (BK-16): who is on duty for each function mailbox during a
 * day's telephone hours, the gaps, and a member marking themself on duty.
 */
import type { Lang } from '../../i18n/catalog.ts';
import { translate } from '../../i18n/catalog.ts';
import { phoneHoursCalendar } from '../../calendar/calendar.ts';
import { clockFromEnv } from '../../clock/clock.ts';
import { openStore } from '../../store/db.ts';
import { createMailboxes } from '../../inbound/mailboxes.ts';
import { coverageOn, markDuty } from '../../coverage/coverage.ts';
import { messages } from '../../coverage/messages.ts';
import { inReaderLanguage } from '../errors.ts';
import { cliConfig, printJson, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

export const register: RegisterCommands = (program) => {
  const mailboxes = program.command('mailboxes').description('function mailboxes: duty rosters and coverage (BK-16)');

  withConfigOption(mailboxes.command('coverage').description('who is on duty in the telephone hours of a day, and the gaps'))
    .requiredOption('--date <YYYY-MM-DD>', 'the local date')
    .option('--mailbox <address>', 'only this function mailbox')
    .option('--json', 'machine-readable output')
    .action(async (opts: { config?: string; date: string; mailbox?: string; json?: boolean }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      const phone = phoneHoursCalendar(config.calendar);
      const store = await openStore(config.store.url);
      const result = await inReaderLanguage(lang, () => coverageOn({ db: store.db, config, phone }, opts.date, opts.mailbox)).finally(() => store.close());
      const when = (t: Date) => phone.formatLocal(t);
      const rows = result.map((c) => ({
        mailbox: c.mailbox,
        unit: c.unit,
        date: c.date,
        phoneHours: c.phoneHours.map((p) => ({ from: when(p.from), to: when(p.to) })),
        onDuty: c.onDuty.map((d) => ({ person: d.person, from: when(d.from), to: when(d.to), source: d.source })),
        gaps: c.gaps.map((g) => ({ from: when(g.from), to: when(g.to) })),
      }));
      if (opts.json) return printJson(rows);
      for (const r of rows) {
        const gaps = r.gaps.map((g) => `${g.from.slice(11, 16)}-${g.to.slice(11, 16)}`).join(', ');
        process.stdout.write(`${r.date}  ${r.mailbox}  ${gaps || translate(messages, lang, 'covered')}\n`);
      }
    });

  withConfigOption(mailboxes.command('duty').description('mark a member on duty for a function mailbox on a day'))
    .requiredOption('--mailbox <address>', 'the function mailbox')
    .requiredOption('--person <address>', 'the member on duty')
    .requiredOption('--date <YYYY-MM-DD>', 'the local date')
    .requiredOption('--hours <HH:MM-HH:MM>', 'the hours on duty')
    .action(async (opts: { config?: string; mailbox: string; person: string; date: string; hours: string }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      const store = await openStore(config.store.url);
      await inReaderLanguage(lang, () =>
        markDuty(store.db, createMailboxes(config), config.calendar.timeZone, { mailbox: opts.mailbox, person: opts.person, date: opts.date, hours: opts.hours }, clockFromEnv().now()),
      ).finally(() => store.close());
      process.stdout.write(`${translate(messages, lang, 'marked', { person: opts.person, mailbox: opts.mailbox, day: opts.date, hours: opts.hours })}\n`);
    });
};
