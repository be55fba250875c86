/**
 * A worker thread that analyses messages for the gateway (see `checkers.ts`). It builds its own
 * parser and rule engine from the configuration it is given, then answers one request at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/schema.ts';
import { buildAnalyse } from './checkers.ts';
import { UnreadableMessage } from './analyse.ts';

const analyse = buildAnalyse((workerData as { config: Config }).config);

parentPort!.on('message', (request: { id: number; raw: Uint8Array; now: Date }) => {
  analyse(Buffer.from(request.raw.buffer, request.raw.byteOffset, request.raw.byteLength), request.now).then(
    (analysis) => parentPort!.postMessage({ id: request.id, analysis }),
    (err: unknown) =>
      parentPort!.postMessage({ id: request.id, error: (err as Error).message, unreadable: err instanceof UnreadableMessage }),
  );
});
