/**
 * The mail log (BK-28), for registrars only: search by mailbox and period, verify the hash
 * chain, export. The JSON API sits behind the same guard, so no other role reaches it directly.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { guard, requirePort, type WebContext } from '../context.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatInstant, layout, sendHtml, type Notice, type PageContext } from '../page.ts';
import type { MailLogBreakReason, MailLogPort, MailLogQuery, MailLogRow, MailLogVerification } from '../ports.ts';
import type { WebMessageKey } from '../messages.ts';
import { eventName } from './names.ts';

const BREAK_KEYS: Record<MailLogBreakReason, WebMessageKey> = {
  edited: 'breakEdited',
  moved: 'breakMoved',
  unlinked: 'breakUnlinked',
  missing: 'breakMissing',
  truncated: 'breakTruncated',
  forged: 'breakForged',
  unverifiable: 'breakUnverifiable',
};

const MAX_ROWS = 500;

interface Search {
  mailbox: string;
  from: string;
  to: string;
}

/** Dates are whole local days: `from` at 00:00, `to` through 24:00. Null if a date is malformed. */
function toQuery(search: Search, timeZone: string): MailLogQuery | null {
  const day = (text: string) => (text ? DateTime.fromISO(text, { zone: timeZone }) : null);
  const from = day(search.from);
  const to = day(search.to);
  if ((from && !from.isValid) || (to && !to.isValid)) return null;
  return {
    ...(search.mailbox.trim() ? { mailbox: search.mailbox.trim().toLowerCase() } : {}),
    ...(from ? { from: from.startOf('day').toJSDate() } : {}),
    ...(to ? { to: to.plus({ days: 1 }).startOf('day').toJSDate() } : {}),
  };
}

function readSearch(request: FastifyRequest): Search {
  const q = request.query as Partial<Record<keyof Search, unknown>>;
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 320) : '');
  return { mailbox: text(q.mailbox), from: text(q.from), to: text(q.to) };
}

function searchForm(ctx: PageContext, s: Search): SafeHtml {
  const { t } = ctx;
  return html`<form method="get" action="/log" class="inline">
<p><label for="mailbox">${t('logMailbox')}</label><input id="mailbox" name="mailbox" type="email" value="${s.mailbox}"></p>
<p><label for="from">${t('logFrom')}</label><input id="from" name="from" type="date" value="${s.from}"></p>
<p><label for="to">${t('logTo')}</label><input id="to" name="to" type="date" value="${s.to}"></p>
<p><button type="submit">${t('logSearch')}</button></p></form>`;
}

function rowsTable(ctx: PageContext, rows: MailLogRow[]): SafeHtml {
  const { t } = ctx;
  if (rows.length === 0) return html`<p>${t('logEmpty')}</p>`;
  return html`<table><caption>${t('logResults', { count: rows.length })}</caption>
<thead><tr><th scope="col">${t('colTime')}</th><th scope="col">${t('colEvent')}</th><th scope="col">${t('colDirection')}</th><th scope="col">${t('colFrom')}</th><th scope="col">${t('colTo')}</th><th scope="col">${t('colSubject')}</th><th scope="col">${t('colVerdict')}</th><th scope="col">${t('colResult')}</th></tr></thead>
<tbody>${rows.map(
    (r) => html`<tr><td>${formatInstant(ctx, r.at)}</td><td>${eventName(ctx, r.event)}</td><td>${r.direction === 'in' ? t('directionIn') : r.direction === 'out' ? t('directionOut') : r.direction}</td><td>${r.sender}</td><td>${r.recipients.join(', ')}</td><td>${r.subject}</td><td>${r.verdict}</td><td>${r.result ?? ''}</td></tr>`,
  )}</tbody></table>`;
}

function verifySection(ctx: PageContext, s: Search, verification?: MailLogVerification): SafeHtml {
  const { t } = ctx;
  const outcome = verification
    ? verification.ok
      ? html`<p class="notice ok" role="status">${t('logVerifyOk', { count: verification.rows })}</p>`
      : html`<div class="notice error" role="alert"><p>${t('logVerifyBroken')}</p>${
          verification.broken ? html`<p>${t('logBreak', { seq: verification.broken.seq, reason: t(BREAK_KEYS[verification.broken.reason]) })}</p>` : ''
        }</div>`
    : '';
  return html`<section aria-labelledby="verify"><h2 id="verify">${t('logVerifyTitle')}</h2>
<form method="post" action="/log/verify?${new URLSearchParams({ ...s }).toString()}">${csrfField(ctx)}<button type="submit">${t('logVerifyButton')}</button></form>${outcome}</section>`;
}

function exportSection(ctx: PageContext, s: Search): SafeHtml {
  const { t } = ctx;
  const query = (format: string) => new URLSearchParams({ ...s, format }).toString();
  return html`<section aria-labelledby="export"><h2 id="export">${t('logExportTitle')}</h2>
<ul class="links"><li><a href="/log/export?${query('csv')}">${t('logExportCsv')}</a></li><li><a href="/log/export?${query('json')}">${t('logExportJson')}</a></li></ul></section>`;
}

export function mailLogRoutes(app: FastifyInstance, web: WebContext): void {
  const { deps } = web;
  const preHandler = guard(web, 'log');
  const zone = deps.config.calendar.timeZone;

  const show = async (request: FastifyRequest, reply: FastifyReply, log: MailLogPort, verification?: MailLogVerification) => {
    const ctx = web.page(request, reply);
    const search = readSearch(request);
    const query = toQuery(search, zone);
    const notice: Notice | undefined = query ? undefined : { kind: 'error', text: ctx.t('errDate') };
    const rows = query ? await log.search(query, MAX_ROWS) : [];
    const body = html`<p>${ctx.t('logIntro')}</p>${searchForm(ctx, search)}${rowsTable(ctx, rows)}${verifySection(ctx, search, verification)}${exportSection(ctx, search)}`;
    return sendHtml(reply, layout(ctx, ctx.t('logTitle'), body, notice), query ? 200 : 400);
  };

  app.get('/log', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.mailLog)) return reply;
    return show(request, reply, deps.mailLog);
  });

  app.post('/log/verify', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.mailLog)) return reply;
    return show(request, reply, deps.mailLog, await deps.mailLog.verify());
  });

  app.get('/log/export', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.mailLog)) return reply;
    const format = (request.query as { format?: string }).format === 'json' ? 'json' : 'csv';
    const query = toQuery(readSearch(request), zone);
    if (!query) return web.errorPage(request, reply, 400, 'errorTitle', 'errDate');
    const stamp = DateTime.fromJSDate(deps.clock.now(), { zone }).toFormat('yyyyMMdd-HHmm');
    return reply
      .header('content-type', format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="postvakt-log-${stamp}.${format}"`)
      .header('cache-control', 'no-store')
      .send(await deps.mailLog.export(query, format));
  });

  app.get('/api/log', { preHandler }, async (request, reply) => {
    if (!deps.mailLog) return reply.code(503).send({ error: 'unavailable' });
    const query = toQuery(readSearch(request), zone);
    if (!query) return reply.code(400).send({ error: 'bad date' });
    return deps.mailLog.search(query, MAX_ROWS);
  });
}
