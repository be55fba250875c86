/**
 * The Digital Post channel's rows in the mail log (BK-28): one when a letter is accepted (held,
 * queued, or forwarded with doNotDeliverUntilDate), committed with the queue item, and one for
 * each forwarding outcome (forwarded, retrying, failed). The recipient's CPR is masked here
 * already (the log masks identity numbers too, but a bare number must not depend on detection).
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { MemoData } from '../message/types.ts';
import type { RecipientDecision } from '../decision/types.ts';
import { appendMailLog, type MailLogEntry } from '../maillog/log.ts';
import { publicVerdict } from '../queue/stored-decision.ts';
import type { OutcomeObserver } from '../queue/scheduler.ts';
import type { QueueItem } from '../queue/queue.ts';
import type { DB } from '../store/schema.ts';

/** "CPR 110285-XXXX" for a citizen, "CVR 29189978" for a company (not personal data). */
export function recipientLabel(recipient: MemoData['recipient']): string {
  if (recipient.idType === 'CPR') return `CPR ${recipient.id.slice(0, 6)}-XXXX`;
  return `${recipient.idType} ${recipient.id}`;
}

export type IntakeAction = 'held' | 'queued' | 'deferred';

export function intakeEntry(input: {
  at: Date;
  client: string;
  memo: MemoData;
  size: number;
  decision: RecipientDecision;
  action: IntakeAction;
  /** As the letter's envelope names it: masked, or a pseudonym when held. */
  recipient: string;
  queueId: string;
  doNotDeliverUntilDate?: string;
}): MailLogEntry {
  const { memo, decision } = input;
  return {
    at: input.at,
    event: input.action === 'held' ? 'held' : 'accepted',
    // A letter to a citizen leaves the municipality: one message, one direction (issue 17).
    direction: 'out',
    channel: 'digitalpost',
    sender: input.client,
    recipients: [input.recipient],
    subject: memo.label,
    messageId: memo.messageUuid,
    size: input.size,
    verdict: publicVerdict(decision.verdict),
    releaseAt: decision.holdUntil ?? null,
    result: input.doNotDeliverUntilDate ? `forwarded with doNotDeliverUntilDate ${input.doNotDeliverUntilDate}` : null,
    queueId: input.queueId,
  };
}

/** A row about a queued letter (its sender and masked recipient are in the envelope). */
function itemEntry(item: QueueItem, at: Date, event: MailLogEntry['event'], result: string): MailLogEntry {
  const envelope = item.envelope as { client?: string; recipient?: string; memoMessageUuid?: string };
  return {
    at,
    event,
    direction: 'out',
    channel: 'digitalpost',
    sender: envelope.client ?? '',
    recipients: envelope.recipient ? [envelope.recipient] : [],
    subject: item.subject,
    messageId: envelope.memoMessageUuid ?? item.messageId,
    size: item.raw.length,
    verdict: String(item.decision.verdict ?? ''),
    releaseAt: item.releaseAt,
    result,
    queueId: item.id,
  };
}

/** A person released a held letter now or cancelled it: who did it (the reason stays in the queue's history). */
export function overrideEntry(item: QueueItem, event: 'released' | 'cancelled', actor: string, at: Date): MailLogEntry {
  return itemEntry(item, at, event, actor);
}

/** Logs what became of each forwarding attempt of a Digital Post letter. */
export function outcomeLogger(db: Kysely<DB>, clock: Clock): OutcomeObserver {
  return async (item, outcome, result) => {
    if (item.channel !== 'digitalpost' || outcome === 'lost-lease') return;
    await appendMailLog(db, itemEntry(item, clock.now(), outcome, result.kind === 'delivered' ? result.response : result.error));
  };
}
