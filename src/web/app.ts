/**
 * The web app: server-rendered HTML from Fastify. Security is set up once, here, for every route:
 * - session cookie HttpOnly, SameSite=Strict, Secure whenever the request came over TLS;
 * - CSRF tokens (@fastify/csrf-protection) checked on every POST;
 * - a strict Content-Security-Policy (@fastify/helmet): no inline script or style, nothing from
 *   other origins, no framing; mail content is escaped by `html` so it cannot add markup anyway;
 * - rate-limited sign-in (@fastify/rate-limit).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import { capConnections, httpServerOptions } from '../serve/http-limits.ts';
import { isLang, negotiateLang, type Lang } from '../i18n/catalog.ts';
import { sessionUser } from './auth/sessions.ts';
import { LANG_COOKIE, SESSION_COOKIE, webContext, type WebContext, type WebDeps } from './context.ts';
import { html } from './html.ts';
import { layout, sendHtml, startPage, translator } from './page.ts';
import { authRoutes, loginPage } from './routes/auth.ts';
import { heldRoutes } from './routes/held.ts';
import { registerRoutes } from './routes/register.ts';
import { checkRoutes } from './routes/check.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { awayRoutes } from './routes/away.ts';
import { requestsRoutes } from './routes/requests.ts';
import { mailLogRoutes } from './routes/maillog.ts';
import { answersRoutes } from './routes/answers.ts';
import { recordsRoutes } from './routes/records.ts';
import { recordsApiRoutes, RECORDS_API_PREFIX } from '../records/api.ts';

export type { WebDeps } from './context.ts';

const STATIC: Record<string, { type: string; body: Buffer }> = Object.fromEntries(
  [
    ['app.css', 'text/css; charset=utf-8'],
    ['app.js', 'text/javascript; charset=utf-8'],
  ].map(([file, type]) => [file, { type: type!, body: readFileSync(fileURLToPath(new URL(`./static/${file}`, import.meta.url))) }]),
);

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Largest upload (an .eml with attachments or a MeMo letter) the draft check accepts. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** A form field: a string (urlencoded) or `{ value }` (multipart with fields attached to the body). */
export function fieldValue(field: unknown): string | undefined {
  if (typeof field === 'string') return field;
  if (field && typeof field === 'object' && 'value' in field && typeof field.value === 'string') return field.value;
  return undefined;
}

export async function buildWebApp(deps: WebDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    trustProxy: deps.web.trustProxy,
    bodyLimit: 1024 * 1024,
    ...httpServerOptions(deps.web.limits),
  });
  capConnections(app, deps.web.limits);

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // HSTS only makes sense when the app is reached over TLS (through the proxy).
    strictTransportSecurity: deps.web.trustProxy ? { maxAge: 31_536_000 } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(cookie, { secret: deps.cookieSecret });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto', signed: true },
    getToken: (request) =>
      fieldValue((request.body as Record<string, unknown> | undefined)?._csrf) ?? (request.headers['x-csrf-token'] as string | undefined),
  });
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20 } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({ statusCode: 429, code: 'RATE_LIMITED', message: `retry in ${context.after}` }),
  });

  app.decorateRequest('viewer', null);
  app.decorateRequest('lang', 'en');
  app.addHook('onRequest', async (request) => {
    request.viewer = await sessionUser(deps.db, deps.clock, request.cookies[SESSION_COOKIE]);
    const chosen = request.cookies[LANG_COOKIE];
    request.lang = isLang(chosen) ? chosen : negotiateLang(request.headers['accept-language'], deps.config.municipality.language as Lang);
  });
  // After body parsing (multipart included), so the token can come in the form.
  app.addHook('preHandler', (request, reply, done) => {
    // The case systems' API authenticates each request by its bearer token, never by a cookie, so a forged cross-site request carries nothing.
    if (UNSAFE_METHODS.has(request.method) && !request.url.startsWith(RECORDS_API_PREFIX)) app.csrfProtection(request, reply, done);
    else done();
  });

  const errorPage: WebContext['errorPage'] = (request, reply, status, title, text) => {
    const ctx = web.page(request, reply);
    return sendHtml(reply, layout(ctx, ctx.t(title), html`<p>${ctx.t(text)}</p>`), status);
  };
  const web = webContext(deps, errorPage);

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const t = translator(request.lang);
    if (error.code?.startsWith('FST_CSRF')) return errorPage(request, reply, 403, 'forbiddenTitle', 'csrfFailed');
    if (error.statusCode === 429) return loginPage(web, request, reply, 429, { kind: 'error', text: t('loginRateLimited') });
    if (error.statusCode === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') {
      return errorPage(request, reply, 413, 'errorTitle', 'errDraftTooLarge');
    }
    if (error.statusCode && error.statusCode < 500) return errorPage(request, reply, error.statusCode, 'errorTitle', 'badRequest');
    deps.logger.error({ err: error.message, url: request.routeOptions.url }, 'web request failed');
    return errorPage(request, reply, 500, 'errorTitle', 'serverError');
  });
  app.setNotFoundHandler((request, reply) => errorPage(request, reply, 404, 'notFoundTitle', 'notFound'));

  app.get('/static/:file', async (request, reply) => {
    const file = STATIC[(request.params as { file: string }).file];
    if (!file) return errorPage(request, reply, 404, 'notFoundTitle', 'notFound');
    return reply.header('content-type', file.type).header('cache-control', 'public, max-age=3600').send(file.body);
  });
  app.get('/', async (request, reply) => reply.redirect(request.viewer ? startPage(request.viewer) : '/login'));

  authRoutes(app, web);
  heldRoutes(app, web);
  registerRoutes(app, web);
  checkRoutes(app, web);
  calendarRoutes(app, web);
  mailLogRoutes(app, web);
  awayRoutes(app, web);
  answersRoutes(app, web);
  recordsRoutes(app, web);
  if (deps.records) recordsApiRoutes(app, { records: deps.records, clients: deps.config.records.apiClients, logger: deps.logger });
  requestsRoutes(app, web);
  return app;
}
