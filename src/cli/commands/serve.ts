/**
 * `postvakt serve`: run the gateway, scheduler and the other front doors until SIGTERM/SIGINT
 * (see serve/stop.ts), then stop accepting, finish open transactions and deliveries in flight,
 * and close the store; a second signal stops at once.
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
import { stopRequests } from '../../serve/stop.ts';
import { registerInputError } from '../errors.ts';
import { cliConfig, withConfigOption } from '../shared.ts';
import type { RegisterCommands } from './index.ts';

registerInputError(TlsConfigError);
registerInputError(SmarthostConfigError);

export const register: RegisterCommands = (program: Command, env) => {
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
      // Listening from the start: a stop asked for while starting is carried out once started.
      const requests = stopRequests({
        parentPid: env.parentPid,
        onAgain: (signal) => {
          // Nothing accepted is lost: every 250 was committed durably before it was sent.
          logger.warn({ signal }, 'stopping at once');
          logger.flush();
          process.exit(signal === 'SIGINT' ? 130 : 143);
        },
      });
      try {
        const serving = await serve({ config, clock: clockFromEnv(), logger });
        logger.info({ signal: await requests.first }, 'stopping (a second signal stops at once)');
        await serving.stop();
      } finally {
        requests.dispose();
      }
      logger.info('stopped');
    });
};
