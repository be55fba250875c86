/**
 * Local wall-clock time → instant in one IANA zone, fast enough to build a year of opening
 * hours in about a millisecond. Asking luxon for each local time costs tens of microseconds (an
 * Intl formatting per call); a zone's offset changes only at its DST transitions, so those are
 * found once per year by weekly probes and bisection, and every other conversion is arithmetic.
 */
import { IANAZone } from 'luxon';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

interface Transition {
  /** First instant (epoch ms) with this offset. */
  at: number;
  /** UTC offset in minutes. */
  offset: number;
}

export interface ZoneClock {
  /** UTC offset in minutes at an instant. */
  offsetAt(t: number): number;
  /**
   * The instant of a local wall-clock time given as epoch ms "as if UTC". A time in a spring-
   * forward gap moves forward by the gap, as luxon does; an ambiguous autumn time takes the
   * earlier (summer-time) instant.
   */
  instantOf(wall: number): number;
}

export function zoneClock(name: string): ZoneClock {
  const zone = IANAZone.create(name);
  const years = new Map<number, Transition[]>();

  function transitions(year: number): Transition[] {
    let list = years.get(year);
    if (list) return list;
    // Probe a little beyond the year so the first entry is in force at its start.
    const start = Date.UTC(year, 0, 1) - 2 * DAY;
    const end = Date.UTC(year + 1, 0, 1) + 2 * DAY;
    list = [{ at: start, offset: zone.offset(start) }];
    for (let probe = start + WEEK; probe < end + WEEK; probe += WEEK) {
      const previous = list[list.length - 1]!.offset;
      if (zone.offset(probe) === previous) continue;
      // Bisect to the minute: offsets change only on whole minutes.
      let lo = Math.max(probe - WEEK, list[list.length - 1]!.at);
      let hi = probe;
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
        if (zone.offset(mid) === previous) lo = mid;
        else hi = mid;
      }
      list.push({ at: hi, offset: zone.offset(hi) });
    }
    years.set(year, list);
    return list;
  }

  function offsetAt(t: number): number {
    const list = transitions(new Date(t).getUTCFullYear());
    let offset = list[0]!.offset;
    for (const tr of list) {
      if (tr.at > t) break;
      offset = tr.offset;
    }
    return offset;
  }

  return {
    offsetAt,
    instantOf(wall: number): number {
      // Transitions are months apart, so the offsets a day either side are the only candidates.
      const before = offsetAt(wall - DAY);
      const after = offsetAt(wall + DAY);
      const valid = [before, after].filter((o) => offsetAt(wall - o * MINUTE) === o).map((o) => wall - o * MINUTE);
      if (valid.length > 0) return Math.min(...valid);
      return wall - Math.min(before, after) * MINUTE; // in the gap
    },
  };
}
