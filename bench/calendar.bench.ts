/**
 * `npm run bench:calendar`: nextOpening and quietWindow of the precomputed calendar over 1M
 * random instants, against answering the same questions by asking date-holidays per query (the
 * obvious design without precomputation), measured in the same run. date-holidays costs about a
 * millisecond per question here, so the baseline runs on a smaller sample of the same instants;
 * ns per call is comparable, and the ratio is what issue 2 asks for (≥ 20×).
 */
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { createCalendar } from '../src/calendar/calendar.ts';
import type { CalendarConfig } from '../src/calendar/config.ts';
import { loadConfig, samplePath } from '../src/config/load.ts';

const N = 1_000_000;
const BASELINE_N = Number(process.env.BASELINE_N ?? 500);
const FROM = Date.UTC(2020, 0, 1);
const TO = Date.UTC(2036, 0, 1);

/** Deterministic instants (mulberry32), so runs compare. */
function randomInstants(n: number, seed = 42): Date[] {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, () => new Date(FROM + Math.floor(next() * (TO - FROM))));
}

/** The per-query design: walk local days, asking date-holidays whether each is a holiday. */
function dateHolidaysCalendar(config: CalendarConfig) {
  const hd = new Holidays(config.country);
  const hours = [config.openingHours.mon, config.openingHours.tue, config.openingHours.wed, config.openingHours.thu, config.openingHours.fri, config.openingHours.sat, config.openingHours.sun];
  const openOn = (day: DateTime): [DateTime, DateTime] | null => {
    const h = hours[day.weekday - 1];
    if (!h) return null;
    const holidays = hd.isHoliday(day.set({ hour: 12 }).toJSDate());
    if (holidays && holidays.some((x) => x.type === 'public')) return null;
    const at = (hhmm: string) => day.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3, 5)) });
    return [at(h.slice(0, 5)), at(h.slice(6))];
  };
  const cutoff = (day: DateTime) => day.set({ hour: Number(config.quietCutoff.slice(0, 2)), minute: Number(config.quietCutoff.slice(3)) });
  return {
    nextOpening(t: Date): Date {
      const local = DateTime.fromJSDate(t, { zone: config.timeZone });
      for (let day = local.startOf('day'); ; day = day.plus({ days: 1 })) {
        const open = openOn(day);
        if (open && open[1] > local) return (open[0] > local ? open[0] : local).toJSDate();
      }
    },
    quietWindow(t: Date): { start: Date; end: Date } | null {
      const local = DateTime.fromJSDate(t, { zone: config.timeZone });
      let last = local.startOf('day');
      let lastOpen = openOn(last);
      while (!lastOpen || cutoff(last) > local) {
        last = last.minus({ days: 1 });
        lastOpen = openOn(last);
      }
      let next = last.plus({ days: 1 });
      let nextOpen = openOn(next);
      if (nextOpen) return null;
      while (!nextOpen) {
        next = next.plus({ days: 1 });
        nextOpen = openOn(next);
      }
      return local < nextOpen[0] ? { start: cutoff(last).toJSDate(), end: nextOpen[0].toJSDate() } : null;
    },
  };
}

function time(instants: Date[], f: (t: Date) => unknown): number {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (const t of instants) if (f(t)) sink++;
  const ns = Number(process.hrtime.bigint() - t0);
  if (sink < 0) console.log(sink);
  return ns / instants.length;
}

const rows: string[][] = [['profile', 'operation', 'precomputed ns/call', 'date-holidays ns/call', 'ratio']];
for (const country of ['dk', 'se'] as const) {
  const config = loadConfig(samplePath(country)).config.calendar;
  const instants = randomInstants(N);
  const calendar = createCalendar(config);
  const buildStart = process.hrtime.bigint();
  for (let y = 2019; y <= 2037; y++) calendar.closedDays(y);
  calendar.quietWindow(instants[0]!);
  const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;
  const baseline = dateHolidaysCalendar(config);
  const sample = instants.slice(0, BASELINE_N);
  for (const op of ['nextOpening', 'quietWindow'] as const) {
    time(instants.slice(0, 10_000), (t) => calendar[op](t)); // warm-up
    const ours = time(instants, (t) => calendar[op](t));
    const theirs = time(sample, (t) => baseline[op](t));
    rows.push([country.toUpperCase(), op, ours.toFixed(0), theirs.toFixed(0), `${(theirs / ours).toFixed(0)}×`]);
  }
  console.log(`${country.toUpperCase()}: precomputing 19 years took ${buildMs.toFixed(0)} ms`);
}
console.log(`\n${N.toLocaleString('en')} random instants 2020–2035 (date-holidays: the first ${BASELINE_N.toLocaleString('en')} of them)\n`);
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const r of rows) console.log(r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
