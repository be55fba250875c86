/**
 * Working time on the two sample profiles: quiet windows around weekends, Christmas and New Year
 * and the DST weekends, opening hours and half days, working-day deadlines, working minutes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarError, createCalendar, phoneHoursCalendar } from '../../src/calendar/calendar.ts';
import { calendarConfigSchema, type CalendarConfig } from '../../src/calendar/config.ts';
import { loadConfig, samplePath } from '../../src/config/load.ts';

const sample = (country: 'dk' | 'se'): CalendarConfig => loadConfig(samplePath(country)).config.calendar;
const dk = createCalendar(sample('dk'));
const se = createCalendar(sample('se'));
const at = (iso: string) => new Date(iso);
const local = (cal: typeof dk, t: Date | null | undefined) => (t ? cal.formatLocal(t) : t);

describe('quiet windows (FX-6)', () => {
  it('DK 2026-12-23 14:00 is in the Christmas quiet window, which ends Monday 28 December at opening time', () => {
    const t = at('2026-12-23T14:00:00+01:00');
    const w = dk.quietWindow(t);
    expect(local(dk, w?.start)).toBe('2026-12-23T12:00:00+01:00');
    expect(local(dk, w?.end)).toBe('2026-12-28T08:00:00+01:00');
    expect(w?.reason).toBe('Juleaftensdag, Juledag, 2. juledag, weekend');
    // Open until 15:00 that Wednesday, but inside the quiet window the next opening that counts
    // for a citizen is the window's end.
    expect(dk.isOpen(t)).toBe(true);
    expect(local(dk, dk.nextOpening(t))).toBe('2026-12-28T08:00:00+01:00');
    expect(local(dk, dk.nextOpening(at('2026-12-23T15:00:00+01:00')))).toBe('2026-12-28T08:00:00+01:00');
    expect(dk.quietWindow(at('2026-12-23T11:59:00+01:00'))).toBeNull();
  });

  it('the New Year window runs across the year boundary and is found from either side', () => {
    const expected = { start: '2026-12-30T12:00:00+01:00', end: '2027-01-04T08:00:00+01:00' };
    for (const iso of ['2026-12-30T12:00:00+01:00', '2026-12-31T23:59:00+01:00', '2027-01-01T00:30:00+01:00', '2027-01-03T22:00:00Z']) {
      const w = dk.quietWindow(at(iso));
      expect({ start: local(dk, w?.start), end: local(dk, w?.end) }, iso).toEqual(expected);
    }
    expect(dk.quietWindow(at('2027-01-04T08:00:00+01:00'))).toBeNull();
  });

  it('SE: midsommarafton closes the Friday, so the window starts Thursday at the cut-off', () => {
    const w = se.quietWindow(at('2026-06-19T09:00:00+02:00'));
    expect(local(se, w?.start)).toBe('2026-06-18T12:00:00+02:00');
    expect(local(se, w?.end)).toBe('2026-06-22T08:00:00+02:00');
    expect(w?.reason).toBe('Midsommarafton, Midsommardagen, helg');
  });

  it('spring-forward weekend: the window starts in winter time and ends in summer time', () => {
    const w = dk.quietWindow(at('2026-03-29T01:30:00Z')); // Sunday 03:30 CEST
    expect(local(dk, w?.start)).toBe('2026-03-27T12:00:00+01:00');
    expect(local(dk, w?.end)).toBe('2026-03-30T08:00:00+02:00');
    expect(w!.end.getTime() - w!.start.getTime()).toBe((68 - 1) * 3_600_000);
    expect(dk.workingTimeBetween(w!.start, at('2026-03-30T09:00:00+02:00'))).toBe(60 + 60);
  });

  it('fall-back weekend: the window is an hour longer and opening is at 08:00 winter time', () => {
    const w = se.quietWindow(at('2026-10-25T02:30:00+01:00'));
    expect(local(se, w?.start)).toBe('2026-10-23T12:00:00+02:00');
    expect(local(se, w?.end)).toBe('2026-10-26T08:00:00+01:00');
    expect(w!.end.getTime() - w!.start.getTime()).toBe((68 + 1) * 3_600_000);
  });

  it('a half day: Grundlovsdag on a Friday starts the weekend window at the cut-off and names the day', () => {
    const w = dk.quietWindow(at('2026-06-05T12:30:00+02:00'));
    expect(local(dk, w?.start)).toBe('2026-06-05T12:00:00+02:00');
    expect(w?.reason).toBe('Grundlovsdag, weekend');
  });

  it('a half day followed by a working day is closed in the afternoon but is no quiet window', () => {
    const t = at('2025-06-05T13:00:00+02:00'); // Thursday, Grundlovsdag
    expect(dk.isOpen(at('2025-06-05T11:59:00+02:00'))).toBe(true);
    expect(dk.isOpen(t)).toBe(false);
    expect(dk.quietWindow(t)).toBeNull();
    expect(local(dk, dk.nextOpening(t))).toBe('2025-06-06T08:00:00+02:00');
  });

  it('starts when the office closes if that is before the cut-off', () => {
    const early = createCalendar(calendarConfigSchema.parse({ ...sample('dk'), quietCutoff: '14:00' }));
    expect(local(early, early.quietWindow(at('2026-03-06T13:30:00+01:00'))?.start)).toBe('2026-03-06T13:00:00+01:00');
    expect(early.quietWindow(at('2026-03-06T12:30:00+01:00'))).toBeNull();
  });
});

describe('opening hours', () => {
  it('isOpen follows the weekday hours, with the end exclusive', () => {
    expect(dk.isOpen(at('2026-03-05T16:59:00+01:00'))).toBe(true); // Thursday 08–17
    expect(dk.isOpen(at('2026-03-06T13:00:00+01:00'))).toBe(false); // Friday 08–13
    expect(dk.isOpen(at('2026-03-07T10:00:00+01:00'))).toBe(false); // Saturday
    expect(local(dk, dk.nextOpening(at('2026-03-03T20:00:00+01:00')))).toBe('2026-03-04T08:00:00+01:00');
  });

  it('nextOpening and quietWindow agree with each other on random instants', () => {
    fc.assert(
      fc.property(fc.date({ min: at('2001-01-01T00:00:00Z'), max: at('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.constantFrom(dk, se), (t, cal) => {
        const next = cal.nextOpening(t);
        expect(next.getTime()).toBeGreaterThanOrEqual(t.getTime());
        expect(cal.isOpen(next)).toBe(true);
        const w = cal.quietWindow(t);
        if (next.getTime() > t.getTime() && !w) expect(cal.isOpen(new Date(next.getTime() - 1))).toBe(false);
        if (w) {
          expect(w.start.getTime()).toBeLessThanOrEqual(t.getTime());
          expect(w.end.getTime()).toBeGreaterThan(t.getTime());
          expect(cal.nextOpening(new Date(Math.max(t.getTime(), w.end.getTime() - 1))).getTime()).toBe(w.end.getTime());
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('phone hours (BK-16) keep the closed days but use their own hours', () => {
    const phone = phoneHoursCalendar(calendarConfigSchema.parse({ ...sample('dk'), phoneHours: { mon: '10:00-12:00', tue: '10:00-12:00' } }));
    expect(phone.isOpen(at('2026-03-02T09:00:00+01:00'))).toBe(false);
    expect(phone.isOpen(at('2026-03-02T11:00:00+01:00'))).toBe(true);
    expect(local(phone, phone.nextOpening(at('2026-03-03T12:00:00+01:00')))).toBe('2026-03-09T10:00:00+01:00');
  });
});

describe('configured closed days', () => {
  it('lists the default municipal days with their source and half-day times', () => {
    const configured = dk.closedDays(2026).filter((d) => d.kind === 'configured');
    expect(configured).toEqual([
      { date: '2026-05-01', name: '1. maj', kind: 'configured', from: '12:00' },
      { date: '2026-06-05', name: 'Grundlovsdag', kind: 'configured', from: '12:00' },
      { date: '2026-12-24', name: 'Juleaftensdag', kind: 'configured' },
      { date: '2026-12-31', name: 'Nytårsaftensdag', kind: 'configured' },
    ]);
    expect(se.closedDays(2026).filter((d) => d.kind === 'configured').map((d) => d.date)).toEqual(['2026-06-19', '2026-12-24', '2026-12-31']);
  });

  it('annualClosedDays: [] opens the office on 24 December; easter offsets and one-off days work', () => {
    const cal = createCalendar(
      calendarConfigSchema.parse({
        ...sample('dk'),
        annualClosedDays: [{ day: 'easter-4', reason: 'Onsdag før påske', from: '12:00' }],
        closedDays: [{ date: '2026-03-10', reason: 'Personaledag' }],
      }),
    );
    expect(cal.isOpen(at('2026-12-24T10:00:00+01:00'))).toBe(true);
    expect(cal.isOpen(at('2026-04-01T12:30:00+02:00'))).toBe(false);
    expect(cal.isOpen(at('2026-03-10T10:00:00+01:00'))).toBe(false);
    expect(cal.closedDays(2026).find((d) => d.date === '2026-03-10')).toEqual({ date: '2026-03-10', name: 'Personaledag', kind: 'configured' });
  });

  it('bridgeDays closes the klämdag / inklemte dag after Kristi himmelfart', () => {
    for (const [config, name] of [[sample('dk'), 'Inklemt dag'], [sample('se'), 'Klämdag']] as const) {
      const cal = createCalendar({ ...config, bridgeDays: true });
      expect(cal.closedDays(2026).find((d) => d.date === '2026-05-15')).toEqual({ date: '2026-05-15', name, kind: 'configured' });
      expect(local(cal, cal.quietWindow(at('2026-05-13T13:00:00+02:00'))?.end)).toBe('2026-05-18T08:00:00+02:00');
    }
    expect(dk.isOpen(at('2026-05-15T10:00:00+02:00'))).toBe(true);
  });
});

describe('addWorkingDays: statutory deadlines', () => {
  it('DK: 7 working days over Christmas skip 24 and 31 December and the holidays', () => {
    expect(local(dk, dk.addWorkingDays(at('2026-12-23T14:00:00+01:00'), 7))).toBe('2027-01-07T14:00:00+01:00');
  });

  it('DK: Grundlovsdag counts as closed for deadlines, even though the office is open that morning', () => {
    expect(local(dk, dk.addWorkingDays(at('2026-06-04T10:00:00+02:00'), 1))).toBe('2026-06-08T10:00:00+02:00');
  });

  it('SE: lag (1930:173) skips midsommarafton and Saturdays', () => {
    expect(local(se, se.addWorkingDays(at('2026-06-18T10:00:00+02:00'), 1))).toBe('2026-06-22T10:00:00+02:00');
    expect(local(se, se.addWorkingDays(at('2026-12-30T10:00:00+01:00'), 1))).toBe('2027-01-04T10:00:00+01:00');
  });

  it('configured closed days do not move statutory deadlines; 0 days only moves off closed days', () => {
    const cal = createCalendar({ ...sample('dk'), closedDays: [{ date: '2026-03-10', reason: 'Personaledag' }] });
    expect(local(cal, cal.addWorkingDays(at('2026-03-09T09:00:00+01:00'), 1))).toBe('2026-03-10T09:00:00+01:00');
    expect(local(dk, dk.addWorkingDays(at('2026-03-07T09:00:00+01:00'), 0))).toBe('2026-03-09T09:00:00+01:00');
    expect(local(dk, dk.addWorkingDays(at('2026-03-09T09:00:00+01:00'), 0))).toBe('2026-03-09T09:00:00+01:00');
  });

  it('keeps the local time of day across a DST change', () => {
    expect(local(dk, dk.addWorkingDays(at('2026-03-27T09:00:00+01:00'), 1))).toBe('2026-03-30T09:00:00+02:00');
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => dk.addWorkingDays(at('2026-03-09T09:00:00+01:00'), -1)).toThrow(CalendarError);
    expect(() => dk.addWorkingDays(at('2026-03-09T09:00:00+01:00'), 1.5)).toThrow(CalendarError);
  });
});

describe('workingTimeBetween', () => {
  it('counts a normal DK week as 35 hours of opening', () => {
    expect(dk.workingTimeBetween(at('2026-03-02T00:00:00+01:00'), at('2026-03-09T00:00:00+01:00'))).toBe(35 * 60);
  });

  it('counts partial intervals, nothing over Christmas, and 0 for a reversed range', () => {
    expect(dk.workingTimeBetween(at('2026-12-23T14:30:00+01:00'), at('2026-12-28T08:45:00+01:00'))).toBe(30 + 45);
    expect(dk.workingTimeBetween(at('2026-12-28T08:45:00+01:00'), at('2026-12-23T14:30:00+01:00'))).toBe(0);
  });
});

describe('limits', () => {
  it('refuses years outside the Gregorian range it models', () => {
    expect(() => dk.closedDays(1200)).toThrow(CalendarError);
    expect(() => dk.nextOpening(new Date(Date.UTC(12000, 0, 1)))).toThrow(CalendarError);
  });

  it('the schema refuses a profile that never opens', () => {
    const result = calendarConfigSchema.safeParse({ ...sample('dk'), openingHours: {} });
    expect(result.success).toBe(false);
  });
});
