/**
 * The hold decision as configured, for `serve` and `postvakt decide` alike: the FX-8 hint names
 * the municipality's phone and its telephone hours. Its own module so `decide` does not load the
 * whole service.
 */
import { phoneHoursCalendar } from '../calendar/calendar.ts';
import type { WorkingCalendar } from '../calendar/types.ts';
import type { Config } from '../config/schema.ts';
import { createDecider, type FlagLookup } from '../decision/decider.ts';
import type { Decider } from '../decision/types.ts';

export function deciderFor(config: Config, calendar: WorkingCalendar, register: FlagLookup): Decider {
  return createDecider({
    calendar,
    register,
    config: config.decision,
    phoneCalendar: phoneHoursCalendar(config.calendar),
    ...(config.municipality.phone ? { phone: config.municipality.phone } : {}),
  });
}
