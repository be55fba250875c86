/**
 * `postvakt migrate`: bring the store (SQLite file or PostgreSQL, from the configuration or
 * `POSTVAKT_DATABASE_URL`) to the latest schema. `serve` does the same at start; this command
 * lets an operator do it first, e.g. before starting several gateway instances on one database.
 */
import { translate, type Lang } from '../../i18n/catalog.ts';
import { migrateToLatest, openStore } from '../../store/db.ts';
import { migrations } from '../../store/migrations/index.ts';
import { messages } from '../../store/messages.ts';
import { cliConfig, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

export const register: RegisterCommands = (program) => {
  withConfigOption(program.command('migrate').description('apply pending database migrations (SQLite or PostgreSQL)')).action(
    async (opts: { config?: string }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      const store = await openStore(config.store.url, { migrate: false });
      try {
        const applied = await migrateToLatest(store.db);
        for (const name of applied) process.stdout.write(`${translate(messages, lang, 'applied', { name })}\n`);
        const count = Object.keys(migrations).length;
        process.stdout.write(`${translate(messages, lang, 'upToDate', { count, dialect: store.dialect })}\n`);
      } finally {
        await store.close();
      }
    },
  );
};
