/**
 * A worker thread of the check pool (see `checkers.ts`). It builds its own parser and rule
 * engine from the configuration it is given, then answers one request at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/schema.ts';
import { MessageError, parseMessage } from '../message/parse.ts';
import { buildAnalyse, type Reply, type Request } from './checkers.ts';
import { UnreadableMessage } from './analyse.ts';

const analyse = buildAnalyse((workerData as { config: Config }).config);

function answer(request: Request, raw: Buffer): Promise<Reply> {
  if (request.kind === 'analyse') return analyse(raw, request.now).then((analysis) => ({ id: request.id, analysis }));
  return parseMessage(raw, request.options).then((message) => ({ id: request.id, message }));
}

function failure(id: number, err: unknown): Reply {
  if (err instanceof MessageError) return { id, messageError: { code: err.code, params: err.params } };
  return { id, error: (err as Error).message, unreadable: err instanceof UnreadableMessage };
}

parentPort!.on('message', (request: Request) => {
  const raw = Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength);
  answer(request, raw).then(
    (reply) => parentPort!.postMessage(reply),
    (err: unknown) => parentPort!.postMessage(failure(request.id, err)),
  );
});
