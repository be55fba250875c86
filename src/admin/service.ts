/**
 * The admin port (`admin` in postvakt.yaml) as a `postvakt serve` service:
 *   GET /healthz  200 while the process runs and its event loop answers (liveness);
 *   GET /readyz   200 when the store takes writes, the check pool reads and the smart host
 *                 greets, else 503 with each probe's result (readiness);
 *   GET /metrics  Prometheus text from `metrics/metrics.ts`.
 * node:http rather than a second Fastify: three fixed GET routes need no framework.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceStarter } from '../serve/serve.ts';
import { collectProcessMetrics, registry, watchStore } from '../metrics/metrics.ts';
import { bounded, cached, checkersProbe, smarthostProbe, storeProbe, type Probe } from './health.ts';

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown) => send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`);

export const startAdmin: ServiceStarter = async (context) => {
  const admin = context.config.admin;
  if (!admin) return { name: 'admin', close: async () => undefined };
  collectProcessMetrics();
  watchStore(context.store.db, () => context.clock.now());
  const probes: Record<string, Probe> = {
    store: storeProbe(context.store),
    checkers: checkersProbe(context.checkers.parse),
    smarthost: cached(smarthostProbe(context.config.gateway.smarthost, admin.probeTimeout), admin.probeCache),
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://admin').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'method not allowed' });
    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      void Promise.all(Object.entries(probes).map(async ([name, probe]) => [name, await bounded(probe(), admin.probeTimeout, name)] as const)).then((results) => {
        const ready = results.every(([, result]) => result.ok);
        json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
      });
      return;
    }
    if (path === '/metrics') {
      void registry.metrics().then(
        (text) => send(res, 200, registry.contentType, text),
        (err: unknown) => {
          context.logger.error({ err }, 'metrics could not be collected');
          json(res, 500, { error: 'metrics could not be collected' });
        },
      );
      return;
    }
    json(res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(admin.port, admin.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    name: 'admin',
    address: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
