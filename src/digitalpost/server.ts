/**
 * The intake's HTTP face, in the shape of Digital Post's sender API, so a case system only
 * changes its base URL:
 *
 *   POST /apis/v1/memos/?memo-message-uuid=…   one letter (application/xml, text/xml) or several
 *                                              (multipart/form-data, parts named "file")
 *   GET  /apis/v1/memos/{uuid}/receipt         where the letter is now
 *   GET  /apis/v1/openapi.yaml                 the API description
 *   POST /service/KombiPostAfsend_1/kombi      SF1601 KombiPostAfsend, as on Serviceplatformen
 *                                              (when `digitalPost.sf1601` is set; kombi.ts)
 *
 * Authentication happens in `onRequest`, before any body is read. Only XML and multipart bodies
 * are parsed at all; everything else is 415, and anything over the limit is 413.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { negotiateLang, type Lang } from '../i18n/catalog.ts';
import type { Logger } from '../logging/logger.ts';
import type { DigitalPostClient, DigitalPostConfig } from './config.ts';
import { authenticate } from './auth.ts';
import { IntakeProblem } from './problem.ts';
import { CheckTimeout } from '../gateway/checkers.ts';
import { capConnections, httpServerOptions } from '../serve/http-limits.ts';
import type { Receipt } from './letters.ts';
import type { KombiIntake } from './kombi-intake.ts';
import { KombiProblem } from './kombi.ts';

export const OPENAPI_PATH = join(dirname(fileURLToPath(import.meta.url)), '../../docs/digitalpost-openapi.yaml');

export const KOMBI_PATH = '/service/KombiPostAfsend_1/kombi';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the HTTP layer needs from the intake pipeline. */
export interface Intake {
  /** Accept letters all-or-nothing; `created` is false when every letter was a repeat of one already received. */
  accept(files: Buffer[], request: { client: string; lang: Lang; queryUuid?: string }): Promise<{ receipts: Receipt[]; created: boolean }>;
  receipt(uuid: string, request: { client: string; lang: Lang }): Promise<Receipt | undefined>;
  /** Present when SF1601 KombiPostAfsend is configured (`digitalPost.sf1601`). */
  kombi?: KombiIntake;
}

export interface IntakeAppOptions {
  config: DigitalPostConfig;
  intake: Intake;
  /** Language when the client sends no Accept-Language. */
  defaultLang: Lang;
  logger: Logger;
  /** TLS material already read from disk (key, cert and the client CA). */
  tls?: { key: Buffer; cert: Buffer; ca?: Buffer };
}

declare module 'fastify' {
  interface FastifyRequest {
    client?: DigitalPostClient;
  }
}

function langOf(request: FastifyRequest, fallback: Lang): Lang {
  return negotiateLang(request.headers['accept-language'], fallback);
}

function sendProblem(reply: FastifyReply, problem: IntakeProblem, lang: Lang): FastifyReply {
  if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="postvakt-digitalpost"');
  return reply.code(problem.status).type('application/problem+json').send(problem.render(lang));
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendKombiProblem(reply: FastifyReply, problem: KombiProblem, lang: Lang): FastifyReply {
  if (problem.status === 401) reply.header('www-authenticate', 'Holder-of-key realm="postvakt-digitalpost"');
  if (problem.status === 503) reply.header('retry-after', '60');
  return reply.code(problem.status).type('application/xml; charset=utf-8').send(problem.render(lang));
}

/** Any error on the KombiPostAfsend route, in the service's own shape. */
function kombiProblemFor(err: Error & { code?: string; statusCode?: number }, limit: number, request: FastifyRequest): KombiProblem {
  if (err instanceof KombiProblem) return err;
  if (err instanceof CheckTimeout) return new KombiProblem(503, 'check-timeout', { seconds: err.seconds });
  const problem = problemFor(err, limit);
  if (problem?.status === 413) return new KombiProblem(413, 'too-large', { limit });
  if (problem?.status === 415) return new KombiProblem(415, 'unsupported-media-type');
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return new KombiProblem(400, 'invalid-xml', { reason: err.message });
  request.log.error({ err }, 'sf1601 kombi intake failed');
  return new KombiProblem(500, 'internal');
}

/** Fastify's and @fastify/multipart's own errors, as the intake's problems. */
function problemFor(err: { code?: string; statusCode?: number }, limit: number): IntakeProblem | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return new IntakeProblem(413, 'problem.too-large', 'problem.too-large.detail', { limit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new IntakeProblem(415, 'problem.unsupported-media-type', 'problem.unsupported-media-type.detail');
    default:
      return undefined;
  }
}

/** The letters in a multipart request: every part named "file", read up to the total limit. */
async function multipartLetters(request: FastifyRequest, limit: number): Promise<Buffer[]> {
  const letters: Buffer[] = [];
  let total = 0;
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    if (part.fieldname !== 'file') {
      part.file.resume();
      continue;
    }
    const data = await part.toBuffer();
    total += data.length;
    if (total > limit) throw new IntakeProblem(413, 'problem.too-large', 'problem.too-large.detail', { limit });
    letters.push(data);
  }
  if (letters.length === 0) throw new IntakeProblem(400, 'problem.no-files', 'problem.no-files.detail');
  return letters;
}

export async function buildIntakeApp(options: IntakeAppOptions): Promise<FastifyInstance> {
  const { config, intake, defaultLang, logger } = options;
  const limit = config.maxBodyBytes;
  // With `https` set, Fastify types the instance over https.Server; callers need only the common surface.
  const app = Fastify({
    bodyLimit: limit,
    loggerInstance: logger,
    // Per-request lines would only repeat the intake's own log line for each letter.
    logController: new LogController({ disableRequestLogging: true }),
    ...httpServerOptions(
      config.limits,
      options.tls
        ? {
            key: options.tls.key,
            cert: options.tls.cert,
            ...(options.tls.ca ? { ca: options.tls.ca, requestCert: true } : {}),
            // Token clients have no certificate; a presented one is checked in `authenticate`.
            rejectUnauthorized: false,
          }
        : undefined,
    ),
  }) as unknown as FastifyInstance;
  capConnections(app, config.limits);

  // Only XML and multipart are read; JSON, text and the rest are refused before parsing (415).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  await app.register(multipart, { limits: { fileSize: limit, files: 1000, fields: 20, parts: 1100 } });

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number }, request, reply) => {
    const lang = langOf(request, defaultLang);
    if (request.routeOptions.url === KOMBI_PATH) return sendKombiProblem(reply, kombiProblemFor(err, limit, request), lang);
    if (err instanceof CheckTimeout) {
      reply.header('retry-after', '60');
      return sendProblem(reply, new IntakeProblem(503, 'problem.check-timeout', 'problem.check-timeout.detail', { seconds: err.seconds }), lang);
    }
    const problem = err instanceof IntakeProblem ? err : problemFor(err, limit);
    if (problem) return sendProblem(reply, problem, lang);
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).type('application/problem+json').send({
        type: 'about:blank',
        title: new IntakeProblem(400, 'problem.bad-request', 'problem.bad-request').render(lang).title,
        status: err.statusCode,
        detail: err.message,
      });
    }
    request.log.error({ err }, 'digital post intake failed');
    return sendProblem(reply, new IntakeProblem(500, 'problem.internal', 'problem.internal.detail'), lang);
  });

  const requireClient = async (request: FastifyRequest, reply: FastifyReply) => {
    const client = authenticate(request.raw, config.clients);
    if (!client) {
      const lang = langOf(request, defaultLang);
      if (request.routeOptions.url === KOMBI_PATH) return sendKombiProblem(reply, new KombiProblem(401, 'unauthorized'), lang);
      return sendProblem(reply, new IntakeProblem(401, 'problem.unauthorized', 'problem.unauthorized.detail'), lang);
    }
    request.client = client;
  };

  type PostRoute = { Querystring: { 'memo-message-uuid'?: string } };
  const post = async (request: FastifyRequest<PostRoute>, reply: FastifyReply) => {
    const lang = langOf(request, defaultLang);
    const queryUuid = request.query['memo-message-uuid'];
    if (queryUuid !== undefined && !UUID.test(queryUuid)) {
      throw new IntakeProblem(400, 'problem.bad-request', 'problem.bad-uuid.detail', { uuid: queryUuid });
    }
    const isMultipart = request.isMultipart();
    if (!isMultipart && !Buffer.isBuffer(request.body)) {
      throw new IntakeProblem(415, 'problem.unsupported-media-type', 'problem.unsupported-media-type.detail');
    }
    const files = isMultipart ? await multipartLetters(request, limit) : [request.body as Buffer];
    const { receipts, created } = await intake.accept(files, { client: request.client!.name, lang, ...(queryUuid ? { queryUuid } : {}) });
    reply.code(created ? 202 : 200);
    if (!isMultipart) reply.header('location', `/apis/v1/memos/${receipts[0]!.memoMessageUuid}/receipt`);
    return isMultipart ? { receipts } : receipts[0];
  };
  // Without a Digital Post upstream (a municipality on Serviceplatformen only) a MeMo could never leave.
  if (config.upstream) {
    app.post<PostRoute>('/apis/v1/memos/', { onRequest: requireClient }, post);
    app.post<PostRoute>('/apis/v1/memos', { onRequest: requireClient }, post);
  }

  app.get<{ Params: { uuid: string } }>('/apis/v1/memos/:uuid/receipt', { onRequest: requireClient }, async (request) => {
    const lang = langOf(request, defaultLang);
    const { uuid } = request.params;
    if (!UUID.test(uuid)) throw new IntakeProblem(400, 'problem.bad-request', 'problem.bad-uuid.detail', { uuid });
    const receipt = await intake.receipt(uuid.toLowerCase(), { client: request.client!.name, lang });
    if (!receipt) throw new IntakeProblem(404, 'problem.not-found', 'problem.not-found.detail', { uuid });
    return receipt;
  });

  const kombi = intake.kombi;
  if (kombi) {
    app.post(KOMBI_PATH, { onRequest: requireClient }, async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new KombiProblem(415, 'unsupported-media-type');
      const transactionId = header(request, 'x-transaktionsid');
      const transactionTime = header(request, 'x-transaktionstid') ?? new Date().toISOString();
      if (!transactionId || !UUID.test(transactionId)) throw new KombiProblem(400, 'invalid-transaction', { value: transactionId ?? '' });
      if (Number.isNaN(Date.parse(transactionTime))) throw new KombiProblem(400, 'invalid-transaction', { value: transactionTime });
      const answer = await kombi.accept(request.body, { client: request.client!.name, lang: langOf(request, defaultLang), transactionId, transactionTime });
      return reply.code(answer.status).type('application/xml; charset=utf-8').send(answer.xml);
    });
  }

  const openapi = readFileSync(OPENAPI_PATH, 'utf8');
  app.get('/apis/v1/openapi.yaml', async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(openapi));

  return app;
}
