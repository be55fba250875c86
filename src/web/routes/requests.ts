/**
 * Requests for public documents (issue 19, BK-23…BK-25): the list, and a request's documents
 * where the holder or registrar masks spans of from, to, subject, body, attachment or log text,
 * each with a ground from the catalogue. Without JavaScript: a suggested span is a checkbox, any
 * other text is masked by typing it (every occurrence in the chosen part). Masked text shows
 * highlighted here, for the reviewer; the released copy (`postvakt requests release`) has
 * black boxes instead.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { guard, requirePort, type WebContext } from '../context.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatInstant, layout, sendHtml, type Notice, type PageContext } from '../page.ts';
import { RequestInputError, type NewMaskView, type RequestPartView, type RequestsPort, type RequestSummaryView, type RequestView } from '../ports.ts';

function listPage(ctx: PageContext, requests: RequestSummaryView[]): SafeHtml {
  const { t } = ctx;
  if (requests.length === 0) return html`<p>${t('requestsIntro')}</p><p>${t('requestsEmpty')}</p>`;
  return html`<p>${t('requestsIntro')}</p>
<table><caption>${t('requestsCount', { count: requests.length })}</caption>
<thead><tr><th scope="col">${t('colRequest')}</th><th scope="col">${t('colReceived')}</th><th scope="col">${t('colDue')}</th><th scope="col">${t('colState')}</th><th scope="col">${t('colDocuments')}</th></tr></thead>
<tbody>${requests.map(
    (r) => html`<tr><td><a href="/requests/${encodeURIComponent(r.id)}">${r.id}</a>${r.anonymous ? html` (${t('requestAnonymous')})` : ''}</td><td>${formatInstant(ctx, r.receivedAt)}</td><td>${formatInstant(ctx, r.dueAt)}</td><td>${r.state}</td><td>${r.documents}</td></tr>`,
  )}</tbody></table>`;
}

function partLabel(ctx: PageContext, p: RequestPartView): string {
  const { t } = ctx;
  if (p.part === 'from') return t('requestPartFrom');
  if (p.part === 'to') return t('requestPartTo');
  if (p.part === 'subject') return t('requestPartSubject');
  if (p.part === 'body') return t('requestPartBody');
  if (p.part.startsWith('attachment:')) return t('requestPartAttachment', { name: p.label ?? '' });
  return t('requestPartLog', { time: p.label ?? '' });
}

/** The part's text with its masked spans marked (escaped piece by piece). */
function markedText(p: RequestPartView): SafeHtml {
  const spans = [...p.masks].sort((a, b) => a.start - b.start);
  const pieces: SafeHtml[] = [];
  let at = 0;
  for (const m of spans) {
    if (m.end <= at) continue;
    const start = Math.max(at, m.start);
    pieces.push(html`${p.text.slice(at, start)}<mark>${p.text.slice(start, m.end)}</mark> <small>[${m.ground}]</small>`);
    at = m.end;
  }
  pieces.push(html`${p.text.slice(at)}`);
  return html`${pieces}`;
}

const key = (s: { document: string; part: string; start: number; end: number }) => `${s.document}|${s.part}|${s.start}|${s.end}`;

function detailPage(ctx: PageContext, r: RequestView): SafeHtml {
  const { t } = ctx;
  const parts = html`<dl class="request-parts">${r.parts.map((p) => html`<dt>${partLabel(ctx, p)}</dt><dd><pre>${markedText(p)}</pre></dd>`)}</dl>`;
  const meta = html`<p>${t('colReceived')}: ${formatInstant(ctx, r.receivedAt)} · ${t('colDue')}: ${formatInstant(ctx, r.dueAt)} · ${t('colState')}: ${r.state}${r.anonymous ? html` · ${t('requestAnonymous')}` : ''}</p>
<p>${t('requestAsked')}: ${r.description}</p><p>${t('requestLegend')}</p>`;
  if (!r.open) return html`${meta}${parts}`;
  const grounds = html`<p><label for="ground">${t('requestGround')}</label><select id="ground" name="ground" required>${r.grounds.map((g) => html`<option value="${g.id}">${g.label}</option>`)}</select></p>`;
  const suggestions =
    r.suggestions.length === 0
      ? html`<p>${t('requestNoSuggestions')}</p>`
      : html`<fieldset><legend>${t('requestSuggestions')}</legend>${r.suggestions.map(
          (s, i) => html`<p><input type="checkbox" id="s${i}" name="s" value="${key(s)}" checked> <label for="s${i}">${s.text}</label></p>`,
        )}</fieldset>`;
  const phrase = html`<p><label for="where">${t('requestPhrase')}</label><select id="where" name="where">${r.parts.map(
    (p) => html`<option value="${p.document}|${p.part}">${partLabel(ctx, p)}</option>`,
  )}</select></p><p><label for="phrase">${t('requestPhraseText')}</label><input id="phrase" name="phrase" type="text" maxlength="500"></p>`;
  const form = html`<section aria-labelledby="mask"><h2 id="mask">${t('requestMaskTitle')}</h2>
<form method="post" action="/requests/${encodeURIComponent(r.id)}/mask">${csrfField(ctx)}${suggestions}${phrase}${grounds}<p><button type="submit">${t('requestMaskButton')}</button></p></form></section>`;
  return html`${meta}${parts}${form}`;
}

/** The masks a posted form asks for: the ticked suggestions, and every occurrence of the typed text. */
function masksFromForm(body: Record<string, unknown>, r: RequestView): NewMaskView[] {
  const ground = typeof body.ground === 'string' ? body.ground : '';
  const ticked = new Set(([] as unknown[]).concat(body.s ?? []).filter((v): v is string => typeof v === 'string'));
  const masks: NewMaskView[] = r.suggestions.filter((s) => ticked.has(key(s))).map((s) => ({ document: s.document, part: s.part, start: s.start, end: s.end, ground }));
  const phrase = typeof body.phrase === 'string' ? body.phrase.trim() : '';
  const where = typeof body.where === 'string' ? body.where : '';
  const part = r.parts.find((p) => `${p.document}|${p.part}` === where);
  if (phrase && part) {
    for (let at = part.text.indexOf(phrase); at >= 0; at = part.text.indexOf(phrase, at + phrase.length)) {
      masks.push({ document: part.document, part: part.part, start: at, end: at + phrase.length, ground });
    }
  }
  return masks;
}

export function requestsRoutes(app: FastifyInstance, web: WebContext): void {
  const { deps } = web;
  const preHandler = guard(web, 'requests');

  const show = async (request: FastifyRequest, reply: FastifyReply, port: RequestsPort, id: string, status: number, notice?: Notice) => {
    const ctx = web.page(request, reply);
    const r = await port.get(request.viewer!, id, ctx.lang);
    if (!r) return web.errorPage(request, reply, 404, 'notFoundTitle', 'notFound');
    return sendHtml(reply, layout(ctx, ctx.t('requestTitle', { id: r.id }), detailPage(ctx, r), notice), status);
  };

  app.get('/requests', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.requests)) return reply;
    const ctx = web.page(request, reply);
    return sendHtml(reply, layout(ctx, ctx.t('requestsTitle'), listPage(ctx, await deps.requests.list(request.viewer!))));
  });

  app.get('/requests/:id', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.requests)) return reply;
    const { id } = request.params as { id: string };
    const masked = Number((request.query as { masked?: string }).masked);
    const t = web.page(request, reply).t;
    return show(request, reply, deps.requests, id, 200, Number.isInteger(masked) && masked > 0 ? { kind: 'ok', text: t('requestMasked', { count: masked }) } : undefined);
  });

  app.post('/requests/:id/mask', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.requests)) return reply;
    const { id } = request.params as { id: string };
    const ctx = web.page(request, reply);
    const r = await deps.requests.get(request.viewer!, id, ctx.lang);
    if (!r) return web.errorPage(request, reply, 404, 'notFoundTitle', 'notFound');
    if (!r.open) return show(request, reply, deps.requests, id, 409, { kind: 'error', text: ctx.t('requestNotOpen') });
    const masks = masksFromForm((request.body ?? {}) as Record<string, unknown>, r);
    if (masks.length === 0) return show(request, reply, deps.requests, id, 400, { kind: 'error', text: ctx.t('requestNotFound') });
    try {
      await deps.requests.mask(request.viewer!, id, masks);
    } catch (err) {
      if (err instanceof RequestInputError) return show(request, reply, deps.requests, id, 400, { kind: 'error', text: err.message });
      throw err;
    }
    return reply.redirect(`/requests/${encodeURIComponent(id)}?masked=${masks.length}`, 303);
  });

  app.get('/api/requests', { preHandler }, async (request, reply) => {
    if (!deps.requests) return reply.code(503).send({ error: 'unavailable' });
    return deps.requests.list(request.viewer!);
  });

  app.get('/api/requests/:id', { preHandler }, async (request, reply) => {
    if (!deps.requests) return reply.code(503).send({ error: 'unavailable' });
    const r = await deps.requests.get(request.viewer!, (request.params as { id: string }).id, request.lang);
    return r ?? reply.code(404).send({ error: 'not found' });
  });
}
