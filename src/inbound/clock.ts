/**
 * The answer clock (BK-14): N working days of the municipality's calendar. A mail that arrives
 * while the office is closed (evenings, weekends, closed days, a quiet window) starts the clock at
 * the next opening. The answer is due at the same local time of day on the Nth later day the
 * office opens; if the office is closed at that time (a shorter day), it is due at the next
 * opening, before anyone could have been waiting for it again.
 *
 * Not `addWorkingDays`: that follows the statutory deadline days, while an answer depends on the
 * days this office is open (its configured closed days and quiet windows included).
 */
import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../calendar/types.ts';

export function answerClock(calendar: WorkingCalendar, receivedAt: Date, days: number): { startsAt: Date; dueAt: Date } {
  const zone = calendar.timeZone;
  const startsAt = calendar.nextOpening(receivedAt);
  const start = DateTime.fromJSDate(startsAt, { zone });
  let day = start.startOf('day');
  for (let counted = 0; counted < days; ) {
    day = day.plus({ days: 1 });
    // An open day is one whose first opening is on that day; closed stretches are skipped at once.
    const opening = DateTime.fromJSDate(calendar.nextOpening(day.toJSDate()), { zone });
    if (opening.hasSame(day, 'day')) counted += 1;
    else day = opening.startOf('day').minus({ days: 1 });
  }
  const due = day.set({ hour: start.hour, minute: start.minute, second: start.second, millisecond: 0 }).toJSDate();
  return { startsAt, dueAt: calendar.isOpen(due) ? due : calendar.nextOpening(due) };
}
