/**
 * The sender's overrides of a hold (FX-6, FX-9). The queue owns the held item and records each
 * override as an event; these checks say whether an override may be made, so every front door
 * (CLI, web app, notice links) applies the same rules:
 * - release now: always allowed, with a recorded reason (the sender judged it cannot wait);
 * - reschedule: to a later time that is not itself in a quiet window and still leaves the
 *   citizen the minimum working days before the message's deadline (FX-3);
 * - pre-notification (FX-9) needs no check: `Queue.markTold` records who and when.
 */
import type { WorkingCalendar } from '../calendar/types.ts';
import type { Params } from '../i18n/catalog.ts';
import { CatalogError } from '../i18n/catalog-error.ts';
import type { DecisionConfig, DeliveryRoute } from './config.ts';
import { messages } from './messages.ts';
import { windowTouched, workingDaysLeft } from './decider.ts';

/** An override that breaks a rule; the message says which (`describe(lang)`), and nothing was changed. */
export class OverrideError extends CatalogError<keyof (typeof messages)['en']> {
  constructor(code: Extract<keyof (typeof messages)['en'], `error.override.${string}`>, params: Params = {}) {
    super(messages, code, params);
  }
}

export interface HeldMessage {
  /** When it is due for release now. */
  holdUntil: Date;
  /** The deadline the decision found, if any. */
  deadline?: Date;
  /** How it reaches the citizen: its channel, or an SF1601 route (NemSMS, printed post). */
  channel: DeliveryRoute;
}

const MAX_REASON = 1000;

/** A release-now reason: required, trimmed, bounded. */
export function checkReleaseReason(reason: string | undefined): string {
  const text = reason?.trim() ?? '';
  if (text === '') throw new OverrideError('error.override.noReason');
  if (text.length > MAX_REASON) throw new OverrideError('error.override.reasonTooLong', { max: MAX_REASON });
  return text;
}

/** Checks a new release time; returns it when allowed. */
export function checkReschedule(
  held: HeldMessage,
  until: Date,
  now: Date,
  context: { calendar: WorkingCalendar; config: DecisionConfig },
): Date {
  const { calendar, config } = context;
  if (until.getTime() <= now.getTime()) {
    throw new OverrideError('error.override.notFuture', { until: calendar.formatLocal(until) });
  }
  const delay = config.channelDelayMinutes[held.channel] * 60_000;
  const window = windowTouched(calendar, until, new Date(until.getTime() + delay));
  if (window) {
    throw new OverrideError('error.override.quiet', { reason: window.reason, end: calendar.formatLocal(window.end) });
  }
  const min = config.minWorkingDaysBeforeDeadline;
  if (held.deadline && workingDaysLeft(calendar, until, held.deadline, min) < min) {
    throw new OverrideError('error.override.deadline', {
      until: calendar.formatLocal(until),
      min,
      deadline: calendar.formatLocal(held.deadline),
    });
  }
  return until;
}
