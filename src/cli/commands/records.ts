/**
 * `postvakt records …`: public records (issue 18). A person decides each message's record status
 * once (BK-18, BK-19: `suggest`, `classify`), registrars register public and secret documents
 * into cases (BK-20: `register`), and `unregistered` is the registrar's worklist, oldest first,
 * aged in working days. `grounds` lists the catalogue, `original` writes a document's .eml, and
 * `token` makes a bearer token for a case system using the records API.
 *
 * Each subcommand is one `command(...)` on the group that `register` builds; add one the same way
 * (e.g. `records export`), opening the store through `withRecords`.
 */
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { clockFromEnv } from '../../clock/clock.ts';
import { createCalendar } from '../../calendar/calendar.ts';
import type { WorkingCalendar } from '../../calendar/types.ts';
import type { Config } from '../../config/schema.ts';
import { isLang, translate, type Lang, type Params } from '../../i18n/catalog.ts';
import { parseMessage } from '../../message/parse.ts';
import { openStore, type Store } from '../../store/db.ts';
import { newToken } from '../../digitalpost/auth.ts';
import { messages } from '../../records/messages.ts';
import { describeGround } from '../../records/grounds.ts';
import { createRecords, isRecordStatus, parseRecordDate, RecordsError, type Records } from '../../records/records.ts';
import type { RecordDirection } from '../../records/tables.ts';
import { inReaderLanguage } from '../errors.ts';
import { cliConfig, printJson, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

export interface RecordsCli {
  records: Records;
  store: Store;
  config: Config;
  calendar: WorkingCalendar;
  lang: Lang;
}

/** Open the configuration and the store, run, close; a records refusal becomes one line in the reader's language. */
export async function withRecords<T>(opts: { config?: string }, run: (cli: RecordsCli) => Promise<T>): Promise<T> {
  const { config } = cliConfig(opts);
  const lang = terminalLang(isLang(config.municipality.language) ? config.municipality.language : 'en');
  const calendar = createCalendar(config.calendar);
  const store = await openStore(config.store.url);
  try {
    const records = createRecords({ db: store.db, clock: clockFromEnv(), calendar, config: config.records, parse: parseMessage });
    return await inReaderLanguage(lang, () => run({ records, store, config, calendar, lang }));
  } finally {
    await store.close();
  }
}

function say(lang: Lang, key: keyof (typeof messages)['en'], params?: Params): string {
  return translate(messages, lang, key, params);
}

const actorOf = (actor: string | undefined) => actor ?? `cli:${userInfo().username}`;

export const register: RegisterCommands = (program: Command) => {
  const group = program.command('records').description('public records: record status, registration into cases, the worklist (BK-18, BK-19, BK-20)');

  withConfigOption(group.command('unregistered'))
    .description('the worklist: public and secret documents not yet registered, oldest first, age in working days (BK-20)')
    .option('--json', 'print JSON')
    .action((opts: { config?: string; json?: boolean }) =>
      withRecords(opts, async ({ records, calendar, lang }) => {
        const items = (await records.unregistered()).map((d) => ({
          id: d.id,
          receivedAt: calendar.formatLocal(new Date(Math.floor(d.at.getTime() / 1000) * 1000)),
          ageDays: d.ageDays,
          direction: d.direction,
          status: d.status,
          from: d.sender,
          to: d.recipients,
          subject: d.subject,
          original: d.source === 'queue',
        }));
        if (opts.json) return printJson(items);
        if (items.length === 0) return void process.stdout.write(`${say(lang, 'cli.none')}\n`);
        for (const i of items) {
          process.stdout.write(`${i.id}  ${i.receivedAt}  ${String(i.ageDays).padStart(3)}  ${i.direction.padEnd(8)}  ${(i.status ?? '-').padEnd(7)}  ${i.subject.replace(/\s+/g, ' ').slice(0, 70)}\n`);
        }
      }),
    );

  withConfigOption(group.command('show <id>'))
    .description("a document with its record status, registration and Postvakt's suggestion")
    .option('--json', 'print JSON')
    .action((id: string, opts: { config?: string; json?: boolean }) =>
      withRecords(opts, async ({ records, lang }) => {
        const doc = await records.document(id);
        const suggestion = await records.suggest(id);
        const shown = { ...doc, suggestion: { ...suggestion, text: records.describeSuggestion(suggestion, lang) } };
        if (opts.json) return printJson(shown);
        process.stdout.write(`${doc.id}  ${doc.direction}  ${doc.sender} → ${doc.recipients.join(', ')}\n${doc.subject}\n`);
        const status = doc.status ? say(lang, `status.${doc.status.status}`) : say(lang, 'status.undecided');
        process.stdout.write(`${status}${doc.status?.ground ? ` (${doc.status.ground})` : ''}${doc.registration ? `  ${doc.registration.caseNumber}` : ''}\n`);
        process.stdout.write(`${say(lang, 'web.suggestion', { status: say(lang, `status.${suggestion.status}`) })}: ${shown.suggestion.text}\n`);
      }),
    );

  withConfigOption(group.command('suggest <id>'))
    .description("Postvakt's suggested record status with its reason; a person decides (BK-18, BK-19)")
    .option('--json', 'print JSON')
    .action((id: string, opts: { config?: string; json?: boolean }) =>
      withRecords(opts, async ({ records, lang }) => {
        const s = await records.suggest(id);
        const text = records.describeSuggestion(s, lang);
        if (opts.json) return printJson({ ...s, text });
        process.stdout.write(`${s.status}${s.ground ? ` ${s.ground}` : ''}\n${text}\n`);
      }),
    );

  withConfigOption(group.command('classify <id>'))
    .description('decide the record status once: public, not-public --ground, secret --ground, little-importance (BK-18, BK-19, BK-20)')
    .requiredOption('--status <status>', 'public, not-public, secret or little-importance')
    .option('--ground <id>', 'the ground from the catalogue (postvakt records grounds), for not-public and secret')
    .option('--correct', 'change an earlier decision (kept as a correction)')
    .option('--actor <name>', 'who decides (default: the OS user)')
    .action((id: string, opts: { config?: string; status: string; ground?: string; correct?: boolean; actor?: string }) =>
      withRecords(opts, async ({ records, lang }) => {
        if (!isRecordStatus(opts.status)) throw new RecordsError('error.badStatus', { status: opts.status });
        const decided = await records.decide(id, { status: opts.status, ground: opts.ground ?? null, actor: actorOf(opts.actor), ...(opts.correct ? { correct: true } : {}) });
        process.stdout.write(`${say(lang, 'cli.decided', { id, status: decided.ground ? `${decided.status} (${decided.ground})` : decided.status, actor: decided.actor })}\n`);
      }),
    );

  withConfigOption(group.command('register <id>'))
    .description('register a document into a case (BK-20): case number in the municipality’s format, title, classification code')
    .requiredOption('--case <number>', 'case number, e.g. 27.12.08-P20-1-26 (DK) or KS 2026/123 (SE)')
    .requiredOption('--title <text>', 'document title')
    .requiredOption('--classification <code>', 'code of the classification scheme (KLE for DK)')
    .option('--direction <in|out>', 'in or out (default: in for mail from outside, else out)')
    .option('--date <YYYY-MM-DD>', "the document's date (default: when it was received or sent)")
    .option('--registrar <name>', 'who registers (default: the OS user)')
    .action((id: string, opts: { config?: string; case: string; title: string; classification: string; direction?: string; date?: string; registrar?: string }) =>
      withRecords(opts, async ({ records, lang }) => {
        const doc = await records.document(id);
        const direction = (opts.direction ?? (doc.direction === 'in' ? 'in' : 'out')) as RecordDirection;
        const done = await records.register(id, {
          caseNumber: opts.case,
          title: opts.title,
          classification: opts.classification,
          direction,
          ...(opts.date ? { date: parseRecordDate(opts.date) } : {}),
          registrar: actorOf(opts.registrar),
          via: 'cli',
        });
        process.stdout.write(`${say(lang, 'cli.registered', { id, caseNumber: done.caseNumber })}\n`);
      }),
    );

  withConfigOption(group.command('grounds'))
    .description('the catalogue of not-public grounds (BK-19) and secrecy provisions; entries marked review are samples for the municipal lawyer')
    .option('--json', 'print JSON')
    .action((opts: { config?: string; json?: boolean }) =>
      withRecords(opts, async ({ records, lang }) => {
        const grounds = records.grounds();
        if (opts.json) return printJson(grounds);
        for (const g of grounds) process.stdout.write(`${g.id.padEnd(24)} ${g.kind.padEnd(11)} ${g.review ? 'review ' : '       '}${describeGround(g, lang)}\n`);
      }),
    );

  withConfigOption(group.command('original <id>'))
    .description("write a document's original message (.eml) to standard output")
    .action((id: string, opts: { config?: string }) =>
      withRecords(opts, async ({ records }) => {
        process.stdout.write(await records.original(id));
      }),
    );

  group
    .command('token')
    .description('make a bearer token for a case system using the records API, and print its records.apiClients digest')
    .action(() => {
      const lang = terminalLang('en');
      const { token, tokenSha256 } = newToken();
      process.stdout.write(`${say(lang, 'cli.token', { token, hash: tokenSha256 })}\n`);
    });
};
