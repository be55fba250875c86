/**
 * "Absence and notices" (BK-10, BK-16, BK-21, BK-22): every signed-in person records their own
 * absences with a substitute, chooses immediate notices or a digest at set times, and marks
 * themself on duty for the function mailboxes they answer for; a manager also records and
 * removes the absences of their unit. Everything goes through `AwayPort`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { guard, requirePort, type WebContext } from '../context.ts';
import { scopeOf } from '../roles.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatInstant, layout, sendHtml, type Notice, type PageContext } from '../page.ts';
import type { WebMessageKey } from '../messages.ts';
import type { AbsenceView, AwayPort } from '../ports.ts';
import type { WebUser } from '../auth/users.ts';
import { CatalogError } from '../../i18n/catalog-error.ts';

const DONE: Record<string, WebMessageKey> = { added: 'absenceAdded', removed: 'absenceRemoved', notices: 'noticesSaved', duty: 'dutyMarked' };

function absenceTable(ctx: PageContext, absences: AbsenceView[], unit: boolean): SafeHtml {
  const { t } = ctx;
  if (absences.length === 0) return html`<p>${t('absencesNone')}</p>`;
  return html`<table><thead><tr>${unit ? html`<th scope="col">${t('awayColPerson')}</th>` : ''}<th scope="col">${t('awayColFrom')}</th><th scope="col">${t('awayColTo')}</th><th scope="col">${t('awayColSubstitute')}</th><th scope="col">${t('awayColReturn')}</th><th scope="col">${t('awayRemove')}</th></tr></thead>
<tbody>${absences.map(
    (a) => html`<tr>${unit ? html`<td>${a.person}</td>` : ''}<td>${formatInstant(ctx, a.startsAt)}</td><td>${formatInstant(ctx, a.endsAt)}</td><td>${a.substitute ?? t('awayNobody')}</td><td>${a.returnOn}</td>
<td><form method="post" action="/away/absences/${a.id}/remove">${csrfField(ctx)}<button type="submit">${t('awayRemove')}</button></form></td></tr>`,
  )}</tbody></table>`;
}

export function awayRoutes(app: FastifyInstance, web: WebContext): void {
  const { deps } = web;
  const preHandler = guard(web, 'away');
  const unitScope = (viewer: WebUser) => scopeOf(viewer, 'away') === 'unit';

  const show = async (request: FastifyRequest, reply: FastifyReply, away: AwayPort, status: number, notice?: Notice) => {
    const ctx = web.page(request, reply);
    const { t } = ctx;
    const viewer = request.viewer!;
    const unit = unitScope(viewer);
    const [absences, notices] = await Promise.all([away.absences(viewer, unit), away.notices(viewer)]);
    const boxes = away.dutyMailboxes(viewer);
    const body = html`<p>${t('awayIntro')}</p><p>${t('awayAddress', { address: away.addressOf(viewer) })}</p>
<section aria-labelledby="absences"><h2 id="absences">${unit ? t('absencesUnitTitle', { unit: viewer.unit }) : t('absencesTitle')}</h2>${absenceTable(ctx, absences, unit)}</section>
<section aria-labelledby="add"><h2 id="add">${t('addAbsenceTitle')}</h2>
<form method="post" action="/away/absences" class="stack">${csrfField(ctx)}
${unit ? html`<p><label for="person">${t('awayPerson')}</label><input id="person" name="person" type="email" autocomplete="off"></p>` : ''}
<p><label for="from">${t('awayFrom')}</label><input id="from" name="from" type="date" required></p>
<p><label for="to">${t('awayTo')}</label><input id="to" name="to" type="date" required></p>
<p><label for="substitute">${t('awaySubstitute')}</label><input id="substitute" name="substitute" type="email" autocomplete="off"></p>
<p><button type="submit">${t('addAbsenceButton')}</button></p>
</form></section>
<section aria-labelledby="notices"><h2 id="notices">${t('noticesTitle')}</h2>
<form method="post" action="/away/notices" class="stack">${csrfField(ctx)}
<fieldset><legend>${t('noticesTitle')}</legend>
<p><input type="radio" id="mode-immediate" name="mode" value="immediate"${notices.mode === 'immediate' ? html` checked` : ''}> <label for="mode-immediate">${t('noticesImmediate')}</label></p>
<p><input type="radio" id="mode-digest" name="mode" value="digest"${notices.mode === 'digest' ? html` checked` : ''}> <label for="mode-digest">${t('noticesDigest')}</label></p>
</fieldset>
<p><label for="times">${t('noticesTimesHint')}</label><input id="times" name="times" value="${notices.times.join(',')}"></p>
<p><button type="submit">${t('noticesSave')}</button></p>
</form></section>
${boxes.length > 0
  ? html`<section aria-labelledby="duty"><h2 id="duty">${t('dutyTitle')}</h2>
<form method="post" action="/away/duty" class="stack">${csrfField(ctx)}
<p><label for="mailbox">${t('dutyMailbox')}</label><select id="mailbox" name="mailbox">${boxes.map((b) => html`<option>${b}</option>`)}</select></p>
<p><label for="date">${t('dutyDate')}</label><input id="date" name="date" type="date" required></p>
<p><label for="hours">${t('dutyHours')}</label><input id="hours" name="hours" required pattern="\\d\\d:\\d\\d-\\d\\d:\\d\\d"></p>
<p><button type="submit">${t('dutyButton')}</button></p>
</form></section>`
  : ''}`;
    return sendHtml(reply, layout(ctx, t('navAway'), body, notice), status);
  };

  app.get('/away', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.away)) return reply;
    const done = DONE[(request.query as { done?: string }).done ?? ''];
    return show(request, reply, deps.away, 200, done ? { kind: 'ok', text: web.page(request, reply).t(done) } : undefined);
  });

  /** Run a change; a refusal the reader can fix shows on the page in their language. */
  const change = (path: string, done: string, run: (away: AwayPort, viewer: WebUser, body: Record<string, string>, request: FastifyRequest) => Promise<boolean | void>) => {
    app.post(path, { preHandler }, async (request, reply) => {
      if (!requirePort(web, request, reply, deps.away)) return reply;
      const raw = (request.body ?? {}) as Record<string, unknown>;
      const body = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 320) : '']));
      try {
        if ((await run(deps.away, request.viewer!, body, request)) === false) return web.errorPage(request, reply, 404, 'notFoundTitle', 'notFound');
      } catch (err) {
        if (err instanceof CatalogError) return show(request, reply, deps.away, 400, { kind: 'error', text: err.describe(web.page(request, reply).lang) });
        throw err;
      }
      return reply.redirect(`/away?done=${done}`, 303);
    });
  };
  change('/away/absences', 'added', (away, viewer, body) =>
    away.addAbsence(viewer, { person: body.person ?? '', from: body.from ?? '', to: body.to ?? '', substitute: body.substitute ?? '' }, unitScope(viewer)),
  );
  change('/away/absences/:id/remove', 'removed', (away, viewer, _body, request) => away.removeAbsence(viewer, (request.params as { id: string }).id, unitScope(viewer)));
  change('/away/notices', 'notices', (away, viewer, body) => away.setNotices(viewer, body.mode === 'digest' ? 'digest' : 'immediate', body.times ?? ''));
  change('/away/duty', 'duty', (away, viewer, body) => away.markDuty(viewer, { mailbox: body.mailbox ?? '', date: body.date ?? '', hours: body.hours ?? '' }));
}
