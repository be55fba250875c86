/**
 * Duty rosters of function mailboxes (BK-16): the marks members set in the web app or the CLI
 * ("on duty on this day, from–to"), beside the weekly schedule in config, and the claims that
 * keep the managers' alert about a gap to once per mailbox and day.
 */
export interface CoverageTables {
  duty_marks: {
    id: string;
    mailbox: string;
    person: string;
    /** Local date YYYY-MM-DD. */
    day: string;
    /** Local times HH:MM. */
    from_time: string;
    to_time: string;
    created_at: number;
  };
  coverage_alerts: {
    mailbox: string;
    day: string;
    sent_at: number;
  };
}
