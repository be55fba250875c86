/**
 * A request's deadlines in the municipality's working days (`calendar.addWorkingDays`, the
 * statutory deadline days of its country: Christmas, Easter, the national days).
 * SE (BK-18): "skyndsamt", read as 2 working days, plus 2 when secrecy must be reviewed.
 * DK (offentlighedsloven § 36): 7 working days; past them a reasoned delay notice with an expected
 * date is due, and that date becomes the deadline.
 */
import type { WorkingCalendar } from '../calendar/types.ts';
import type { RequestsConfig } from './config.ts';

export interface RequestDeadline {
  dueAt: Date;
  /** Whether the secrecy review's days are in it. */
  secrecyReview: boolean;
}

export function requestDeadline(calendar: WorkingCalendar, config: RequestsConfig, receivedAt: Date, secrecyReview: boolean): RequestDeadline {
  const rule = config.deadlines[calendar.country];
  const extra = secrecyReview ? rule.secrecyReviewDays : 0;
  return { dueAt: calendar.addWorkingDays(receivedAt, rule.answerDays + extra), secrecyReview: secrecyReview && extra > 0 };
}

/** The escalated review's own deadline (BK-23). */
export function escalationDeadline(calendar: WorkingCalendar, config: RequestsConfig, at: Date): Date {
  return calendar.addWorkingDays(at, config.escalationDays);
}

/** Until when a decision's documents stay on legal hold (the appeal period). */
export function appealUntil(calendar: WorkingCalendar, config: RequestsConfig, decidedAt: Date): Date {
  return new Date(decidedAt.getTime() + config.appealPeriod[calendar.country]);
}
