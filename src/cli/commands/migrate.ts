/**
 * `postvakt migrate`: bring the store (SQLite file or PostgreSQL, from the configuration or
 * `POSTVAKT_DATABASE_URL`) to the latest schema. `serve` does the same at start; this command
 * lets an operator do it first, e.g. before starting several gateway instances on one database.
 * `--status` lists what is applied and what is pending, and changes nothing (exit 1 if pending).
 */
import { translate, type Lang } from '../../i18n/catalog.ts';
import { migrateToLatest, migrationStatus, openStore } from '../../store/db.ts';
import { migrations } from '../../store/migrations/index.ts';
import { messages } from '../../store/messages.ts';
import { cliConfig, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

export const register: RegisterCommands = (program, env) => {
  withConfigOption(program.command('migrate').description('apply pending database migrations (SQLite or PostgreSQL)'))
    .option('--status', 'list applied and pending migrations, change nothing (exit 1 if any is pending)')
    .action(async (opts: { config?: string; status?: boolean }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      const store = await openStore(config.store.url, { migrate: false });
      try {
        if (opts.status) {
          const status = await migrationStatus(store.db);
          for (const m of status) {
            process.stdout.write(`${m.appliedAt ? translate(messages, lang, 'status.applied', { at: m.appliedAt.toISOString(), name: m.name }) : translate(messages, lang, 'status.pending', { name: m.name })}\n`);
          }
          const applied = status.filter((m) => m.appliedAt).length;
          process.stdout.write(`${translate(messages, lang, 'status.summary', { applied, count: status.length, pending: status.length - applied, dialect: store.dialect })}\n`);
          if (applied < status.length) env.setExitCode(1);
          return;
        }
        const applied = await migrateToLatest(store.db);
        for (const name of applied) process.stdout.write(`${translate(messages, lang, 'applied', { name })}\n`);
        const count = Object.keys(migrations).length;
        process.stdout.write(`${translate(messages, lang, 'upToDate', { count, dialect: store.dialect })}\n`);
      } finally {
        await store.close();
      }
    });
};
