/**
 * `postvakt user add|list|passwd|disable|enable|remove`: web accounts from the server's command
 * line (the first admin of an embedded install, or accounts where there is no IdP). A password
 * comes from stdin or `--password-file`, never from the command line, where it would land in
 * shell history and the process list. Disabling keeps the account and its history but ends its
 * sessions at once; a password change ends them too.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { clockFromEnv } from '../../clock/clock.ts';
import { translate, type Lang } from '../../i18n/catalog.ts';
import { openStore } from '../../store/db.ts';
import { WEB_ROLES } from '../../web/config.ts';
import { webMessages, type WebMessageKey } from '../../web/messages.ts';
import { addLocalUser, isRole, listUsers, removeUser, setDisabled, setPassword } from '../../web/auth/users.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.ts';
import type { Config } from '../../config/schema.ts';
import { inReaderLanguage, UsageError } from '../errors.ts';
import { cliConfig, printJson, withConfigOption } from '../shared.ts';
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


/** Run `work` on the configured store in the terminal's language, and close the store. */
async function withUsers(opts: { config?: string }, work: (db: Kysely<DB>, say: (key: WebMessageKey, params?: Record<string, string>) => string, lang: Lang, config: Config) => Promise<void>): Promise<void> {
  const { config } = cliConfig(opts);
  const lang = terminalLang(config.municipality.language as Lang);
  const store = await openStore(config.store.url);
  try {
    await inReaderLanguage(lang, () => work(store.db, (key, params) => translate(webMessages, lang, key, params), lang, config));
  } finally {
    await store.close();
  }
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
    await withUsers(opts, async (db, say, lang) => {
      const role = opts.role;
      if (!isRole(role)) throw new UsageError(say('user.badRole', { role, roles: WEB_ROLES.join(', ') }));
      const password = await readPassword(opts.passwordFile, lang);
      const created = await addLocalUser(db, clockFromEnv(), { username: opts.username, password, role, unit: opts.unit });
      process.stdout.write(`${say('cliUserCreated', { username: created.username, role: created.role, unit: created.unit })}\n`);
    });
  });

  withConfigOption(user.command('list').description('every web account: name, role, unit, local or OIDC, disabled').option('--json', 'print JSON')).action(
    async (opts: { json?: boolean; config?: string }) => {
      await withUsers(opts, async (db, say) => {
        const users = await listUsers(db);
        if (opts.json) return printJson(users.map(({ username, role, unit, source, disabled, createdAt }) => ({ username, role, unit, source, disabled, createdAt })));
        if (users.length === 0) return void process.stdout.write(`${say('cliUserListEmpty')}\n`);
        for (const u of users) {
          const disabled = u.disabled ? say('cliUserListDisabled') : '';
          process.stdout.write(`${say('cliUserList', { username: u.username, role: u.role, unit: u.unit, source: u.source, disabled })}\n`);
        }
      });
    },
  );

  withConfigOption(
    user
      .command('passwd <username>')
      .description("set a local account's password from stdin or --password-file; its sessions end")
      .option('--password-file <file>', 'read the password from this file instead of stdin'),
  ).action(async (username: string, opts: { passwordFile?: string; config?: string }) => {
    await withUsers(opts, async (db, say, lang) => {
      await setPassword(db, username, await readPassword(opts.passwordFile, lang));
      process.stdout.write(`${say('cliPasswordChanged', { username })}\n`);
    });
  });

  const states: Array<[string, string, boolean, WebMessageKey]> = [
    ['disable', 'stop an account from signing in and end its sessions (the account and its history stay)', true, 'cliUserDisabled'],
    ['enable', 'let a disabled account sign in again', false, 'cliUserEnabled'],
  ];
  for (const [name, description, disabled, done] of states) {
    withConfigOption(user.command(`${name} <username>`).description(description)).action(async (username: string, opts: { config?: string }) => {
      await withUsers(opts, async (db, say) => {
        await setDisabled(db, username, disabled);
        process.stdout.write(`${say(done, { username })}\n`);
      });
    });
  }

  withConfigOption(user.command('remove <username>').description('delete an account and end its sessions')).action(
    async (username: string, opts: { config?: string }) => {
      await withUsers(opts, async (db, say) => {
        await removeUser(db, username);
        process.stdout.write(`${say('cliUserRemoved', { username })}\n`);
      });
    },
  );
};
