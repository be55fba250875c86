/**
 * The gateway's rows in the mail log (BK-28): every message in (accepted, held or refused) and
 * every delivery attempt out. Rows for accepted messages and for delivery results are appended
 * inside the same transaction as the queue change they record, so log and queue cannot disagree.
 */
import type { Transaction } from 'kysely';
import { appendMailLog, type MailLogEntry } from '../maillog/index.ts';
import type { DB } from '../store/schema.ts';
import type { NewItem, Outcome, QueueItem } from '../queue/queue.ts';
import type { DeliveryResult } from '../queue/transport.ts';
import type { SmtpEnvelope } from './smarthost.ts';
import { recordedDirection, type Direction } from '../inbound/direction.ts';
import { loggedRecipients } from '../queue/stored-decision.ts';

interface Facts {
  channel: 'email' | 'digitalpost' | 'inbound';
  envelope: Record<string, unknown>;
  subject: string;
  messageId?: string | null;
  raw: Buffer;
  decision: Record<string, unknown>;
  releaseAt?: Date | null;
}

/** The message's one direction (issue 17), recorded on its items when they were made. */
function directionOf(facts: Facts): Direction {
  return recordedDirection(facts.decision, facts.channel === 'inbound' ? 'in' : 'out');
}

function entry(facts: Facts, at: Date, event: MailLogEntry['event'], queueId: string, result?: string): MailLogEntry {
  const envelope = facts.envelope as unknown as SmtpEnvelope;
  const verdict = typeof facts.decision.verdict === 'string' ? facts.decision.verdict : typeof facts.decision.notice === 'string' ? `notice: ${facts.decision.notice}` : 'pass';
  return {
    at,
    event,
    direction: directionOf(facts),
    // Inbound mail is e-mail in the log; its direction says where it came from.
    channel: facts.channel === 'digitalpost' ? 'digitalpost' : 'email',
    sender: envelope.from || '<>',
    // A held message's recipients stand under their keyed pseudonyms: no row pairs a citizen with a hold.
    recipients: loggedRecipients(facts.decision, envelope.to),
    subject: facts.subject,
    messageId: facts.messageId ?? null,
    size: facts.raw.length,
    verdict,
    releaseAt: facts.releaseAt ?? null,
    result: result ?? null,
    queueId,
  };
}

/** Rows for the items of accepted messages, committed with them. */
export async function logAccepted(trx: Transaction<DB>, items: Array<NewItem & { id: string }>, at: Date): Promise<void> {
  const entries = items
    .filter((i) => i.channel !== 'digitalpost')
    .map((i) => entry(i, at, i.status === 'held' ? 'held' : i.channel === 'inbound' ? 'received' : 'accepted', i.id));
  await appendMailLog(trx, entries);
}

/**
 * A person released a held message now or cancelled it: the row names who did it (as its
 * result). The reason stays in the queue's history, out of the public log (it may describe the
 * citizen).
 */
export function overrideEntry(item: QueueItem, event: 'released' | 'cancelled', actor: string, at: Date): MailLogEntry {
  return entry(item, at, event, item.id, actor);
}

/** A refused message: nothing was queued, the row records the refusal and its reply. */
export async function logRefused(
  db: Parameters<typeof appendMailLog>[0],
  message: { from: string; to: string[]; subject: string; messageId?: string; size: number; reply: string; session: string; direction: Direction },
  at: Date,
): Promise<void> {
  await appendMailLog(db, {
    at,
    event: 'refused',
    direction: message.direction,
    channel: 'email',
    sender: message.from || '<>',
    recipients: message.to,
    subject: message.subject,
    messageId: message.messageId ?? null,
    size: message.size,
    verdict: 'refuse',
    result: message.reply,
    queueId: message.session,
  });
}

/** Rows for delivery attempts of e-mail items, committed with their results. */
export async function logOutcomes(
  trx: Transaction<DB>,
  finished: Array<{ item: QueueItem; outcome: Outcome; result: DeliveryResult }>,
  at: Date,
): Promise<void> {
  const entries = finished
    .filter((f) => f.item.channel !== 'digitalpost' && f.outcome !== 'lost-lease')
    .map(({ item, outcome, result }) =>
      entry(item, at, outcome as Exclude<Outcome, 'lost-lease'>, item.id, result.kind === 'delivered' ? result.response : result.error),
    );
  await appendMailLog(trx, entries);
}
