/** The sender's overrides of a hold (FX-6): release needs a reason; a new time keeps FX-3 and FX-6. */
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/calendar/calendar.ts';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { checkReleaseReason, checkReschedule, OverrideError } from '../../src/decision/overrides.ts';

const { config } = loadConfig(samplePath('dk'), {});
const context = { calendar: createCalendar(config.calendar), config: config.decision };
const now = new Date('2026-11-27T13:30:00+01:00');
const held = { holdUntil: new Date('2026-11-30T09:00:00+01:00'), channel: 'email' as const };

describe('overrides', () => {
  it('release now needs a reason', () => {
    expect(checkReleaseReason('  Borgeren har selv bedt om svar i dag ')).toBe('Borgeren har selv bedt om svar i dag');
    expect(() => checkReleaseReason('   ')).toThrow(OverrideError);
    expect(() => checkReleaseReason(undefined)).toThrow(/needs a reason/);
    const err = (() => {
      try {
        checkReleaseReason('');
      } catch (e) {
        return e as OverrideError;
      }
    })();
    expect(err?.describe('da')).toBe('en tilbageholdt meddelelse kan kun frigives nu med en begrundelse (FX-6)');
    expect(err?.describe('sv')).toBe('ett kvarhållet meddelande kan bara släppas nu med en motivering (FX-6)');
  });

  it('reschedules to a later open time', () => {
    const until = new Date('2026-12-01T10:00:00+01:00');
    expect(checkReschedule(held, until, now, context)).toBe(until);
  });

  it.each([
    ['in the past', '2026-11-27T10:00:00+01:00', /not in the future/],
    ['into the weekend', '2026-11-28T10:00:00+01:00', /quiet window \(weekend\) until 2026-11-30T08:00:00\+01:00/],
    ['into the Christmas stretch', '2026-12-23T14:00:00+01:00', /quiet window .* until 2026-12-28T08:00:00\+01:00/],
  ])('refuses a new time %s', (_name, until, message) => {
    expect(() => checkReschedule(held, new Date(until), now, context)).toThrow(message);
  });

  it('refuses a new time that leaves fewer working days than required before the deadline', () => {
    const withDeadline = { ...held, deadline: new Date('2026-12-09T23:59:00+01:00') };
    expect(checkReschedule(withDeadline, new Date('2026-12-01T09:00:00+01:00'), now, context)).toBeInstanceOf(Date);
    expect(() => checkReschedule(withDeadline, new Date('2026-12-04T09:00:00+01:00'), now, context)).toThrow(
      /fewer than 5 working days before the deadline/,
    );
  });

  it('counts the Digital Post delay when checking the new time', () => {
    const letter = { ...held, channel: 'digitalpost' as const };
    // Thursday 20:00 is fine for e-mail but may land on Friday afternoon as Digital Post.
    const thursday = new Date('2026-12-03T20:00:00+01:00');
    expect(checkReschedule(held, thursday, now, context)).toBe(thursday);
    expect(() => checkReschedule(letter, thursday, now, context)).toThrow(OverrideError);
  });
});
