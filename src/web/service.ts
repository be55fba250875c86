/**
 * The web app as a `postvakt serve` front door: built over the serve context's queue, rule engine
 * and calendar, with its own handle on the consideration register (over the same store).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ServiceStarter } from '../serve/serve.ts';
import { buildWebApp, MAX_UPLOAD_BYTES } from './app.ts';
import { oidcSignIn } from './auth/oidc.ts';
import { webBase } from './links.ts';
import { loadSigningKey } from '../maillog/signing.ts';
import { recordsOf } from '../records/service.ts';
import { answersPort, awayPort, draftChecker, letterOwners, mailLogPort, queuePort, registerPort, requestsPort } from './wiring.ts';

/** Signs the CSRF and OIDC cookies. Sessions live in the store, so a per-process key only costs open forms. */
export const ENV_COOKIE_SECRET = 'POSTVAKT_WEB_COOKIE_SECRET';

export const startWeb: ServiceStarter = async (context) => {
  const { config, clock, logger, store } = context;
  const web = config.web;
  if (!web?.enabled) return { name: 'web', close: async () => undefined };
  const env = process.env;
  const base = webBase(web);
  if (!web.publicUrl) {
    // Sender notices then link to the listening address, which users elsewhere may not reach.
    logger.warn({ link: base }, 'web.publicUrl is not set: links in sender notices point to the local listening address');
  }
  const oidcRedirectUri = web.oidc?.redirectUri ?? new URL('auth/oidc/callback', base.endsWith('/') ? base : `${base}/`).toString();
  const app = await buildWebApp({
    config,
    web,
    db: store.db,
    clock,
    logger,
    cookieSecret: env[ENV_COOKIE_SECRET] ?? randomBytes(32).toString('hex'),
    queue: queuePort(context.queue, letterOwners(context.register), (id, sealed) => context.register.openDetails(id, sealed)),
    register: registerPort(context.register),
    checker: draftChecker(context.engine, MAX_UPLOAD_BYTES, context.checkers.parse),
    // Read at each verify: the retention run creates the key at its first run.
    mailLog: mailLogPort(store.db, config.calendar.timeZone, () => loadSigningKey(config.retention.signingKey, { create: false })?.publicKey),
    answers: answersPort(store.db, clock, config, context.mailboxes, context.outgoing.submit),
    requests: requestsPort(config, store.db, clock),
    calendar: context.calendar,
    away: awayPort(store.db, config, clock),
    records: recordsOf(context),
    ...(web.oidc ? { oidc: oidcSignIn(web.oidc, oidcRedirectUri, env), oidcRedirectUri } : {}),
  });
  await app.listen({ host: web.host, port: web.port });
  const { address, port } = app.server.address() as AddressInfo;
  return {
    name: 'web',
    address: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () => app.close(),
  };
};
