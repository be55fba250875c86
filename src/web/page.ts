/**
 * What every page shares: the request's viewer and language, the layout (skip link, navigation
 * by role, language switch, sign-out), formatting of instants in the municipality's time zone,
 * and sending HTML with the right headers.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGES, translate, type Lang, type Params } from '../i18n/catalog.ts';
import { html, type HtmlValue, type SafeHtml } from './html.ts';
import { webMessages, type WebMessageKey } from './messages.ts';
import type { WebRole } from './config.ts';
import type { WebUser } from './auth/users.ts';
import { mayOpen, type PageName } from './roles.ts';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: WebUser | null;
    lang: Lang;
  }
}

const LOCALES: Record<Lang, string> = { da: 'da-DK', sv: 'sv-SE', en: 'en-GB' };
const LANGUAGE_NAMES: Record<Lang, string> = { da: 'Dansk', sv: 'Svenska', en: 'English' };

export type Translate = (key: WebMessageKey, params?: Params) => string;

export interface PageContext {
  lang: Lang;
  t: Translate;
  viewer: WebUser | null;
  csrf: string;
  path: string;
  municipality: string;
  timeZone: string;
}

export function translator(lang: Lang): Translate {
  return (key, params) => translate(webMessages, lang, key, params);
}

export function pageContext(request: FastifyRequest, reply: FastifyReply, municipality: string, timeZone: string): PageContext {
  return {
    lang: request.lang,
    t: translator(request.lang),
    viewer: request.viewer,
    csrf: reply.generateCsrf(),
    path: request.url.split('?')[0] ?? '/',
    municipality,
    timeZone,
  };
}

/** "5 Dec 2026, 08:00" style, in the municipality's zone and the reader's language. */
export function formatInstant(ctx: PageContext, at: Date | null | undefined): string {
  if (!at) return '';
  return new Intl.DateTimeFormat(LOCALES[ctx.lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ctx.timeZone,
  }).format(at);
}

/** A local date YYYY-MM-DD written out in the reader's language. */
export function formatDate(ctx: PageContext, date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(LOCALES[ctx.lang], { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y!, m! - 1, d!)),
  );
}

export const ROLE_KEYS: Record<WebRole, WebMessageKey> = {
  caseworker: 'roleCaseworker',
  registrar: 'roleRegistrar',
  manager: 'roleManager',
  admin: 'roleAdmin',
};

const NAV: Array<{ page: PageName; href: string; key: WebMessageKey }> = [
  { page: 'held', href: '/held', key: 'navHeld' },
  { page: 'register', href: '/register', key: 'navRegister' },
  { page: 'answers', href: '/answers', key: 'navAnswers' },
  { page: 'check', href: '/check', key: 'navCheck' },
  { page: 'calendar', href: '/calendar', key: 'navCalendar' },
  { page: 'log', href: '/log', key: 'navLog' },
  { page: 'away', href: '/away', key: 'navAway' },
  { page: 'records', href: '/records', key: 'navRecords' },
  { page: 'requests', href: '/requests', key: 'navRequests' },
];

/** Where a user lands after signing in: the first page their role may open. */
export function startPage(viewer: WebUser): string {
  return NAV.find((n) => mayOpen(viewer, n.page))?.href ?? '/calendar';
}

/** A hidden CSRF field for a form. */
export function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;
}

function header(ctx: PageContext): SafeHtml {
  const { t, viewer } = ctx;
  const nav = viewer
    ? html`<nav aria-label="${t('navLabel')}"><ul>${NAV.filter((n) => mayOpen(viewer, n.page)).map(
        (n) =>
          html`<li><a href="${n.href}"${ctx.path.startsWith(n.href) ? html` aria-current="page"` : ''}>${t(n.key)}</a></li>`,
      )}</ul></nav>`
    : '';
  const user = viewer
    ? html`<form class="signout" method="post" action="/logout">${csrfField(ctx)}<span>${t('signedInAs', {
        username: viewer.username,
        role: t(ROLE_KEYS[viewer.role]),
        unit: viewer.unit,
      })}</span> <button type="submit">${t('signOut')}</button></form>`
    : '';
  const languages = html`<form class="lang" method="post" action="/lang">${csrfField(ctx)}<input type="hidden" name="back" value="${ctx.path}"><fieldset><legend>${t('languageChange')}</legend>${LANGUAGES.map(
    (l) =>
      html`<button type="submit" name="lang" value="${l}" lang="${l}"${l === ctx.lang ? html` aria-pressed="true"` : html` aria-pressed="false"`}>${LANGUAGE_NAMES[l]}</button>`,
  )}</fieldset></form>`;
  return html`<header><div class="bar"><p class="brand"><span class="app">${t('appName')}</span> <span class="org">${ctx.municipality}</span></p>${languages}${user}</div>${nav}</header>`;
}

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

export function layout(ctx: PageContext, title: string, body: HtmlValue, notice?: Notice): SafeHtml {
  const status = notice
    ? html`<div class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}">${notice.text}</div>`
    : '';
  return html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${ctx.t('appName')}</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${ctx.t('skipToMain')}</a>
${header(ctx)}
<main id="main" tabindex="-1">
<h1>${title}</h1>
${status}
${body}
</main>
</body>
</html>`;
}

export function sendHtml(reply: FastifyReply, page: SafeHtml, status = 200): FastifyReply {
  // Pages show personal data: never let a shared cache or the back button on a shared PC keep them.
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value);
}

/**
 * A same-site path to go back to, or null for anything else (other hosts, `//evil`, `/\\evil`).
 * Only printable ASCII: a control character or a raw non-Latin-1 one in a Location header makes
 * Node refuse the response (a 500), and a browser sends paths percent-encoded anyway.
 */
export function safeLocalPath(value: unknown): string | null {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : null;
}
