/**
 * `postvakt replies list`: mail from outside waiting for an answer (BK-14), per mailbox and state.
 * Subjects are masked as in the mail log; times are ISO 8601 with the profile's offset.
 */
import type { Lang } from '../../i18n/catalog.ts';
import { translate } from '../../i18n/catalog.ts';
import { createCalendar } from '../../calendar/calendar.ts';
import { clockFromEnv } from '../../clock/clock.ts';
import { openStore } from '../../store/db.ts';
import { listWaiting, type WaitingItem } from '../../inbound/waiting.ts';
import { messages } from '../../inbound/messages.ts';
import { UsageError } from '../errors.ts';
import { cliConfig, printJson, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

const STATES = ['waiting', 'acknowledged', 'answered', 'overdue'] as const;

export const register: RegisterCommands = (program) => {
  const replies = program
    .command('replies')
    .description('mail from outside waiting for an answer (BK-14); an acknowledgement naming a contact person gives it a due time of its own');
  withConfigOption(replies.command('list').description('items waiting for an answer, due first'))
    .option('--mailbox <address>', 'only this mailbox')
    .option('--state <state>', 'waiting, acknowledged, answered or overdue')
    .option('--json', 'machine-readable output')
    .action(async (opts: { config?: string; mailbox?: string; state?: string; json?: boolean }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      if (opts.state !== undefined && !(STATES as readonly string[]).includes(opts.state)) {
        throw new UsageError(translate(messages, lang, 'badState', { state: opts.state }));
      }
      const calendar = createCalendar(config.calendar);
      const store = await openStore(config.store.url);
      let items: WaitingItem[];
      try {
        items = await listWaiting(
          store.db,
          { ...(opts.mailbox ? { mailbox: opts.mailbox } : {}), ...(opts.state ? { state: opts.state as WaitingItem['state'] } : {}) },
          clockFromEnv().now(),
        );
      } finally {
        await store.close();
      }
      // Whole seconds: nobody reads an answer time to the millisecond.
      const when = (t: Date) => calendar.formatLocal(new Date(Math.floor(t.getTime() / 1000) * 1000));
      const rows = items.map((i) => ({
        id: i.id,
        mailbox: i.mailbox,
        from: i.from,
        subject: i.subject,
        receivedAt: when(i.receivedAt),
        dueAt: when(i.dueAt),
        state: i.state,
        ...(i.acknowledgedAt ? { acknowledgedAt: when(i.acknowledgedAt), contact: i.contact } : {}),
        ...(i.answeredAt ? { answeredAt: when(i.answeredAt) } : {}),
      }));
      if (opts.json) return printJson(rows);
      if (rows.length === 0) return void process.stdout.write(`${translate(messages, lang, 'none')}\n`);
      for (const r of rows) process.stdout.write(`${r.dueAt}  ${r.state.padEnd(8)}  ${r.mailbox}  ${r.from}  ${r.subject}\n`);
    });
};
