/** What route modules share: the dependencies, cookie names and the error page. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from '../logging/logger.ts';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../store/schema.ts';
import type { WorkingCalendar } from '../calendar/types.ts';
import type { OidcSignIn } from './auth/oidc.ts';
import type { WebConfig } from './config.ts';
import type { AnswersPort, AwayPort, DraftChecker, MailLogPort, QueuePort, RecordsPort, RegisterPort, RequestsPort } from './ports.ts';
import type { WebMessageKey } from './messages.ts';
import { pageContext, type PageContext } from './page.ts';
import { mayOpen, type PageName } from './roles.ts';

export const SESSION_COOKIE = 'pv_session';
export const LANG_COOKIE = 'pv_lang';

export interface WebDeps {
  config: Config;
  /** The `web` section, defaults filled in. */
  web: WebConfig;
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  /** Signs the CSRF and OIDC cookies; from config/env in production, random per process otherwise. */
  cookieSecret: string;
  queue?: QueuePort;
  register?: RegisterPort;
  mailLog?: MailLogPort;
  requests?: RequestsPort;
  checker?: DraftChecker;
  /** Mail waiting for an answer and the answer templates (inbound mail, issue 17). */
  answers?: AnswersPort;
  calendar?: WorkingCalendar;
  /** Absences, notice times and duty marks (BK-10, BK-16, BK-21). */
  away?: AwayPort;
  records?: RecordsPort;
  oidc?: OidcSignIn;
  /** The OIDC redirect URI, against which the callback URL is rebuilt. */
  oidcRedirectUri?: string;
}

export interface WebContext {
  deps: WebDeps;
  page(request: FastifyRequest, reply: FastifyReply): PageContext;
  errorPage(request: FastifyRequest, reply: FastifyReply, status: number, title: WebMessageKey, text: WebMessageKey): FastifyReply;
}

export function webContext(deps: WebDeps, errorPage: WebContext['errorPage']): WebContext {
  return {
    deps,
    page: (request, reply) => pageContext(request, reply, deps.config.municipality.name, deps.config.calendar.timeZone),
    errorPage,
  };
}

/**
 * A preHandler that lets only signed-in users whose role may open `page` through: others are
 * sent to sign in (pages) or refused with 401/403 (the JSON API, and every POST).
 */
export function guard(web: WebContext, page: PageName) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const api = request.url.startsWith('/api/');
    if (!request.viewer) {
      if (api) return reply.code(401).send({ error: 'unauthenticated' });
      if (request.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
      return web.errorPage(request, reply, 401, 'forbiddenTitle', 'forbidden');
    }
    if (!mayOpen(request.viewer, page)) {
      web.deps.logger.warn({ user: request.viewer.username, page }, 'web access refused');
      if (api) return reply.code(403).send({ error: 'forbidden' });
      return web.errorPage(request, reply, 403, 'forbiddenTitle', 'forbidden');
    }
  };
}

/** The port a page needs, or a 503 page when this installation runs without that module. */
export function requirePort<T>(web: WebContext, request: FastifyRequest, reply: FastifyReply, port: T | undefined): port is T {
  if (port) return true;
  web.errorPage(request, reply, 503, 'errorTitle', 'notAvailable');
  return false;
}
