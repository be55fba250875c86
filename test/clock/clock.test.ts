/** The one clock: POSTVAKT_NOW starts it at an instant and it runs forward from there. */
import { describe, expect, it } from 'vitest';
import { ClockError, clockFromEnv, fixedClock, parseInstant, realClock, shiftedClock } from '../../src/clock/clock.ts';

describe('clock', () => {
  it('a shifted clock starts at the instant and advances with real time', () => {
    let real = 1_000_000;
    const clock = shiftedClock(new Date('2026-11-27T13:30:00+01:00'), () => real);
    expect(clock.now().toISOString()).toBe('2026-11-27T12:30:00.000Z');
    real += 90_000;
    expect(clock.now().toISOString()).toBe('2026-11-27T12:31:30.000Z');
  });

  it('POSTVAKT_NOW sets the process clock; without it the real clock is used', () => {
    const before = Date.now();
    const clock = clockFromEnv({ POSTVAKT_NOW: '2026-12-23T13:00:00+01:00' });
    const t = clock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(Date.parse('2026-12-23T12:00:00Z'));
    expect(t).toBeLessThan(Date.parse('2026-12-23T12:00:00Z') + (Date.now() - before) + 1000);
    expect(clockFromEnv({})).toBe(realClock);
  });

  it('a fixed clock never moves and hands out copies', () => {
    const clock = fixedClock(new Date('2026-11-27T12:30:00Z'));
    const a = clock.now();
    a.setFullYear(2000);
    expect(clock.now().toISOString()).toBe('2026-11-27T12:30:00.000Z');
  });

  it.each(['2026-11-27T13:30:00+01:00', '2026-11-27T12:30Z', '2026-11-27T13:30:00.250+0100'])('accepts the instant %s', (text) => {
    expect(Number.isNaN(parseInstant(text).getTime())).toBe(false);
  });

  it.each(['2026-11-27T13:30:00', '2026-11-27', 'friday', '2026-13-45T99:00:00Z'])('refuses %j with a clear error', (text) => {
    expect(() => parseInstant(text)).toThrow(ClockError);
    expect(() => clockFromEnv({ POSTVAKT_NOW: text })).toThrow(/instant/);
  });
});
