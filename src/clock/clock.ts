/**
 * The one source of "now" for all of Postvakt. `POSTVAKT_NOW=<ISO instant>` starts the clock
 * at that instant and lets it run forward from there, so black-box tests and demos can stand
 * on a Friday afternoon while timers and schedulers still move.
 */
export interface Clock {
  now(): Date;
}

export class ClockError extends Error {}

/** A clock that starts at `start` and then advances with real time. */
export function shiftedClock(start: Date, realNow: () => number = Date.now): Clock {
  const offset = start.getTime() - realNow();
  return { now: () => new Date(realNow() + offset) };
}

/** A clock that never moves: for unit tests and `--at` evaluations. */
export function fixedClock(at: Date): Clock {
  return { now: () => new Date(at.getTime()) };
}

export const realClock: Clock = { now: () => new Date() };

export function parseInstant(text: string): Date {
  // An instant must carry its offset: a bare local time would be read in the host's zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) {
    throw new ClockError(`not an ISO 8601 instant with offset: "${text}" (example: 2026-12-04T14:00:00+01:00)`);
  }
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new ClockError(`not a valid instant: "${text}"`);
  return new Date(t);
}

/** The process clock: honours POSTVAKT_NOW once, at start. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const start = env.POSTVAKT_NOW;
  return start ? shiftedClock(parseInstant(start)) : realClock;
}
