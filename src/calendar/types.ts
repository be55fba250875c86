/**
 * What the rest of Postvakt asks of municipal working time. All arguments and results are
 * absolute instants (Date, UTC inside); local rules are applied in the profile's time zone.
 */
export interface ClosedDay {
  /** Local date YYYY-MM-DD. */
  date: string;
  name: string;
  kind: 'statutory' | 'configured';
  /** Set on half days: closed from this local time. */
  from?: string;
}

export interface QuietWindow {
  start: Date;
  end: Date;
  /** Why the office is closed, e.g. "weekend" or the holiday names. */
  reason: string;
}

export interface WorkingCalendar {
  readonly country: 'DK' | 'SE';
  readonly timeZone: string;
  isOpen(t: Date): boolean;
  /**
   * The end of the quiet window when `t` is in one; else `t` itself when open, else the start
   * of the next opening interval.
   */
  nextOpening(t: Date): Date;
  closedDays(year: number): ClosedDay[];
  quietWindow(t: Date): QuietWindow | null;
  /** A statutory working-day deadline: n working days after t, moved past closed days. */
  addWorkingDays(t: Date, n: number): Date;
  /** Working minutes inside opening hours between a and b. */
  workingTimeBetween(a: Date, b: Date): number;
  /** The opening intervals between a and b, cut to them (telephone hours for coverage, BK-16). */
  openIntervals(a: Date, b: Date): Array<{ start: Date; end: Date }>;
  /** ISO 8601 with the profile's local offset, e.g. 2026-12-28T08:00:00+01:00. */
  formatLocal(t: Date): string;
}
