/**
 * `postvakt backup --out FILE`: an online backup of the SQLite store (SQLite's backup API, safe
 * while `serve` runs), and beside it `FILE.keys.txt`, the note of the register keys it needs.
 */
import { writeFileSync } from 'node:fs';
import { translate, type Lang, type Params } from '../../i18n/catalog.ts';
import { backupStore, describeKeyNote, keyNote } from '../../backup/backup.ts';
import { messages } from '../../backup/messages.ts';
import { inReaderLanguage } from '../errors.ts';
import { cliConfig, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

export const register: RegisterCommands = (program) => {
  withConfigOption(program.command('backup').description('online backup of the SQLite store, with a note of the register keys it needs'))
    .requiredOption('--out <file>', 'the backup file to create (never overwritten)')
    .action(async (opts: { config?: string; out: string }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      const say = (key: keyof (typeof messages)['en'], params?: Params) => translate(messages, lang, key, params);
      await inReaderLanguage(lang, async () => {
        const { bytes } = await backupStore(config, opts.out);
        const note = describeKeyNote(keyNote(config, opts.out), say);
        writeFileSync(`${opts.out}.keys.txt`, `${note.join('\n')}\n`, { mode: 0o600 });
        process.stdout.write(`${[say('written', { out: opts.out, bytes }), ...note].join('\n')}\n`);
      });
    });
};
