/**
 * The registrar's records pages (issue 18, BK-18…BK-20, BK-27): the worklist of public and secret
 * documents not yet registered, oldest first with their age in working days; a document's page
 * with Postvakt's suggestion, the status decision (once; later a correction) and the registration
 * form; and the original .eml. Registrars only (roles.ts); every value is escaped by `html`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { translate, type Params } from '../../i18n/catalog.ts';
import { messages } from '../../records/messages.ts';
import { describeGround } from '../../records/grounds.ts';
import { isRecordStatus, parseRecordDate, RecordsError, type DocumentView } from '../../records/records.ts';
import { RECORD_STATUSES } from '../../records/tables.ts';
import { fieldValue } from '../app.ts';
import { guard, requirePort, type WebContext } from '../context.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatInstant, layout, sendHtml, type Notice, type PageContext } from '../page.ts';
import type { RecordsPort } from '../ports.ts';

type Key = keyof (typeof messages)['en'];
const say = (ctx: PageContext, key: Key, params?: Params) => translate(messages, ctx.lang, key, params);

const statusText = (ctx: PageContext, status: string | null) => say(ctx, status && isRecordStatus(status) ? `status.${status}` : 'status.undecided');
const directionText = (ctx: PageContext, d: string) => say(ctx, d === 'in' ? 'web.direction.in' : d === 'out' ? 'web.direction.out' : 'web.direction.internal');

async function worklist(ctx: PageContext, records: RecordsPort): Promise<SafeHtml> {
  const items = await records.unregistered();
  if (items.length === 0) return html`<p>${say(ctx, 'web.intro')}</p><p>${say(ctx, 'web.empty')}</p>`;
  return html`<p>${say(ctx, 'web.intro')}</p><table><thead><tr><th scope="col">${say(ctx, 'web.col.received')}</th><th scope="col">${say(ctx, 'web.col.age')}</th><th scope="col">${say(ctx, 'web.col.direction')}</th><th scope="col">${say(ctx, 'web.col.from')}</th><th scope="col">${say(ctx, 'web.col.subject')}</th><th scope="col">${say(ctx, 'web.col.status')}</th></tr></thead>
<tbody>${items.map(
    (d) => html`<tr><td>${formatInstant(ctx, d.at)}</td><td>${d.ageDays}</td><td>${directionText(ctx, d.direction)}</td><td>${d.sender}</td><td><a href="/records/${encodeURIComponent(d.id)}">${d.subject || d.id}</a></td><td>${statusText(ctx, d.status)}</td></tr>`,
  )}</tbody></table>`;
}

function select(name: string, label: string, options: Array<{ value: string; text: string; selected?: boolean }>): SafeHtml {
  return html`<p><label for="${name}">${label}</label><select id="${name}" name="${name}">${options.map(
    (o) => html`<option value="${o.value}"${o.selected ? html` selected` : ''}>${o.text}</option>`,
  )}</select></p>`;
}

async function documentPage(ctx: PageContext, records: RecordsPort, doc: DocumentView): Promise<SafeHtml> {
  const suggestion = await records.suggest(doc.id);
  const path = `/records/${encodeURIComponent(doc.id)}`;
  const grounds = records.grounds();
  const facts = html`<dl><dt>${say(ctx, 'web.col.received')}</dt><dd>${formatInstant(ctx, doc.at)}</dd><dt>${say(ctx, 'web.col.direction')}</dt><dd>${directionText(ctx, doc.direction)}</dd><dt>${say(ctx, 'web.col.from')}</dt><dd>${doc.sender}</dd><dt>${say(ctx, 'web.col.subject')}</dt><dd>${doc.subject}</dd></dl>
${doc.source === 'queue' ? html`<p><a href="${path}/original">${say(ctx, 'web.original')}</a></p>` : html`<p>${say(ctx, 'web.noOriginal')}</p>`}`;
  const decided = doc.status
    ? html`<p>${say(ctx, 'web.decidedBy', { status: statusText(ctx, doc.status.status) + (doc.status.ground ? ` (${doc.status.ground})` : ''), actor: doc.status.actor, at: formatInstant(ctx, doc.status.at) })}</p>`
    : '';
  const decide = html`<section aria-labelledby="decide"><h2 id="decide">${say(ctx, 'web.decide')}</h2>
<p><strong>${say(ctx, 'web.suggestion', { status: statusText(ctx, suggestion.status) })}</strong> ${records.describeSuggestion(suggestion, ctx.lang)}</p>${decided}
<form method="post" action="${path}/status">${csrfField(ctx)}
${select('status', say(ctx, 'web.field.status'), RECORD_STATUSES.map((s) => ({ value: s, text: statusText(ctx, s), selected: s === (doc.status?.status ?? suggestion.status) })))}
${select('ground', say(ctx, 'web.field.ground'), [
    { value: '', text: say(ctx, 'web.field.noGround') },
    ...grounds.map((g) => ({ value: g.id, text: `${statusText(ctx, g.kind)}: ${describeGround(g, ctx.lang)}`, selected: g.id === (doc.status?.ground ?? suggestion.ground) })),
  ])}
${doc.status ? html`<p><input type="checkbox" id="correct" name="correct" value="1"><label for="correct">${say(ctx, 'web.field.correct')}</label></p>` : ''}
<p><button type="submit">${say(ctx, 'web.save')}</button></p></form></section>`;
  const registered = doc.registration
    ? html`<p>${say(ctx, 'web.registeredIn', { caseNumber: doc.registration.caseNumber, classification: doc.registration.classification, registrar: doc.registration.registrar, at: formatInstant(ctx, doc.registration.at) })}</p>`
    : '';
  const day = doc.at.toISOString().slice(0, 10);
  const register = html`<section aria-labelledby="register"><h2 id="register">${say(ctx, 'web.register')}</h2>${registered}
<form method="post" action="${path}/registration">${csrfField(ctx)}
<p><label for="caseNumber">${say(ctx, 'web.field.caseNumber', { example: records.caseNumberFormat.example })}</label><input id="caseNumber" name="caseNumber" required value="${doc.registration?.caseNumber ?? ''}"></p>
<p><label for="title">${say(ctx, 'web.field.title')}</label><input id="title" name="title" required value="${doc.registration?.title ?? doc.subject}"></p>
${select('classification', say(ctx, 'web.field.classification'), records.classificationCodes.map((c) => ({ value: c.code, text: `${c.code} ${c.title}`, selected: c.code === doc.registration?.classification })))}
${select('direction', say(ctx, 'web.field.direction'), (['in', 'out'] as const).map((d) => ({ value: d, text: directionText(ctx, d), selected: d === (doc.direction === 'in' ? 'in' : 'out') })))}
<p><label for="date">${say(ctx, 'web.field.date')}</label><input id="date" name="date" type="date" value="${day}"></p>
<p><button type="submit">${say(ctx, 'web.save')}</button></p></form></section>`;
  return html`${facts}${decide}${register}`;
}

export function recordsRoutes(app: FastifyInstance, web: WebContext): void {
  const { deps } = web;
  const preHandler = guard(web, 'records');
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;

  const show = async (request: FastifyRequest, reply: FastifyReply, records: RecordsPort, notice?: Notice, status = 200) => {
    const ctx = web.page(request, reply);
    let doc: DocumentView;
    try {
      doc = await records.document(idOf(request));
    } catch (err) {
      if (err instanceof RecordsError) return web.errorPage(request, reply, 404, 'notFoundTitle', 'notFound');
      throw err;
    }
    return sendHtml(reply, layout(ctx, say(ctx, 'web.document'), await documentPage(ctx, records, doc), notice), status);
  };

  /** Run a change; a refusal the registrar can fix shows on the document's page in their language. */
  const change = async (request: FastifyRequest, reply: FastifyReply, records: RecordsPort, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (err) {
      if (!(err instanceof RecordsError)) throw err;
      if (err.code === 'error.notFound') return web.errorPage(request, reply, 404, 'notFoundTitle', 'notFound');
      return show(request, reply, records, { kind: 'error', text: err.describe(request.lang) }, 400);
    }
    return reply.redirect(`/records/${encodeURIComponent(idOf(request))}`, 303);
  };

  app.get('/records', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.records)) return reply;
    const ctx = web.page(request, reply);
    return sendHtml(reply, layout(ctx, say(ctx, 'web.title'), await worklist(ctx, deps.records)));
  });

  app.get('/records/:id', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.records)) return reply;
    return show(request, reply, deps.records);
  });

  app.get('/records/:id/original', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.records)) return reply;
    try {
      const raw = await deps.records.original(idOf(request));
      return reply.header('content-type', 'message/rfc822').header('content-disposition', `attachment; filename="${idOf(request).replace(/[^\w.-]/g, '_')}.eml"`).header('cache-control', 'no-store').send(raw);
    } catch (err) {
      if (err instanceof RecordsError) return web.errorPage(request, reply, 404, 'notFoundTitle', 'notFound');
      throw err;
    }
  });

  app.post('/records/:id/status', { preHandler }, async (request, reply) => {
    const records = deps.records;
    if (!requirePort(web, request, reply, records)) return reply;
    const body = request.body as Record<string, unknown>;
    const status = fieldValue(body.status) ?? '';
    return change(request, reply, records, async () => {
      if (!isRecordStatus(status)) throw new RecordsError('error.badStatus', { status });
      await records.decide(idOf(request), { status, ground: fieldValue(body.ground) || null, actor: request.viewer!.username, ...(fieldValue(body.correct) ? { correct: true } : {}) });
    });
  });

  app.post('/records/:id/registration', { preHandler }, async (request, reply) => {
    const records = deps.records;
    if (!requirePort(web, request, reply, records)) return reply;
    const body = request.body as Record<string, unknown>;
    const date = fieldValue(body.date);
    return change(request, reply, records, async () => {
      const direction = fieldValue(body.direction);
      if (direction !== 'in' && direction !== 'out') throw new RecordsError('error.badDirection');
      await records.register(idOf(request), {
        caseNumber: fieldValue(body.caseNumber) ?? '',
        title: fieldValue(body.title) ?? '',
        classification: fieldValue(body.classification) ?? '',
        direction,
        ...(date ? { date: parseRecordDate(date) } : {}),
        registrar: request.viewer!.username,
        via: 'web',
      });
    });
  });
}
