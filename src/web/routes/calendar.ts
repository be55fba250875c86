/** This year's closed days and quiet windows, straight from the working calendar. */
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { guard, requirePort, type WebContext } from '../context.ts';
import { html } from '../html.ts';
import { formatDate, formatInstant, layout, sendHtml } from '../page.ts';
import type { QuietWindow, WorkingCalendar } from '../../calendar/types.ts';

const HOUR = 3_600_000;

/**
 * Every quiet window that starts in `year`. The calendar answers "which window holds t?", so the
 * year is walked hour by hour and each window found is skipped past in one step.
 */
export function quietWindowsOfYear(calendar: WorkingCalendar, year: number): QuietWindow[] {
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: calendar.timeZone }).toMillis();
  const end = DateTime.fromObject({ year: year + 1, month: 1, day: 1 }, { zone: calendar.timeZone }).toMillis();
  const windows: QuietWindow[] = [];
  for (let t = start; t < end; ) {
    const w = calendar.quietWindow(new Date(t));
    if (w && w.end.getTime() > t) {
      if (w.start.getTime() >= start || windows.length === 0) windows.push(w);
      t = w.end.getTime() + 1;
    } else {
      t += HOUR;
    }
  }
  return windows;
}

export function calendarRoutes(app: FastifyInstance, web: WebContext): void {
  const { deps } = web;
  app.get('/calendar', { preHandler: guard(web, 'calendar') }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.calendar)) return reply;
    const calendar = deps.calendar;
    const ctx = web.page(request, reply);
    const { t } = ctx;
    const year = DateTime.fromJSDate(deps.clock.now(), { zone: calendar.timeZone }).year;
    const days = calendar.closedDays(year);
    const windows = quietWindowsOfYear(calendar, year);
    const body = html`<p>${t('calendarIntro', { country: calendar.country, zone: calendar.timeZone })}</p>
<section aria-labelledby="closed"><h2 id="closed">${t('closedDaysTitle')}</h2>
<table><thead><tr><th scope="col">${t('colDate')}</th><th scope="col">${t('colName')}</th><th scope="col">${t('colKind')}</th></tr></thead>
<tbody>${days.map(
      (d) => html`<tr><td>${formatDate(ctx, d.date)}</td><td>${d.name}${d.from ? html` (${t('closedFrom', { time: d.from })})` : ''}</td><td>${t(d.kind === 'statutory' ? 'kindStatutory' : 'kindConfigured')}</td></tr>`,
    )}</tbody></table></section>
<section aria-labelledby="quiet"><h2 id="quiet">${t('quietTitle')}</h2>
<table><thead><tr><th scope="col">${t('colStart')}</th><th scope="col">${t('colEnd')}</th><th scope="col">${t('colReason')}</th></tr></thead>
<tbody>${windows.map((w) => html`<tr><td>${formatInstant(ctx, w.start)}</td><td>${formatInstant(ctx, w.end)}</td><td>${w.reason}</td></tr>`)}</tbody></table></section>`;
    return sendHtml(reply, layout(ctx, t('calendarTitle', { year }), body));
  });
}
