/**
 * docs/records-openapi.yaml describes exactly the records API the web app serves: every path and
 * method in the document is a route, and every route under the API's prefix is in the document.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import Fastify from 'fastify';
import { RECORDS_API_PREFIX, recordsApiRoutes } from '../../src/records/api.ts';
import type { Records } from '../../src/records/records.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { webFixture, type WebFixture } from '../web/support.ts';

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
}

const doc = parse(readFileSync(new URL('../../docs/records-openapi.yaml', import.meta.url), 'utf8')) as OpenApi;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('records OpenAPI document', () => {
  let f: WebFixture;
  beforeAll(async () => {
    f = await webFixture('sqlite');
  });
  afterAll(async () => {
    await f?.close();
  });

  it('is OpenAPI 3.1 with bearer authentication and a 401 on every operation', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS.filter((m) => m in item)) expect(Object.keys(item[method]!.responses), `${method} ${path}`).toContain('401');
    }
  });

  it('lists exactly the routes the app serves under the API prefix', async () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => m in item).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    for (const route of documented) {
      const [method, url] = route.split(' ') as [string, string];
      expect(f.app.hasRoute({ method: method as 'GET', url }), route).toBe(true);
    }
    // Every route the API module registers, caught as Fastify adds it.
    const app = Fastify();
    const served: string[] = [];
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') served.push(`${method} ${route.url}`);
    });
    recordsApiRoutes(app, { records: {} as Records, clients: [], logger: silentLogger });
    expect(served.sort()).toEqual([...documented].sort());
    expect(served.every((r) => r.split(' ')[1]!.startsWith(RECORDS_API_PREFIX))).toBe(true);
  });
});
