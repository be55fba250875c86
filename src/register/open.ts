/**
 * How every front door gets the register: keys loaded (or the key file created and logged),
 * checked against the stored flags, then the register over the shared store.
 */
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../logging/logger.ts';
import type { Store } from '../store/db.ts';
import { loadKeys } from './keys.ts';
import { ConsiderationRegister } from './register.ts';

export interface OpenRegisterOptions {
  config: Config;
  store: Store;
  clock: Clock;
  logger: Logger;
  env?: NodeJS.ProcessEnv;
}

export async function openRegister(options: OpenRegisterOptions): Promise<ConsiderationRegister> {
  const { config, store, clock, logger } = options;
  const loaded = loadKeys(config.register, options.env);
  if (loaded.createdFile) {
    logger.warn(
      { keyFile: loaded.createdFile, mode: '0600' },
      'created the consideration register key file; back it up, without it no flag can be found or read',
    );
  }
  const register = new ConsiderationRegister({
    db: store.db,
    keyring: loaded.keyring,
    clock,
    timeZone: config.calendar.timeZone,
    country: config.calendar.country,
  });
  await register.verifyKeys();
  logger.info({ keySource: loaded.source }, 'consideration register ready');
  return register;
}
