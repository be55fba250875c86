/**
 * The records API for case systems (issue 18 item 2, BK-20), on the web app's port: list the
 * documents still to register, fetch one (its facts, or the original .eml), and report a
 * registration. Each request authenticates by a bearer token whose SHA-256 is listed in
 * `records.apiClients` (never by a session cookie, so CSRF does not apply); a registration names
 * the client as `api:<name>` and, when given, the person in the case system.
 * OpenAPI: docs/records-openapi.yaml.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLang } from '../i18n/catalog.ts';
import { authenticate } from '../digitalpost/auth.ts';
import type { Logger } from '../logging/logger.ts';
import type { RecordsConfig } from './config.ts';
import { parseRecordDate, RecordsError, type Records } from './records.ts';
import type { RecordDocument } from './documents.ts';

export const RECORDS_API_PREFIX = '/api/records/v1/';

export interface RecordsApiDeps {
  records: Records;
  clients: RecordsConfig['apiClients'];
  logger: Logger;
}

const STATUS_OF: Partial<Record<RecordsError['code'], number>> = {
  'error.notFound': 404,
  'error.noOriginal': 404,
  'error.notRegistrable': 409,
};

function problem(reply: FastifyReply, status: number, code: string, detail: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/problem+json; charset=utf-8').send({ type: 'about:blank', title: code, status, detail, code });
}

function documentJson(d: RecordDocument) {
  return { id: d.id, receivedAt: d.at.toISOString(), direction: d.direction, from: d.sender, to: d.recipients, subject: d.subject, messageId: d.messageId, hasOriginal: d.source === 'queue' };
}

export function recordsApiRoutes(app: FastifyInstance, deps: RecordsApiDeps): void {
  const { records } = deps;
  const clientOf = (request: FastifyRequest) => authenticate(request.raw, deps.clients);

  /** Authenticate, then answer; a records refusal is a problem document in the client's language. */
  const handle =
    (run: (request: FastifyRequest, reply: FastifyReply, client: string) => Promise<unknown>) => async (request: FastifyRequest, reply: FastifyReply) => {
      const client = clientOf(request);
      if (!client) {
        deps.logger.warn({ url: request.url }, 'records API request without a valid token');
        return problem(reply.header('www-authenticate', 'Bearer realm="postvakt-records"'), 401, 'unauthenticated', 'A bearer token listed in records.apiClients is required');
      }
      try {
        return await run(request, reply, client.name);
      } catch (err) {
        if (!(err instanceof RecordsError)) throw err;
        const lang = negotiateLang(request.headers['accept-language'], 'en');
        return problem(reply, STATUS_OF[err.code] ?? 400, err.code.replace(/^error\./, ''), err.describe(lang));
      }
    };

  const id = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.get(`${RECORDS_API_PREFIX}documents`, handle(async () => ({
    documents: (await records.unregistered()).map((d) => ({ ...documentJson(d), status: d.status, ageWorkingDays: d.ageDays })),
  })));

  app.get(`${RECORDS_API_PREFIX}documents/:id`, handle(async (request) => {
    const doc = await records.document(id(request));
    return {
      ...documentJson(doc),
      status: doc.status ? { status: doc.status.status, ground: doc.status.ground, decidedBy: doc.status.actor, decidedAt: doc.status.at.toISOString() } : null,
      registration: doc.registration
        ? { ...doc.registration, at: doc.registration.at.toISOString(), documentDate: doc.registration.documentDate.toISOString().slice(0, 10) }
        : null,
    };
  }));

  app.get(`${RECORDS_API_PREFIX}documents/:id/original`, handle(async (request, reply) => {
    const raw = await records.original(id(request));
    return reply.header('content-type', 'message/rfc822').header('cache-control', 'no-store').send(raw);
  }));

  app.post(`${RECORDS_API_PREFIX}documents/:id/registration`, handle(async (request, reply, client) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (key: string) => (typeof body[key] === 'string' ? body[key] : '');
    const direction = text('direction');
    if (direction !== 'in' && direction !== 'out') throw new RecordsError('error.badDirection');
    // The person in the case system, when it says; the client itself otherwise.
    const person = text('registrar').trim().slice(0, 200);
    const done = await records.register(id(request), {
      caseNumber: text('caseNumber'),
      title: text('title'),
      classification: text('classification'),
      direction,
      ...(text('date') ? { date: parseRecordDate(text('date')) } : {}),
      registrar: person ? `api:${client}:${person}` : `api:${client}`,
      via: 'api',
    });
    return reply.code(201).send({ ...done, at: done.at.toISOString(), documentDate: done.documentDate.toISOString().slice(0, 10) });
  }));
}
