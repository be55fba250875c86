/**
 * "Awaiting answer" (issue 17 items 4 and 6): mail from outside waiting for an answer, per unit and
 * mailbox (BK-14), the contact centre's queue of official addresses (BK-15), and the answer form:
 * a template (routine answer, referral to the right authority BK-17, acknowledgement naming a
 * contact person BK-14), filled in, previewed and sent from the mailbox through the gateway.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGES, isLang, type Lang } from '../../i18n/catalog.ts';
import { guard, requirePort, type WebContext } from '../context.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatInstant, layout, sendHtml, type Notice, type PageContext } from '../page.ts';
import { scopeOf } from '../roles.ts';
import type { WebMessageKey } from '../messages.ts';
import { AnswerRefusedError, ItemNotFoundError, type AnswerForm, type AnswersPort, type AwaitingFilter, type AwaitingItem } from '../ports.ts';

const STATE_KEYS: Record<AwaitingItem['state'], WebMessageKey> = {
  waiting: 'stateWaiting',
  acknowledged: 'stateAcknowledged',
  answered: 'stateAnswered',
  overdue: 'stateOverdue',
};
const KIND_KEYS: Record<AwaitingItem['kind'], WebMessageKey> = { personal: 'kindPersonal', function: 'kindFunction', official: 'kindOfficial' };
const LANGUAGE_NAMES: Record<Lang, string> = { da: 'Dansk', sv: 'Svenska', en: 'English' };
const FIELDS = ['note', 'authority', 'authorityName', 'authorityContact', 'contactName', 'contactPhone'] as const;

function readFilter(request: FastifyRequest): AwaitingFilter {
  const q = request.query as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v.slice(0, 320) : undefined);
  const unit = text(q.unit);
  const mailbox = text(q.mailbox)?.toLowerCase();
  return { ...(unit !== undefined ? { unit } : {}), ...(mailbox ? { mailbox } : {}), contactCentre: q.queue === 'contact-centre', answered: q.answered === '1' };
}

function filterForm(ctx: PageContext, f: AwaitingFilter, units: string[], mailboxes: string[]): SafeHtml {
  const { t } = ctx;
  const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  return html`<form method="get" action="/answers" class="inline"><fieldset><legend>${t('answersFilter')}</legend>
<p><label for="unit">${t('colUnit')}</label><select id="unit" name="unit">${option('', t('answersAllUnits'), f.unit === undefined)}${units.map((u) => option(u, u || t('noUnit'), f.unit === u))}</select></p>
<p><label for="mailbox">${t('colMailbox')}</label><select id="mailbox" name="mailbox">${option('', t('answersAllMailboxes'), f.mailbox === undefined)}${mailboxes.map((m) => option(m, m, f.mailbox === m))}</select></p>
<p><input type="checkbox" id="queue" name="queue" value="contact-centre"${f.contactCentre ? html` checked` : ''}><label for="queue">${t('answersContactCentre')}</label></p>
<p><input type="checkbox" id="answered" name="answered" value="1"${f.answered ? html` checked` : ''}><label for="answered">${t('answersShowAnswered')}</label></p>
<p><button type="submit">${t('answersApply')}</button></p></fieldset></form>`;
}

/** Items grouped by unit (a section each) and mailbox (a table each). */
function listing(ctx: PageContext, items: AwaitingItem[], canAnswer: boolean): SafeHtml {
  const { t } = ctx;
  if (items.length === 0) return html`<p>${t('answersEmpty')}</p>`;
  const units = [...new Set(items.map((i) => i.unit))].sort();
  return html`${units.map((unit, u) => {
    const ofUnit = items.filter((i) => i.unit === unit);
    const boxes = [...new Set(ofUnit.map((i) => i.mailbox))].sort();
    return html`<section aria-labelledby="unit-${u}"><h2 id="unit-${u}">${unit || t('noUnit')}</h2>${boxes.map((box) => {
      const rows = ofUnit.filter((i) => i.mailbox === box);
      return html`<table><caption>${t('answersMailboxCaption', { mailbox: box, kind: t(KIND_KEYS[rows[0]!.kind]), count: rows.length })}</caption>
<thead><tr><th scope="col">${t('colSubject')}</th><th scope="col">${t('colFrom')}</th><th scope="col">${t('colReceived')}</th><th scope="col">${t('colDue')}</th><th scope="col">${t('colState')}</th></tr></thead>
<tbody>${rows.map(
        (i) =>
          html`<tr><td>${canAnswer ? html`<a href="/answers/${encodeURIComponent(i.id)}">${i.subject || t('noSubject')}</a>` : i.subject || t('noSubject')}</td><td>${i.from}</td><td>${formatInstant(ctx, i.receivedAt)}</td><td>${formatInstant(ctx, i.dueAt)}</td><td class="state ${i.state}">${t(STATE_KEYS[i.state])}${i.contact ? html` (${i.contact})` : ''}</td></tr>`,
      )}</tbody></table>`;
    })}</section>`;
  })}`;
}

function answerForm(ctx: PageContext, port: AnswersPort, item: AwaitingItem, form: Partial<AnswerForm>, defaultLang: Lang): SafeHtml {
  const { t } = ctx;
  const lang = form.lang ?? defaultLang;
  const value = (k: (typeof FIELDS)[number]) => form[k] ?? '';
  const chosen = form.template ?? port.templates(ctx.lang)[0]?.id;
  return html`<section aria-labelledby="answer"><h2 id="answer">${t('answerTitle', { mailbox: item.mailbox })}</h2><p>${t('answerHelp')}</p>
<form method="post" action="/answers/${encodeURIComponent(item.id)}/answer">${csrfField(ctx)}
<fieldset><legend>${t('answerTemplate')}</legend>${port.templates(ctx.lang).map(
    (tpl) =>
      html`<p><input type="radio" id="tpl-${tpl.id}" name="template" value="${tpl.id}"${tpl.id === chosen ? html` checked` : ''}><label for="tpl-${tpl.id}">${tpl.title} <span class="meta">${tpl.clause}</span></label></p>`,
  )}</fieldset>
<p><label for="lang">${t('answerLang')}</label><select id="lang" name="lang">${LANGUAGES.map((l) => html`<option value="${l}"${l === lang ? html` selected` : ''}>${LANGUAGE_NAMES[l]}</option>`)}</select></p>
<p><label for="note">${t('answerNote')}</label><textarea id="note" name="note" rows="6">${value('note')}</textarea></p>
<p><label for="authority">${t('answerAuthority')}</label><select id="authority" name="authority"><option value="">${t('answerAuthorityOther')}</option>${port
    .authorities()
    .map((a) => html`<option value="${a.id}"${form.authority === a.id ? html` selected` : ''}>${a.name} – ${a.contact}</option>`)}</select></p>
<p><label for="authorityName">${t('answerAuthorityName')}</label><input id="authorityName" name="authorityName" value="${value('authorityName')}"></p>
<p><label for="authorityContact">${t('answerAuthorityContact')}</label><input id="authorityContact" name="authorityContact" value="${value('authorityContact')}"></p>
<p><label for="contactName">${t('answerContactName')}</label><input id="contactName" name="contactName" value="${value('contactName')}"></p>
<p><label for="contactPhone">${t('answerContactPhone')}</label><input id="contactPhone" name="contactPhone" type="tel" value="${value('contactPhone')}"></p>
<p><button type="submit" name="action" value="preview">${t('answerPreview')}</button> <button type="submit" name="action" value="send">${t('answerSend')}</button></p>
</form></section>`;
}

function detail(ctx: PageContext, port: AnswersPort, item: AwaitingItem, form: Partial<AnswerForm>, defaultLang: Lang, preview?: string): SafeHtml {
  const { t } = ctx;
  return html`<dl class="facts">
<dt>${t('colMailbox')}</dt><dd>${item.mailbox} (${t(KIND_KEYS[item.kind])})</dd>
<dt>${t('colUnit')}</dt><dd>${item.unit || t('noUnit')}</dd>
<dt>${t('colFrom')}</dt><dd>${item.from}</dd>
<dt>${t('colReceived')}</dt><dd>${formatInstant(ctx, item.receivedAt)}</dd>
<dt>${t('colDue')}</dt><dd>${formatInstant(ctx, item.dueAt)}</dd>
<dt>${t('colState')}</dt><dd>${t(STATE_KEYS[item.state])}</dd>
${item.acknowledgedAt ? html`<dt>${t('detailAcknowledged')}</dt><dd>${formatInstant(ctx, item.acknowledgedAt)}</dd>` : ''}
${item.contact ? html`<dt>${t('detailContact')}</dt><dd>${item.contact}</dd>` : ''}
${item.answeredAt ? html`<dt>${t('detailAnswered')}</dt><dd>${formatInstant(ctx, item.answeredAt)}</dd>` : ''}
</dl>
${preview !== undefined ? html`<section aria-labelledby="preview"><h2 id="preview">${t('answerPreviewTitle')}</h2><pre class="preview">${preview}</pre></section>` : ''}
${item.state === 'answered' ? html`<p>${t('answerClosed')}</p>` : answerForm(ctx, port, item, form, defaultLang)}`;
}

function readForm(request: FastifyRequest, fallback: Lang): AnswerForm {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const form: AnswerForm = { template: text(body.template) ?? '', lang: isLang(body.lang) ? body.lang : fallback };
  for (const k of FIELDS) {
    const v = text(body[k]);
    if (v !== undefined) form[k] = v;
  }
  return form;
}

export function answersRoutes(app: FastifyInstance, web: WebContext): void {
  const { deps } = web;
  const preHandler = guard(web, 'answers');
  const defaultLang = (isLang(deps.config.municipality.language) ? deps.config.municipality.language : 'en') as Lang;

  const showDetail = async (request: FastifyRequest, reply: FastifyReply, port: AnswersPort, id: string, form: Partial<AnswerForm>, status: number, notice?: Notice, preview?: string) => {
    const item = scopeOf(request.viewer, 'answers') === 'unit' ? await port.get(request.viewer!, id) : null;
    if (!item) return web.errorPage(request, reply, 404, 'notFoundTitle', 'notFound');
    const ctx = web.page(request, reply);
    return sendHtml(reply, layout(ctx, item.subject || ctx.t('noSubject'), detail(ctx, port, item, form, defaultLang, preview), notice), status);
  };

  app.get('/answers', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.answers)) return reply;
    const ctx = web.page(request, reply);
    const filter = readFilter(request);
    const { items, units, mailboxes } = await deps.answers.list(request.viewer!, filter);
    const sent = (request.query as { done?: string }).done === 'sent';
    const body = html`<p>${ctx.t('answersIntro')}</p>${filterForm(ctx, filter, units, mailboxes)}${listing(ctx, items, scopeOf(request.viewer, 'answers') === 'unit')}`;
    return sendHtml(reply, layout(ctx, ctx.t('answersTitle'), body, sent ? { kind: 'ok', text: ctx.t('answerSent') } : undefined));
  });

  app.get('/answers/:id', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.answers)) return reply;
    return showDetail(request, reply, deps.answers, (request.params as { id: string }).id, {}, 200);
  });

  app.post('/answers/:id/answer', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.answers)) return reply;
    const { id } = request.params as { id: string };
    const form = readForm(request, defaultLang);
    const send = (request.body as { action?: unknown } | undefined)?.action === 'send';
    try {
      if (!send) return await showDetail(request, reply, deps.answers, id, form, 200, undefined, await deps.answers.preview(request.viewer!, id, form, request.lang));
      await deps.answers.send(request.viewer!, id, form, request.lang);
    } catch (err) {
      if (err instanceof ItemNotFoundError) return web.errorPage(request, reply, 404, 'notFoundTitle', 'notFound');
      if (err instanceof AnswerRefusedError) return showDetail(request, reply, deps.answers, id, form, 400, { kind: 'error', text: err.message });
      throw err;
    }
    deps.logger.info({ item: id, user: request.viewer!.username, template: form.template }, 'answer sent from the web');
    return reply.redirect('/answers?done=sent', 303);
  });

  // The JSON API: the same scope and masking as the page.
  app.get('/api/answers', { preHandler }, async (request, reply) => {
    if (!deps.answers) return reply.code(503).send({ error: 'unavailable' });
    return (await deps.answers.list(request.viewer!, readFilter(request))).items;
  });
}
