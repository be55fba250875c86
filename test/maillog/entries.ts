/** A made-up outgoing mail-log event; tests override what they look at. */
import type { MailLogEntry } from '../../src/maillog/index.ts';

export function logEntry(overrides: Partial<MailLogEntry> = {}): MailLogEntry {
  return {
    at: new Date('2026-12-04T13:00:00Z'),
    event: 'received',
    direction: 'out',
    channel: 'email',
    sender: 'sagsbehandler@example.dk',
    recipients: ['borger@example.dk'],
    subject: 'Svar på din ansøgning',
    messageId: '<a1@example.dk>',
    size: 2048,
    verdict: 'pass',
    ...overrides,
  };
}
