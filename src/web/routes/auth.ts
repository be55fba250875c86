/**
 * Signing in and out, the language switch, and the one-time links from sender notices.
 * Local sign-in is rate-limited per client address and user name (guessing a password) and its
 * failures per client address alone (trying one password on many names); the client address is
 * the socket's, or X-Forwarded-For's only from the configured proxies. OIDC keeps its PKCE
 * verifier, state and nonce in a short-lived signed cookie.
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLang } from '../../i18n/catalog.ts';
import { html } from '../html.ts';
import { csrfField, layout, safeLocalPath, sendHtml, startPage, translator, type Notice } from '../page.ts';
import { authenticateLocal, upsertOidcUser, type WebUser } from '../auth/users.ts';
import { createSession, endSession } from '../auth/sessions.ts';
import type { OidcPending } from '../auth/oidc.ts';
import { heldLetterLinkValid, redeemHeldLetterLink, LINK_PREFIX } from '../links.ts';
import { SESSION_COOKIE, LANG_COOKIE, type WebContext } from '../context.ts';

const OIDC_COOKIE = 'pv_oidc';

const loginBody = z.object({ username: z.string().max(200), password: z.string().max(1000), next: z.string().optional() });

/**
 * The sign-in page, also shown (status 429) when the rate limit refuses an attempt. `back` is
 * where to go after signing in, when not the `next` the request carries.
 */
export function loginPage(web: WebContext, request: FastifyRequest, reply: FastifyReply, status: number, notice?: Notice, back?: string): FastifyReply {
  const ctx = web.page(request, reply);
  const { t } = ctx;
  const next = safeLocalPath(back ?? (request.query as { next?: string }).next ?? (request.body as { next?: string } | undefined)?.next) ?? '';
  const body = html`<p>${t('loginIntro')}</p>
<form method="post" action="/login" class="stack">${csrfField(ctx)}<input type="hidden" name="next" value="${next}">
<p><label for="username">${t('username')}</label><input id="username" name="username" autocomplete="username" required></p>
<p><label for="password">${t('password')}</label><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">${t('loginButton')}</button></p>
</form>
${web.deps.oidc ? html`<p><a class="button" href="/auth/oidc/start${next ? `?next=${encodeURIComponent(next)}` : ''}">${t('loginOidc')}</a></p>` : ''}`;
  return sendHtml(reply, layout(ctx, t('loginTitle'), body, notice), status);
}

export function authRoutes(app: FastifyInstance, web: WebContext): void {
  const { deps } = web;
  // Counted only on failure and read before each attempt: an office behind one NAT address signs
  // in freely, while spraying one password over many user names stops at the limit.
  const failuresByAddress = app.createRateLimit({
    max: deps.web.loginFailuresPerAddress,
    timeWindow: '15 minutes',
    keyGenerator: (request: FastifyRequest) => `login-failures|${request.ip}`,
  });

  const signIn = async (reply: FastifyReply, user: WebUser, next: string | null) => {
    const token = await createSession(deps.db, deps.clock, user.id, deps.web.sessionHours);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: 'auto',
      maxAge: deps.web.sessionHours * 3600,
    });
    deps.logger.info({ user: user.username, role: user.role }, 'web sign-in');
    return next ?? startPage(user);
  };

  app.get('/login', async (request, reply) => {
    if (request.viewer) return reply.redirect(startPage(request.viewer));
    return loginPage(web, request, reply, 200);
  });

  app.post(
    '/login',
    {
      config: {
        rateLimit: {
          max: deps.web.loginAttemptsPerMinute,
          timeWindow: '1 minute',
          // Per address and account name: one office behind NAT must not lock out its colleagues,
          // while guessing one account's password stays slow.
          hook: 'preHandler',
          keyGenerator: (request: FastifyRequest) =>
            `${request.ip}|${String((request.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
        },
      },
    },
    async (request, reply) => {
      const parsed = loginBody.safeParse(request.body);
      const t = translator(request.lang);
      const failures = await failuresByAddress(request, { increment: false });
      if (!failures.isAllowed && failures.remaining === 0) {
        deps.logger.warn('web sign-in refused: too many failures from one address');
        reply.header('retry-after', String(failures.ttlInSeconds));
        return loginPage(web, request, reply, 429, { kind: 'error', text: t('loginRateLimited') });
      }
      if (!parsed.success) return loginPage(web, request, reply, 400, { kind: 'error', text: t('loginFailed') });
      const user = await authenticateLocal(deps.db, parsed.data.username, parsed.data.password);
      if (!user) {
        await failuresByAddress(request);
        return loginPage(web, request, reply, 401, { kind: 'error', text: t('loginFailed') });
      }
      return reply.redirect(await signIn(reply, user, safeLocalPath(parsed.data.next)), 303);
    },
  );

  app.post('/logout', async (request, reply) => {
    await endSession(deps.db, request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });

  app.post('/lang', async (request, reply) => {
    const body = (request.body ?? {}) as { lang?: unknown; back?: unknown };
    if (isLang(body.lang)) {
      reply.setCookie(LANG_COOKIE, body.lang, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: 365 * 86400 });
    }
    return reply.redirect(safeLocalPath(body.back) ?? '/login', 303);
  });

  app.get(`${LINK_PREFIX}:token`, async (request, reply) => {
    const { token } = request.params as { token: string };
    // Signed out, the link only leads to sign-in and comes back here: a mail scanner that
    // prefetches it (never signed in) cannot spend it before the sender opens it.
    if (!request.viewer) {
      if (!(await heldLetterLinkValid(deps.db, deps.clock, token))) return web.errorPage(request, reply, 410, 'linkExpiredTitle', 'linkExpired');
      return loginPage(web, request, reply, 200, { kind: 'ok', text: translator(request.lang)('linkSignInFirst') }, request.url);
    }
    const queueId = await redeemHeldLetterLink(deps.db, deps.clock, token);
    if (!queueId) return web.errorPage(request, reply, 410, 'linkExpiredTitle', 'linkExpired');
    return reply.redirect(`/held/${encodeURIComponent(queueId)}`, 303);
  });

  if (deps.oidc) {
    const oidc = deps.oidc;
    app.get('/auth/oidc/start', async (request, reply) => {
      const next = safeLocalPath((request.query as { next?: string }).next) ?? '';
      const { url, pending } = await oidc.start(next);
      // Lax, not Strict: the IdP sends the browser back with a cross-site top-level GET.
      reply.setCookie(OIDC_COOKIE, JSON.stringify(pending), {
        path: '/auth/oidc',
        httpOnly: true,
        sameSite: 'lax',
        secure: 'auto',
        signed: true,
        maxAge: 600,
      });
      return reply.redirect(url, 303);
    });

    app.get('/auth/oidc/callback', async (request, reply) => {
      const t = translator(request.lang);
      const cookie = request.unsignCookie(request.cookies[OIDC_COOKIE] ?? '');
      reply.clearCookie(OIDC_COOKIE, { path: '/auth/oidc' });
      if (!cookie.valid || !cookie.value) return loginPage(web, request, reply, 400, { kind: 'error', text: t('loginOidcFailed') });
      try {
        const pending = JSON.parse(cookie.value) as OidcPending;
        const callbackUrl = new URL(request.url, deps.oidcRedirectUri);
        const identity = await oidc.finish(callbackUrl, pending);
        if (!identity.role) return loginPage(web, request, reply, 403, { kind: 'error', text: t('loginNoRole') });
        const user = await upsertOidcUser(deps.db, deps.clock, { username: identity.username, role: identity.role, unit: identity.unit });
        const target = await signIn(reply, user, safeLocalPath(pending.next));
        // A Strict session cookie is not sent on a redirect that began at the IdP, so the browser
        // continues with a same-site navigation from this page instead.
        const ctx = web.page(request, reply);
        return sendHtml(
          reply,
          html`<!doctype html><html lang="${ctx.lang}"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${target}"><title>${t('appName')}</title></head><body><p><a href="${target}">${t('appName')}</a></p></body></html>`,
        );
      } catch (err) {
        deps.logger.warn({ err: (err as Error).message }, 'OIDC sign-in failed');
        return loginPage(web, request, reply, 401, { kind: 'error', text: t('loginOidcFailed') });
      }
    });
  }

}
