/**
 * The letters received and their receipts. A receipt joins the letter's row (verdict, reasons,
 * findings) with its durable queue item, whose state says where the letter is now: held,
 * waiting, being retried, forwarded, failed or cancelled.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../store/schema.ts';
import type { Queue, QueueItem } from '../queue/queue.ts';
import { translate, type Lang, type Params } from '../i18n/catalog.ts';
import type { DecisionReason, Verdict } from '../decision/types.ts';
import type { DigitalPostTables } from './tables.ts';
import { messages, type MessageKey } from './messages.ts';

export type LetterRow = Selectable<DigitalPostTables['digitalpost_letters']>;

/** A finding as the receipt shows it. */
export interface ReceiptFinding {
  ruleId: string;
  clause: string;
  level: string;
  message: string;
}

/** What the `details` column holds. */
export interface LetterDetails {
  reasons: DecisionReason[];
  findings: ReceiptFinding[];
  /** Set in doNotDeliverUntilDate mode: the date written into the forwarded letter. */
  doNotDeliverUntilDate?: string;
}

export type ReceiptStatus = 'held' | 'queued' | 'retrying' | 'forwarded' | 'failed' | 'cancelled';

export interface Receipt {
  memoMessageUuid: string;
  status: ReceiptStatus;
  /** One sentence for people, in the requested language. */
  summary: string;
  verdict: Verdict;
  receivedAt: string;
  holdUntil?: string;
  doNotDeliverUntilDate?: string;
  forwardedAt?: string;
  nextAttemptAt?: string;
  attempts: number;
  /** Digital Post's answer when forwarded, or why it was not. */
  upstreamResponse?: string;
  error?: string;
  reasons: DecisionReason[];
  findings: ReceiptFinding[];
}

export async function findLetter(db: Kysely<DB> | Transaction<DB>, uuid: string): Promise<LetterRow | undefined> {
  return db.selectFrom('digitalpost_letters').selectAll().where('memo_uuid', '=', uuid).executeTakeFirst();
}

export async function insertLetter(trx: Transaction<DB>, row: LetterRow): Promise<void> {
  await trx.insertInto('digitalpost_letters').values(row).execute();
}

function statusOf(item: QueueItem): ReceiptStatus {
  switch (item.status) {
    case 'held':
      return 'held';
    case 'queued':
      return item.attempts > 0 ? 'retrying' : 'queued';
    case 'delivering':
      return 'queued';
    case 'delivered':
      return 'forwarded';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
  }
}

export interface ReceiptContext {
  queue: Queue;
  lang: Lang;
  /** An instant as the municipality reads it (local time with offset). */
  formatTime(t: Date): string;
}

export async function receiptOf(row: LetterRow, context: ReceiptContext): Promise<Receipt> {
  const { queue, lang, formatTime } = context;
  const details = JSON.parse(row.details) as LetterDetails;
  const item = await queue.require(row.queue_id);
  const status = statusOf(item);
  const receipt: Receipt = {
    memoMessageUuid: row.memo_uuid,
    status,
    summary: '',
    verdict: row.verdict as Verdict,
    receivedAt: new Date(Number(row.received_at)).toISOString(),
    attempts: item.attempts,
    reasons: details.reasons,
    findings: details.findings,
  };
  if (row.hold_until !== null) receipt.holdUntil = new Date(Number(row.hold_until)).toISOString();
  if (details.doNotDeliverUntilDate) receipt.doNotDeliverUntilDate = details.doNotDeliverUntilDate;
  const t = (key: MessageKey, params: Params = {}) => translate(messages, lang, key, params);

  switch (status) {
    case 'held':
      receipt.summary = t('receipt.held', { until: formatTime(item.releaseAt ?? item.nextAttemptAt) });
      receipt.holdUntil = (item.releaseAt ?? item.nextAttemptAt).toISOString();
      break;
    case 'queued':
      receipt.summary = t('receipt.queued');
      break;
    case 'retrying':
      receipt.error = item.lastResult ?? '';
      receipt.nextAttemptAt = item.nextAttemptAt.toISOString();
      receipt.summary = t('receipt.retrying', { error: receipt.error, at: formatTime(item.nextAttemptAt) });
      break;
    case 'forwarded': {
      receipt.upstreamResponse = item.lastResult ?? '';
      const delivered = (await queue.events(item.id)).findLast((e) => e.kind === 'delivered');
      if (delivered) receipt.forwardedAt = delivered.at.toISOString();
      receipt.summary = details.doNotDeliverUntilDate
        ? t('receipt.deferred', { date: details.doNotDeliverUntilDate })
        : t('receipt.forwarded');
      break;
    }
    case 'failed':
      receipt.error = item.lastResult ?? '';
      receipt.summary = t('receipt.failed', { error: receipt.error });
      break;
    case 'cancelled':
      receipt.summary = t('receipt.cancelled');
      break;
  }
  return receipt;
}
