/**
 * The two things a decided request sends out: the released copy (a masked PDF, BK-25) and the
 * decision letter (BK-23, BK-24) through the gateway. Both are made here so the CLI and the web
 * app hand out exactly the same thing.
 */
import { isLang, type Lang } from '../i18n/catalog.ts';
import { formatDay } from '../notices/mime.ts';
import { buildDecisionLetter, buildLetter, delayNoticeText, loadLetterTemplates } from './letters.ts';
import { renderReleasedPdf } from './pdf.ts';
import { getRequest, markReleased, masksOf, noteLetter, RequestError, requestDocuments, type Actor, type RequestContext, type RequestDetail } from './requests.ts';
import { submitToGateway, type SubmitTarget } from './submit.ts';

export type DescribeGround = (id: string, lang: Lang) => string;

function letterLang(request: Pick<RequestDetail, 'lang'>, fallback: Lang): Lang {
  return isLang(request.lang) ? request.lang : fallback;
}

/** The masked PDF of a decided request; records the release in the audit trail (BK-26 checked again). */
export async function releaseCopy(
  ctx: RequestContext,
  id: string,
  describe: DescribeGround,
  fallbackLang: Lang,
  actor: Actor,
  now: Date,
): Promise<{ pdf: Buffer; pages: number; masks: number }> {
  const request = await getRequest(ctx.db, id);
  if (request.outcome === null) throw new RequestError('error.notDecided', { id });
  const pdf = await renderRequestPdf(ctx, request, describe, letterLang(request, fallbackLang), now);
  await markReleased(ctx, request, actor, now, { pages: pdf.pages, masks: request.masks.length });
  return { pdf: pdf.pdf, pages: pdf.pages, masks: request.masks.length };
}

async function renderRequestPdf(ctx: RequestContext, request: RequestDetail, describe: DescribeGround, lang: Lang, now: Date) {
  const documents = await requestDocuments(ctx, request);
  const grounds = [...new Set(request.masks.map((m) => m.ground))].map((g) => ({ id: g, text: describe(g, lang) }));
  const day = (t: Date) => ctx.calendar.formatLocal(t).slice(0, 10);
  return renderReleasedPdf({
    requestId: request.id,
    lang,
    timeZone: ctx.calendar.timeZone,
    documents,
    masksOf: masksOf(request),
    grounds,
    ...(request.log ? { log: { mailbox: request.log.mailbox, from: day(request.log.from), to: day(request.log.to) } } : {}),
    createdAt: now,
  });
}

export interface LetterOptions {
  submitTo: SubmitTarget;
  from: string;
  hostname: string;
  municipality: string;
  fallbackLang: Lang;
  lettersFile?: string;
}

/** Write the decision letter (with the masked PDF unless refused) and submit it to the gateway. */
export async function sendDecisionLetter(
  ctx: RequestContext,
  id: string,
  describe: DescribeGround,
  options: LetterOptions,
  actor: Actor,
  now: Date,
): Promise<{ to: string; response: string }> {
  const request = await getRequest(ctx.db, id);
  if (request.outcome === null || request.appealUntil === null) throw new RequestError('error.notDecided', { id });
  if (!request.replyTo) throw new RequestError('error.noReplyTo', { id });
  const lang = letterLang(request, options.fallbackLang);
  const pdf = request.outcome === 'refusal' ? undefined : (await renderRequestPdf(ctx, request, describe, lang, now)).pdf;
  const grounds = [...new Set(request.masks.map((m) => m.ground))];
  const letter = await buildDecisionLetter({
    templates: loadLetterTemplates(options.lettersFile),
    lang,
    country: ctx.calendar.country,
    id: request.id,
    outcome: request.outcome,
    received: formatDay(ctx.calendar.formatLocal(request.receivedAt).slice(0, 10), lang),
    description: request.description,
    municipality: options.municipality,
    provisions: grounds.map((g) => describe(g, lang)),
    appealUntil: formatDay(ctx.calendar.formatLocal(request.appealUntil).slice(0, 10), lang),
    from: options.from,
    to: request.replyTo,
    hostname: options.hostname,
    date: now,
    ...(pdf ? { pdf: { filename: `${request.id}.pdf`, content: pdf } } : {}),
  });
  const response = await submitToGateway(options.submitTo, { from: options.from, to: [request.replyTo] }, letter.raw);
  await noteLetter(ctx, id, actor, now, { outcome: request.outcome, grounds, response });
  return { to: request.replyTo, response };
}

/** DK: the reasoned delay notice with the expected date, through the gateway (offentlighedsloven § 36). */
export async function sendDelayNotice(ctx: RequestContext, id: string, options: LetterOptions, actor: Actor, now: Date): Promise<{ to: string; response: string }> {
  const request = await getRequest(ctx.db, id);
  const notice = request.events.findLast((e) => e.kind === 'delay-notice');
  if (!request.expectedAt || !notice) throw new RequestError('error.noDelay', { id });
  if (!request.replyTo) throw new RequestError('error.noReplyTo', { id });
  const lang = letterLang(request, options.fallbackLang);
  const day = (t: Date) => formatDay(ctx.calendar.formatLocal(t).slice(0, 10), lang);
  const letter = await buildLetter(
    delayNoticeText({
      templates: loadLetterTemplates(options.lettersFile),
      lang,
      id: request.id,
      received: day(request.receivedAt),
      description: request.description,
      municipality: options.municipality,
      reason: String(notice.data?.reason ?? ''),
      expected: day(request.expectedAt),
    }),
    { from: options.from, to: request.replyTo, hostname: options.hostname, date: now },
  );
  const response = await submitToGateway(options.submitTo, { from: options.from, to: [request.replyTo] }, letter.raw);
  await noteLetter(ctx, id, actor, now, { kind: 'delay-notice', response });
  return { to: request.replyTo, response };
}
