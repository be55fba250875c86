/**
 * `postvakt user add`: create a local web account (the first admin of an embedded install, or
 * accounts where there is no IdP). The password comes from stdin or `--password-file`, never
 * from the command line, where it would land in shell history and the process list.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { clockFromEnv } from '../../clock/clock.ts';
import { translate, type Lang } from '../../i18n/catalog.ts';
import { openStore } from '../../store/db.ts';
import { WEB_ROLES } from '../../web/config.ts';
import { webMessages } from '../../web/messages.ts';
import { addLocalUser, isRole } from '../../web/auth/users.ts';
import { inReaderLanguage, UsageError } from '../errors.ts';
import { cliConfig, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

async function readPassword(file: string | undefined, lang: Lang): Promise<string> {
  if (file) {
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new UsageError(translate(webMessages, lang, 'cliPasswordUnreadable', { file, code: (err as NodeJS.ErrnoException).code ?? 'error' }));
    }
  }
  if (process.stdin.isTTY) throw new UsageError(translate(webMessages, lang, 'cliPasswordOnStdin'));
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export const register: RegisterCommands = (program: Command) => {
  const user = program.command('user').description('web app accounts');
  withConfigOption(
    user
      .command('add')
      .description('create a local web account; the password is read from stdin or --password-file')
      .requiredOption('--username <name>', 'user name to sign in with')
      .requiredOption('--role <role>', `one of ${WEB_ROLES.join(', ')}`)
      .requiredOption('--unit <unit>', 'the unit (department) the user works in; case workers see only its flags')
      .option('--password-file <file>', 'read the password from this file instead of stdin'),
  ).action(async (opts: { username: string; role: string; unit: string; passwordFile?: string; config?: string }) => {
    const { config } = cliConfig(opts);
    const lang = terminalLang(config.municipality.language as Lang);
    const role = opts.role;
    if (!isRole(role)) throw new UsageError(translate(webMessages, lang, 'user.badRole', { role, roles: WEB_ROLES.join(', ') }));
    const password = await readPassword(opts.passwordFile, lang);
    const store = await openStore(config.store.url);
    try {
      const created = await inReaderLanguage(lang, () =>
        addLocalUser(store.db, clockFromEnv(), { username: opts.username, password, role, unit: opts.unit }),
      );
      process.stdout.write(`${translate(webMessages, lang, 'cliUserCreated', { username: created.username, role: created.role, unit: created.unit })}\n`);
    } finally {
      await store.close();
    }
  });
};
