/**
 * Limits every HTTP front door (web app, Digital Post intake) sets on its server, so slow or
 * many clients cannot hold it: a whole request must arrive within `requestTimeout` (Fastify's
 * default is none, so an upload of one byte every few seconds stayed open for ever), an idle
 * connection is closed, and at most `maxConnections` are open at once (more are dropped at
 * accept). Node checks request deadlines on an interval, a second here rather than its 30, and
 * reads them only when the server is created (Fastify sets its `requestTimeout` afterwards,
 * which Node 20 then ignores), so both go into the server's own options.
 */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { duration } from '../queue/config.ts';

export const httpLimitsSchema = z
  .object({
    /** Time for the whole request, body included, to arrive. */
    requestTimeout: duration.default(60_000),
    /** Time a connection may be idle. */
    idleTimeout: duration.default(60_000),
    maxConnections: z.number().int().min(1).default(256),
  })
  .strict()
  .prefault({});

export type HttpLimits = z.infer<typeof httpLimitsSchema>;

const CHECK_INTERVAL_MS = 1_000;

/** Fastify options for these limits; `https`, when given, gets the check interval as well. */
export function httpServerOptions<T extends object>(limits: HttpLimits, https?: T) {
  const check = { requestTimeout: limits.requestTimeout, connectionsCheckingInterval: Math.min(CHECK_INTERVAL_MS, limits.requestTimeout) };
  return {
    requestTimeout: limits.requestTimeout,
    connectionTimeout: limits.idleTimeout,
    ...(https ? { https: { ...https, ...check } } : { http: check }),
  };
}

/** The connection cap, which Fastify has no option for: set on its server. */
export function capConnections(app: FastifyInstance, limits: HttpLimits): void {
  app.server.maxConnections = limits.maxConnections;
}
