/**
 * The consideration register (FX-4, FX-7): the flags the viewer may see, highlighted when due for
 * review, and a form to add a flag after an individual assessment. Unit scoping and the audit of
 * every view happen in the register behind `RegisterPort`; this page never filters on its own.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { guard, requirePort, type WebContext } from '../context.ts';
import { scopeOf } from '../roles.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatDate, layout, sendHtml, type Notice, type PageContext } from '../page.ts';
import type { WebMessageKey } from '../messages.ts';
import { RegisterInputError, type FlagView, type NewFlag, type RegisterPort } from '../ports.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface FlagForm {
  identifier: string;
  reason: string;
  review: string;
  expires: string;
}

/** The flags in the viewer's scope; the overview (no reasons, no citizens) leaves those columns out. */
function flagTable(ctx: PageContext, flags: FlagView[], overview: boolean): SafeHtml {
  const { t } = ctx;
  if (flags.length === 0) return html`<p>${t('registerEmpty')}</p>`;
  const due = flags.filter((f) => f.reviewDue).length;
  return html`${due > 0 ? html`<p class="due-summary"><span class="badge">${t('dueForReview')}</span> ${t('dueCount', { count: due })}</p>` : ''}
<table class="flags">
<caption>${t('registerTitle')}</caption>
<thead><tr>${overview ? '' : html`<th scope="col">${t('colCitizen')}</th>`}<th scope="col">${t('colUnit')}</th>${overview ? '' : html`<th scope="col">${t('colAssessment')}</th>`}<th scope="col">${t('colReview')}</th><th scope="col">${t('colExpires')}</th><th scope="col">${t('colCreatedBy')}</th></tr></thead>
<tbody>${flags.map((f) => {
    const isDue = f.reviewDue;
    return html`<tr${isDue ? html` class="due"` : ''}>${overview ? '' : html`<td>${f.label}</td>`}<td>${f.unit}</td>${overview ? '' : html`<td>${f.reason}</td>`}<td>${formatDate(ctx, f.reviewDate)}${isDue ? html` <span class="badge">${t('dueForReview')}</span>` : ''}</td><td>${f.expiresDate ? formatDate(ctx, f.expiresDate) : t('noExpiry')}</td><td>${f.createdBy}</td></tr>`;
  })}</tbody>
</table>`;
}

function addForm(ctx: PageContext, form: FlagForm, today: string): SafeHtml {
  const { t } = ctx;
  return html`<section aria-labelledby="add"><h2 id="add">${t('addFlagTitle')}</h2>
<form method="post" action="/register" class="stack">${csrfField(ctx)}
<p><label for="identifier">${t('identifier')}</label><span class="hint" id="identifier-hint">${t('identifierHelp')}</span><input id="identifier" name="identifier" autocomplete="off" required aria-describedby="identifier-hint" value="${form.identifier}"></p>
<p><label for="reason">${t('assessment')}</label><textarea id="reason" name="reason" rows="4" required>
${form.reason}</textarea></p>
<p><label for="review">${t('reviewDate')}</label><input id="review" name="review" type="date" min="${today}" required value="${form.review}"></p>
<p><label for="expires">${t('expiresDate')}</label><input id="expires" name="expires" type="date" min="${today}" value="${form.expires}"></p>
<p><button type="submit">${t('addFlagButton')}</button></p>
</form></section>`;
}

/** The first thing wrong with the form, or the flag to add. */
function validate(form: FlagForm, today: string): WebMessageKey | NewFlag {
  if (!form.identifier.trim()) return 'errIdentifier';
  if (!form.reason.trim()) return 'errAssessment';
  if (!ISO_DATE.test(form.review) || !DateTime.fromISO(form.review).isValid || form.review <= today) return 'errReviewDate';
  if (form.expires && (!ISO_DATE.test(form.expires) || !DateTime.fromISO(form.expires).isValid || form.expires <= form.review)) {
    return 'errExpiresDate';
  }
  return { identifier: form.identifier.trim(), reason: form.reason.trim(), reviewDate: form.review, expiresDate: form.expires || null };
}

export function registerRoutes(app: FastifyInstance, web: WebContext): void {
  const { deps } = web;
  const preHandler = guard(web, 'register');
  const today = () => DateTime.fromJSDate(deps.clock.now(), { zone: deps.config.calendar.timeZone }).toISODate()!;
  const empty: FlagForm = { identifier: '', reason: '', review: '', expires: '' };

  const show = async (request: FastifyRequest, reply: FastifyReply, register: RegisterPort, status: number, form: FlagForm, notice?: Notice) => {
    const ctx = web.page(request, reply);
    const viewer = request.viewer!;
    const own = scopeOf(viewer, 'register') === 'unit';
    const scope = own ? ctx.t('registerScopeUnit', { unit: viewer.unit }) : ctx.t('registerScopeOverview');
    const flags = await register.list(viewer);
    // Only a case worker flags a citizen, after an individual assessment (FX-4).
    const body = html`<p>${ctx.t('registerIntro')}</p><p>${scope}</p>${flagTable(ctx, flags, !own)}${own ? addForm(ctx, form, today()) : ''}`;
    return sendHtml(reply, layout(ctx, ctx.t('registerTitle'), body, notice), status);
  };

  app.get('/register', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.register)) return reply;
    const added = (request.query as { done?: string }).done === 'added';
    return show(request, reply, deps.register, 200, empty, added ? { kind: 'ok', text: web.page(request, reply).t('flagAdded') } : undefined);
  });

  app.post('/register', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.register)) return reply;
    if (scopeOf(request.viewer, 'register') !== 'unit') return web.errorPage(request, reply, 403, 'forbiddenTitle', 'forbidden');
    const body = (request.body ?? {}) as Partial<Record<keyof FlagForm, unknown>>;
    const text = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
    const form: FlagForm = {
      identifier: text(body.identifier, 320),
      reason: text(body.reason, 4000),
      review: text(body.review, 10),
      expires: text(body.expires, 10),
    };
    const t = web.page(request, reply).t;
    const result = validate(form, today());
    if (typeof result === 'string') return show(request, reply, deps.register, 400, form, { kind: 'error', text: t(result) });
    try {
      await deps.register.add(request.viewer!, result);
    } catch (err) {
      if (err instanceof RegisterInputError) {
        return show(request, reply, deps.register, 400, form, { kind: 'error', text: t('errRegister', { detail: err.message }) });
      }
      throw err;
    }
    return reply.redirect('/register?done=added', 303);
  });

  app.get('/api/flags', { preHandler }, async (request, reply) => {
    if (!deps.register) return reply.code(503).send({ error: 'unavailable' });
    return deps.register.list(request.viewer!);
  });

  app.get('/api/flags/:id', { preHandler }, async (request, reply) => {
    if (!deps.register) return reply.code(503).send({ error: 'unavailable' });
    // Another unit's flag answers exactly like a missing one, so ids cannot be probed.
    const flag = await deps.register.get(request.viewer!, (request.params as { id: string }).id);
    return flag ?? reply.code(404).send({ error: 'not found' });
  });
}
