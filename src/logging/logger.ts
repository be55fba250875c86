/**
 * Structured logs (pino) for every long-running part. Personal data never goes into a log line:
 * log queue ids, Message-IDs and masked recipients, not addresses or CPR numbers.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env.POSTVAKT_LOG_LEVEL ?? 'info';
  return options.destination ? pino({ level }, options.destination) : pino({ level });
}

/** A logger that writes nothing: for tests and one-shot CLI commands. */
export const silentLogger: Logger = pino({ level: 'silent' });
