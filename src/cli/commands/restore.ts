/**
 * `postvakt restore --from FILE`: put a backup into the configured SQLite store (a fresh one
 * unless --force), bring it to this version's schema, and say whether the register keys at hand
 * are the ones its flags need. Stop `postvakt serve` first.
 */
import { translate, type Lang, type Params } from '../../i18n/catalog.ts';
import { describeKeyNote, keyNote, restoreStore } from '../../backup/backup.ts';
import { messages } from '../../backup/messages.ts';
import { inReaderLanguage } from '../errors.ts';
import { cliConfig, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

export const register: RegisterCommands = (program, env) => {
  withConfigOption(program.command('restore').description('restore a backup into the configured SQLite store'))
    .requiredOption('--from <file>', 'a file made by postvakt backup')
    .option('--force', 'replace a store that already holds data')
    .action(async (opts: { config?: string; from: string; force?: boolean }) => {
      const { config } = cliConfig(opts);
      const lang = terminalLang(config.municipality.language as Lang);
      const say = (key: keyof (typeof messages)['en'], params?: Params) => translate(messages, lang, key, params);
      await inReaderLanguage(lang, async () => {
        const { file, migrations } = await restoreStore(config, opts.from, { force: opts.force === true });
        const note = keyNote(config, file);
        process.stdout.write(`${[say('restored', { from: opts.from, file, migrations }), ...describeKeyNote(note, say)].join('\n')}\n`);
        // Restored, but `serve` would refuse to start with these keys: say so in the exit code.
        if (note.hmacKeyIds.length > 0 && note.configured !== 'match') env.setExitCode(1);
      });
    });
};
