/**
 * `postvakt digitalpost token --client NAME`: a new bearer token for a case system that posts
 * MeMo letters to the intake, and the config line with its SHA-256 (the token itself is never
 * stored).
 */
import type { Command } from 'commander';
import { translate } from '../../i18n/catalog.ts';
import { newToken } from '../../digitalpost/auth.ts';
import { messages } from '../../digitalpost/messages.ts';
import { UpstreamConfigError } from '../../digitalpost/transport.ts';
import { registerInputError, UsageError } from '../errors.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

registerInputError(UpstreamConfigError);

export const register: RegisterCommands = (program: Command) => {
  const group = program.command('digitalpost').description('the Digital Post (MeMo) intake');
  group
    .command('token')
    .description('make a bearer token for a case system and print the digitalPost.clients line for it')
    .requiredOption('--client <name>', 'the case system, as it will appear in receipts and the mail log')
    .action((opts: { client: string }) => {
      const name = opts.client.trim();
      const lang = terminalLang('en');
      if (!name || /["\n]/.test(name)) throw new UsageError(translate(messages, lang, 'cli.token.badClient', { client: opts.client }));
      const { token, tokenSha256 } = newToken();
      process.stdout.write(
        `${translate(messages, lang, 'cli.token.issued', { client: name })}\n\n  ${token}\n\n` +
          `${translate(messages, lang, 'cli.token.config')}\n\n  - { name: "${name}", tokenSha256: "${tokenSha256}" }\n`,
      );
    });
};
