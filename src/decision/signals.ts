/**
 * What a message says about its own timing (FX-3): deadlines from the sender's header, from the
 * MeMo letter (replyByDateTime, Action/endDateTime) and from the text (reply-by dates, weekdays,
 * relative days, periods and weeks, `text/deadlines.ts`, read against the sending time); the
 * urgent header; MeMo legalNotification; and doNotDeliverUntilDate, the earliest moment Digital
 * Post shows the letter. The hold decision weighs these; this module only reads them.
 */
import { DateTime } from 'luxon';
import { header, type Message } from '../message/types.ts';
import { newText } from '../rules/support.ts';
import { readDeadlines } from '../text/deadlines.ts';

export type DeadlineSource =
  | { kind: 'header' }
  | { kind: 'memo-reply-by' }
  | { kind: 'memo-action'; label: string }
  | { kind: 'text'; text: string };

export interface Deadline {
  at: Date;
  source: DeadlineSource;
}

export interface TimingSignals {
  /** The earliest deadline found, if any. */
  deadline?: Deadline;
  /**
   * A deadline the sender meant but we cannot read: an X-Postvakt-Deadline value that is not a
   * date, or a sentence that clearly sets a deadline ("svar senest snarest").
   */
  unreadableDeadline?: { value: string; source: 'header' | 'text' };
  urgent: boolean;
  legalNotification: boolean;
  /** Digital Post shows the letter no earlier than this (local midnight of doNotDeliverUntilDate). */
  notBefore?: Date;
}

export const DEADLINE_HEADER = 'X-Postvakt-Deadline';
export const URGENT_HEADER = 'X-Postvakt-Urgent';

export function timingSignals(message: Message, options: { now: Date; timeZone: string }): TimingSignals {
  const { timeZone } = options;
  const deadlines: Deadline[] = [];
  let unreadableDeadline: TimingSignals['unreadableDeadline'];

  const headerValue = header(message, DEADLINE_HEADER)?.trim();
  if (headerValue) {
    const at = parseDeadline(headerValue, timeZone);
    if (at) deadlines.push({ at, source: { kind: 'header' } });
    else unreadableDeadline = { value: headerValue, source: 'header' };
  }

  const memo = message.memo;
  if (memo?.replyByDateTime) deadlines.push({ at: memo.replyByDateTime, source: { kind: 'memo-reply-by' } });
  for (const action of memo?.actions ?? []) {
    if (action.endDateTime) deadlines.push({ at: action.endDateTime, source: { kind: 'memo-action', label: action.label } });
  }

  for (const text of ownTexts(message)) {
    const read = readDeadlines(text, { reference: message.date ?? options.now, timeZone });
    for (const d of read.deadlines) deadlines.push({ at: d.deadline, source: { kind: 'text', text: d.text } });
    if (read.unreadable[0] !== undefined) unreadableDeadline ??= { value: read.unreadable[0], source: 'text' };
  }

  const urgentValue = header(message, URGENT_HEADER)?.trim();
  const notBefore = memo?.doNotDeliverUntilDate
    ? DateTime.fromISO(memo.doNotDeliverUntilDate, { zone: timeZone }).startOf('day')
    : undefined;

  const earliest = deadlines.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  return {
    ...(earliest ? { deadline: earliest } : {}),
    ...(unreadableDeadline !== undefined ? { unreadableDeadline } : {}),
    // Any value but an explicit no counts: a sender who wrote the header meant it.
    urgent: urgentValue !== undefined && !/^(no|false|0|nej)$/i.test(urgentValue),
    legalNotification: memo?.legalNotification === true,
    ...(notBefore?.isValid ? { notBefore: notBefore.toJSDate() } : {}),
  };
}

/**
 * A date (the end of that local day) or a date-time (with offset, or local when it has none);
 * null for anything else, so a garbled header is reported rather than guessed.
 */
export function parseDeadline(value: string, timeZone: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = DateTime.fromISO(value, { zone: timeZone });
    return day.isValid ? day.endOf('day').toJSDate() : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const at = DateTime.fromISO(value, { zone: timeZone, setZone: true });
  return at.isValid ? at.toJSDate() : null;
}

/**
 * The subject and the sender's own words: a reply-by date in quoted history or a forwarded
 * thread was someone else's deadline. The new text is the one the rules read (`newText`, joined
 * once per message), so the dates found in it are shared (`text/dates.ts` keeps its scans per text).
 */
function ownTexts(message: Message): string[] {
  return [message.subject, newText(message).text];
}
