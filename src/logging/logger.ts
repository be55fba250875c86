/**
 * Structured logs (pino) for every long-running part. Personal data never goes into a log line:
 * log queue ids, Message-IDs and masked recipients, not addresses or CPR numbers.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env.POSTVAKT_LOG_LEVEL ?? 'info';
  // stdout is written asynchronously: the relay logs every delivery, and a blocking write per
  // line held up the event loop under load. pino flushes what is buffered when the process exits.
  return pino({ level }, options.destination ?? pino.destination({ dest: 1, sync: false }));
}

/** A logger that writes nothing: for tests and one-shot CLI commands. */
export const silentLogger: Logger = pino({ level: 'silent' });
