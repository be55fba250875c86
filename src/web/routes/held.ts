/**
 * Held letters (FX-6…FX-9): the list, the detail with reasons, findings and the four questions,
 * and the sender's overrides: send now (reason required), reschedule, cancel, told in advance.
 * Every override goes through the queue, which records who did it and why.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { guard, requirePort, type WebContext } from '../context.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatDate, formatInstant, layout, sendHtml, translator, type Notice, type PageContext } from '../page.ts';
import { maskRecipient } from '../mask.ts';
import type { WebMessageKey } from '../messages.ts';
import { LetterNotFoundError, NotHeldError, OverrideRefusedError, type FlagView, type HeldLetter, type HeldLetterSummary, type QueuePort } from '../ports.ts';
import { eventName, levelKey } from './names.ts';

const STATUS_KEYS: Record<string, WebMessageKey> = {
  held: 'statusHeld',
  queued: 'statusQueued',
  delivering: 'statusDelivering',
  delivered: 'statusDelivered',
  failed: 'statusFailed',
  cancelled: 'statusCancelled',
};


const DONE_KEYS: Record<string, WebMessageKey> = {
  released: 'doneReleased',
  rescheduled: 'doneRescheduled',
  cancelled: 'doneCancelled',
  told: 'doneTold',
};

function channelKey(channel: HeldLetterSummary['channel']): WebMessageKey {
  return channel === 'email' ? 'channelEmail' : 'channelDigitalpost';
}

function listPage(ctx: PageContext, letters: HeldLetterSummary[]): SafeHtml {
  const { t } = ctx;
  if (letters.length === 0) return html`<p>${t('heldIntro')}</p><p>${t('heldEmpty')}</p>`;
  return html`<p>${t('heldIntro')}</p>
<table>
<caption>${t('heldCount', { count: letters.length })}</caption>
<thead><tr><th scope="col">${t('colSubject')}</th><th scope="col">${t('colRecipient')}</th><th scope="col">${t('colChannel')}</th><th scope="col">${t('colReleaseAt')}</th><th scope="col">${t('colTold')}</th></tr></thead>
<tbody>${letters.map(
    (l) => html`<tr><td><a href="/held/${encodeURIComponent(l.id)}">${l.subject || t('noSubject')}</a></td><td>${l.recipients.map(maskRecipient).join(', ')}</td><td>${t(channelKey(l.channel))}</td><td>${formatInstant(ctx, l.releaseAt)}</td><td>${t(l.told ? 'yes' : 'no')}</td></tr>`,
  )}</tbody>
</table>`;
}

function flagsSection(ctx: PageContext, flags: FlagView[]): SafeHtml {
  const { t } = ctx;
  return html`<section aria-labelledby="flags"><h2 id="flags">${t('flagsTitle')}</h2>${
    flags.length === 0
      ? html`<p>${t('flagsNone')}</p>`
      : html`<ul>${flags.map((f) => html`<li><p>${f.reason}</p><p class="meta">${f.unit} · ${t('flagReview', { date: formatDate(ctx, f.reviewDate) })}</p></li>`)}</ul>`
  }</section>`;
}

function detailPage(ctx: PageContext, letter: HeldLetter, flags: FlagView[], localNow: string): SafeHtml {
  const { t } = ctx;
  const id = encodeURIComponent(letter.id);
  const held = letter.status === 'held';
  const actions = held
    ? html`<section aria-labelledby="actions"><h2 id="actions">${t('actionsTitle')}</h2>
<form method="post" action="/held/${id}/release" class="action">${csrfField(ctx)}<h3>${t('releaseTitle')}</h3>
<p><label for="reason">${t('releaseReason')}</label><textarea id="reason" name="reason" rows="3" required></textarea></p>
<p><button type="submit">${t('releaseButton')}</button></p></form>
<form method="post" action="/held/${id}/reschedule" class="action">${csrfField(ctx)}<h3>${t('rescheduleTitle')}</h3>
<p><label for="at">${t('rescheduleAt')}</label><input id="at" name="at" type="datetime-local" min="${localNow}" required></p>
<p><button type="submit">${t('rescheduleButton')}</button></p></form>
<form method="post" action="/held/${id}/told" class="action">${csrfField(ctx)}<h3>${t('toldTitle')}</h3>
${letter.told ? html`<p>${t('toldDone')}</p>` : html`<p>${t('toldHelp')}</p><p><button type="submit">${t('toldButton')}</button></p>`}</form>
<form method="post" action="/held/${id}/cancel" class="action danger" data-confirm="${t('cancelHelp')}">${csrfField(ctx)}<h3>${t('cancelTitle')}</h3>
<p>${t('cancelHelp')}</p>
<p><label for="cancel-reason">${t('cancelReason')}</label><textarea id="cancel-reason" name="reason" rows="2"></textarea></p>
<p><button type="submit">${t('cancelButton')}</button></p></form>
</section>`
    : '';
  return html`<dl class="facts">
<dt>${t('colRecipient')}</dt><dd>${letter.recipients.map(maskRecipient).join(', ')}</dd>
<dt>${t('detailSender')}</dt><dd>${letter.sender}</dd>
<dt>${t('colChannel')}</dt><dd>${t(channelKey(letter.channel))}</dd>
<dt>${t('detailStatus')}</dt><dd>${STATUS_KEYS[letter.status] ? t(STATUS_KEYS[letter.status]!) : letter.status}</dd>
<dt>${t('detailCreated')}</dt><dd>${formatInstant(ctx, letter.createdAt)}</dd>
${letter.releaseAt ? html`<dt>${t('colReleaseAt')}</dt><dd>${formatInstant(ctx, letter.releaseAt)}</dd>` : ''}
<dt>${t('colTold')}</dt><dd>${t(letter.told ? 'yes' : 'no')}</dd>
</dl>
<section aria-labelledby="reasons"><h2 id="reasons">${t('reasonsTitle')}</h2><ul>${letter.reasons.map((r) => html`<li>${r.text}</li>`)}</ul></section>
<section aria-labelledby="questions"><h2 id="questions">${t('questionsTitle')}</h2><ol class="questions">${letter.questions.map(
    (q) => html`<li><p><strong>${q.clause}</strong> ${q.question}</p>${q.hint ? html`<p class="meta">${q.hint}</p>` : ''}</li>`,
  )}</ol></section>
${flagsSection(ctx, flags)}
<section aria-labelledby="findings"><h2 id="findings">${t('findingsTitle')}</h2>${
    letter.findings.length === 0
      ? html`<p>${t('noFindings')}</p>`
      : html`<ul>${letter.findings.map(
          (f) => html`<li><span class="level ${f.level}">${t(levelKey(f.level))}</span> <strong>${t('clause', { clause: f.clause })}</strong>: ${f.message}</li>`,
        )}</ul>`
  }</section>
${actions}
<section aria-labelledby="history"><h2 id="history">${t('historyTitle')}</h2>${
    letter.events.length === 0
      ? html`<p>${t('historyEmpty')}</p>`
      : html`<ul>${letter.events.map((e) => html`<li>${formatInstant(ctx, e.at)}: ${eventName(ctx, e.kind)}${e.actor ? html` (${e.actor})` : ''}${e.reason ? html` – ${e.reason}` : ''}</li>`)}</ul>`
  }</section>`;
}

type Action = 'release' | 'reschedule' | 'cancel' | 'told';
const ACTION_DONE: Record<Action, string> = { release: 'released', reschedule: 'rescheduled', cancel: 'cancelled', told: 'told' };

/** An own key of ACTION_DONE: `in` would also let `constructor`, `toString` and the like through. */
function isAction(value: string): value is Action {
  return Object.hasOwn(ACTION_DONE, value);
}

/** What an override came to: done, no such letter in the viewer's scope, or refused with a reason to show. */
type Outcome = { kind: 'done' } | { kind: 'notFound' } | { kind: 'refused'; text: string };

export function heldRoutes(app: FastifyInstance, web: WebContext): void {
  const { deps } = web;
  const preHandler = guard(web, 'held');

  const showDetail = async (request: FastifyRequest, reply: FastifyReply, queue: QueuePort, id: string, status: number, notice?: Notice) => {
    const letter = await queue.get(request.viewer!, id);
    const ctx = web.page(request, reply);
    if (!letter) return web.errorPage(request, reply, 404, 'notFoundTitle', 'notFound');
    const flags = deps.register ? await deps.register.forRecipients(request.viewer!, letter.recipients) : [];
    const localNow = DateTime.fromJSDate(deps.clock.now(), { zone: deps.config.calendar.timeZone }).toFormat("yyyy-MM-dd'T'HH:mm");
    return sendHtml(reply, layout(ctx, letter.subject || ctx.t('noSubject'), detailPage(ctx, letter, flags, localNow), notice), status);
  };

  /** One override by the signed-in user, the same for the page's forms and the JSON API. */
  const override = async (request: FastifyRequest, queue: QueuePort, id: string, action: Action): Promise<Outcome> => {
    const body = (request.body ?? {}) as { reason?: unknown; at?: unknown };
    const reason = (typeof body.reason === 'string' ? body.reason : '').trim().slice(0, 2000);
    const viewer = request.viewer!;
    const actor = viewer.username;
    const t = translator(request.lang);
    // A form error on a letter outside the viewer's scope is "not found" too, so ids cannot be probed.
    const refuse = async (key: WebMessageKey): Promise<Outcome> =>
      (await queue.get(viewer, id)) ? { kind: 'refused', text: t(key) } : { kind: 'notFound' };
    try {
      switch (action) {
        case 'release':
          if (!reason) return refuse('errReasonRequired');
          await queue.releaseNow(viewer, id, { actor, reason });
          break;
        case 'reschedule': {
          const at = DateTime.fromISO(typeof body.at === 'string' ? body.at : '', { zone: deps.config.calendar.timeZone });
          if (!at.isValid || at.toMillis() <= deps.clock.now().getTime()) return refuse('errTimeInvalid');
          await queue.reschedule(viewer, id, at.toJSDate(), { actor, reason });
          break;
        }
        case 'cancel':
          await queue.cancel(viewer, id, { actor, reason });
          break;
        case 'told':
          await queue.markToldInAdvance(viewer, id, { actor, reason });
          break;
      }
    } catch (err) {
      if (err instanceof LetterNotFoundError) return { kind: 'notFound' };
      if (err instanceof NotHeldError) return { kind: 'refused', text: t('errNotHeld') };
      if (err instanceof OverrideRefusedError) return { kind: 'refused', text: err.describe(request.lang) };
      throw err;
    }
    deps.logger.info({ queueId: id, action, user: actor }, 'held letter override from the web');
    return { kind: 'done' };
  };

  app.get('/held', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.queue)) return reply;
    const ctx = web.page(request, reply);
    const done = DONE_KEYS[(request.query as { done?: string }).done ?? ''];
    const letters = await deps.queue.listHeld(request.viewer!);
    return sendHtml(reply, layout(ctx, ctx.t('heldTitle'), listPage(ctx, letters), done ? { kind: 'ok', text: ctx.t(done) } : undefined));
  });

  app.get('/held/:id', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.queue)) return reply;
    const done = DONE_KEYS[(request.query as { done?: string }).done ?? ''];
    const t = web.page(request, reply).t;
    return showDetail(request, reply, deps.queue, (request.params as { id: string }).id, 200, done ? { kind: 'ok', text: t(done) } : undefined);
  });

  app.post('/held/:id/:action', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.queue)) return reply;
    const { id, action } = request.params as { id: string; action: string };
    if (!isAction(action)) return web.errorPage(request, reply, 404, 'notFoundTitle', 'notFound');
    const outcome = await override(request, deps.queue, id, action);
    if (outcome.kind === 'notFound') return web.errorPage(request, reply, 404, 'notFoundTitle', 'notFound');
    if (outcome.kind === 'refused') return showDetail(request, reply, deps.queue, id, 400, { kind: 'error', text: outcome.text });
    const target = action === 'release' || action === 'cancel' ? '/held' : `/held/${encodeURIComponent(id)}`;
    return reply.redirect(`${target}?done=${ACTION_DONE[action]}`, 303);
  });

  // The JSON API: the same scope and overrides, recipients masked, flags only where the reason may be read.
  app.get('/api/held', { preHandler }, async (request, reply) => {
    if (!deps.queue) return reply.code(503).send({ error: 'unavailable' });
    const letters = await deps.queue.listHeld(request.viewer!);
    return letters.map((l) => ({ ...l, recipients: l.recipients.map(maskRecipient) }));
  });

  app.get('/api/held/:id', { preHandler }, async (request, reply) => {
    if (!deps.queue) return reply.code(503).send({ error: 'unavailable' });
    const letter = await deps.queue.get(request.viewer!, (request.params as { id: string }).id);
    if (!letter) return reply.code(404).send({ error: 'not found' });
    const flags = deps.register ? await deps.register.forRecipients(request.viewer!, letter.recipients) : [];
    return { ...letter, recipients: letter.recipients.map(maskRecipient), flags };
  });

  app.post('/api/held/:id/:action', { preHandler }, async (request, reply) => {
    if (!deps.queue) return reply.code(503).send({ error: 'unavailable' });
    const { id, action } = request.params as { id: string; action: string };
    if (!isAction(action)) return reply.code(404).send({ error: 'not found' });
    const outcome = await override(request, deps.queue, id, action);
    if (outcome.kind === 'notFound') return reply.code(404).send({ error: 'not found' });
    if (outcome.kind === 'refused') return reply.code(400).send({ error: outcome.text });
    return { status: ACTION_DONE[action] };
  });
}
