/**
 * The working-time profile: country, zone, opening hours and the municipality's own closed days.
 * Statutory holidays are not configured here; they come from `calendar/statutory`.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:MM between 00:00 and 23:59');
export const isoDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a date YYYY-MM-DD')
  .refine((s) => DateTime.fromISO(s).isValid, 'expected a date that exists in the calendar');

/** "08:00-15:00"; the start must be before the end. `null` means closed all day. */
export const openingInterval = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'expected opening hours HH:MM-HH:MM, for example 08:00-15:00')
  .refine((s) => s.slice(0, 5) < s.slice(6) && s.slice(6) <= '24:00', 'expected opening hours whose start is before their end');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const openingHoursSchema = z
  .object(Object.fromEntries(WEEKDAYS.map((d) => [d, openingInterval.nullable().default(null)])) as Record<
    Weekday,
    z.ZodDefault<z.ZodNullable<typeof openingInterval>>
  >)
  .strict()
  // An office that is never open has no next opening: every hold would wait forever.
  .refine((hours) => WEEKDAYS.some((d) => hours[d] !== null), 'expected opening hours on at least one weekday');

export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const closedDaySchema = z
  .object({
    date: isoDate,
    reason: z.string().min(1),
    /** Closed from this time on (a half day); absent means the whole day. */
    from: hhmm.optional(),
  })
  .strict();

/**
 * A day that recurs every year: `MM-DD` (24 December is `12-24`), `easter+N` / `easter-N` (days
 * from Easter Sunday), or `midsommarafton` (the Friday 19–25 June).
 */
export const annualDaySpec = z
  .string()
  .regex(
    /^((0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])|easter[+-]\d{1,2}|midsommarafton)$/,
    'expected MM-DD, easter+N, easter-N or midsommarafton',
  );

export const annualClosedDaySchema = z
  .object({
    day: annualDaySpec,
    reason: z.string().min(1),
    from: hhmm.optional(),
  })
  .strict();

export type AnnualClosedDay = z.infer<typeof annualClosedDaySchema>;

export const calendarConfigSchema = z
  .object({
    country: z.enum(['DK', 'SE']),
    timeZone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'expected an IANA time zone such as Europe/Copenhagen'),
    openingHours: openingHoursSchema,
    /** Telephone hours (BK-16); default: the opening hours. */
    phoneHours: openingHoursSchema.optional(),
    /** The quiet window starts at this time on the last working day before closed days. */
    quietCutoff: hhmm.default('12:00'),
    /**
     * Days the municipality closes every year although they are not statutory holidays. Absent:
     * the country's default (DK: 24 and 31 December, afternoons of Grundlovsdag and 1 May;
     * SE: midsommarafton, julafton, nyårsafton). `[]` keeps the office open on all of them.
     */
    annualClosedDays: z.array(annualClosedDaySchema).optional(),
    /** One-off closed days, e.g. a single klämdag / inklemt dag or a staff day. */
    closedDays: z.array(closedDaySchema).default([]),
    /**
     * Klämdagar / inklemte dage as a rule: close every working day that lies alone between
     * closed days (e.g. the Friday after Kristi himmelfartsdag).
     */
    bridgeDays: z.boolean().default(false),
  })
  .strict();

export type CalendarConfig = z.infer<typeof calendarConfigSchema>;
