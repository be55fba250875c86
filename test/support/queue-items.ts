/** A queue item for tests: an outgoing e-mail to one citizen; tests override what they look at. */
import type { NewItem } from '../../src/queue/queue.ts';

export function queueItem(overrides: Partial<NewItem> = {}): NewItem {
  return {
    channel: 'email',
    status: 'queued',
    raw: Buffer.from('Subject: Hej\r\n\r\nHej\r\n'),
    envelope: { from: 'cw@example.dk', to: ['citizen@example.dk'] },
    lang: 'da',
    subject: 'Hej',
    originId: 'origin-1',
    decision: { verdict: 'deliver' },
    ...overrides,
  };
}
