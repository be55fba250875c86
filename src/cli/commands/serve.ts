/**
 * `postvakt serve`: run the gateway, scheduler and the other front doors until SIGTERM/SIGINT,
 * then close them in reverse order (deliveries in flight finish first).
 * `postvakt serve --hash-password` reads a password on standard input and prints the hash for
 * `gateway.users[].passwordHash`.
 */
import type { Command } from 'commander';
import { text } from 'node:stream/consumers';
import { clockFromEnv } from '../../clock/clock.ts';
import { createLogger } from '../../logging/logger.ts';
import { hashPassword } from '../../gateway/access.ts';
import { TlsConfigError } from '../../gateway/tls.ts';
import { SmarthostConfigError } from '../../gateway/smarthost.ts';
import { serve } from '../../serve/serve.ts';
import { registerInputError } from '../errors.ts';
import { cliConfig, withConfigOption } from '../shared.ts';
import type { RegisterCommands } from './index.ts';

registerInputError(TlsConfigError);
registerInputError(SmarthostConfigError);

export const register: RegisterCommands = (program: Command) => {
  withConfigOption(program.command('serve'))
    .description('run the SMTP gateway, the delivery scheduler and the other services')
    .option('--hash-password', 'read a password on standard input, print its hash for gateway.users, and exit')
    .action(async (opts: { config?: string; hashPassword?: boolean }) => {
      if (opts.hashPassword) {
        const password = (await text(process.stdin)).replace(/\r?\n$/, '');
        process.stdout.write(`${await hashPassword(password)}\n`);
        return;
      }
      const { config, path } = cliConfig(opts);
      const logger = createLogger();
      logger.info({ config: path }, 'starting');
      const serving = await serve({ config, clock: clockFromEnv(), logger });
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      logger.info({ signal }, 'stopping');
      await serving.stop();
      logger.info('stopped');
    });
};
