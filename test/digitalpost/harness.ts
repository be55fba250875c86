/**
 * Postvakt as `postvakt serve` builds it (the same context and the same front-door starter),
 * with the Danish sample profile, a fresh store of either dialect, the clock started at
 * `POSTVAKT_NOW`, and the Digital Post channel pointed at a stand-in. Plus a case system's
 * side of the API.
 */
import { randomBytes } from 'node:crypto';
import { clockFromEnv } from '../../src/clock/clock.ts';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { digitalPostConfigSchema } from '../../src/digitalpost/config.ts';
import { sha256Hex } from '../../src/digitalpost/auth.ts';
import { startDigitalPost } from '../../src/digitalpost/service.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { openRegister } from '../../src/register/open.ts';
import { SYSTEM_ACTOR } from '../../src/register/register.ts';
import { createContext, type ServeContext } from '../../src/serve/context.ts';
import type { RunningService } from '../../src/serve/service.ts';
import type { DialectName } from '../../src/store/db.ts';
import { freshStoreUrl } from '../support/stores.ts';
import { parseMessage } from '../../src/message/parse.ts';
import { startStandIn, type StandIn, type StandInOptions } from './standin.ts';

export const TOKEN = 'case-system-test-token-0123456789abcdef';

export interface Harness {
  context: ServeContext;
  standIn: StandIn;
  /** The intake's base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  flag(identifier: string): Promise<void>;
  post(body: Buffer, options?: { uuid?: string; token?: string | null; contentType?: string; lang?: string }): Promise<Response>;
  postMany(letters: Buffer[]): Promise<Response>;
  receipt(uuid: string, lang?: string): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  dialect: DialectName;
  /** POSTVAKT_NOW for this Postvakt. */
  now: string;
  holdMode?: 'queue' | 'doNotDeliverUntilDate';
  maxBodyBytes?: number;
  /** More of the `digitalPost` section (tls, clients, upstream certificate…). */
  digitalPost?: (standIn: StandIn) => Record<string, unknown>;
  standIn?: StandInOptions;
  /** Change the configuration before Postvakt starts. */
  configure?: (config: Config) => void;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const standIn = await startStandIn({ token: 'upstream-token', ...options.standIn });
  const store = freshStoreUrl(options.dialect);
  const env = {
    POSTVAKT_NOW: options.now,
    POSTVAKT_REGISTER_HMAC_KEY: randomBytes(32).toString('base64'),
    POSTVAKT_REGISTER_ENC_KEY: randomBytes(32).toString('base64'),
    DP_UPSTREAM_TOKEN: 'upstream-token',
  };
  const sample = loadConfig(samplePath('dk')).config;
  const config: Config = {
    ...sample,
    store: { url: store.url },
    register: { keys: { source: 'env' } },
    digitalPost: digitalPostConfigSchema.parse({
      host: '127.0.0.1',
      port: 0,
      clients: [{ name: 'sagssystem', tokenSha256: sha256Hex(TOKEN) }],
      upstream: { baseUrl: standIn.baseUrl, tokenEnv: 'DP_UPSTREAM_TOKEN', timeoutMs: 5000 },
      holdMode: options.holdMode ?? 'queue',
      ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
      ...options.digitalPost?.(standIn),
    }),
  };
  options.configure?.(config);
  const clock = clockFromEnv(env);
  let context: ServeContext | undefined;
  let services: RunningService[] = [];
  try {
    context = await createContext({ config, clock, logger: silentLogger, env });
    // In this thread: the check workers are `postvakt serve`'s, exercised by serve.test.ts.
    const intake = await startDigitalPost({ ...context, checkers: { parse: parseMessage }, env });
    services = [intake, context.scheduler.start()];
  } catch (err) {
    await context?.close();
    await standIn.close();
    await store.cleanup();
    throw err;
  }
  const ctx = context;
  const url = services[0]!.address!;
  const auth = (token: string | null | undefined): Record<string, string> =>
    token === null ? {} : { authorization: `Bearer ${token ?? TOKEN}` };
  const register = await openRegister({ config, store: ctx.store, clock, logger: silentLogger, env });

  return {
    context: ctx,
    standIn,
    url,
    async flag(identifier) {
      await register.add({ identifier, reason: 'Reagerer stærkt på breve før weekenden', reviewOn: '2027-06-01' }, SYSTEM_ACTOR);
    },
    post(body, o = {}) {
      const query = o.uuid ? `?memo-message-uuid=${o.uuid}` : '';
      return fetch(`${url}/apis/v1/memos/${query}`, {
        method: 'POST',
        headers: { 'content-type': o.contentType ?? 'application/xml', ...auth(o.token), ...(o.lang ? { 'accept-language': o.lang } : {}) },
        body,
      });
    },
    postMany(letters) {
      const form = new FormData();
      letters.forEach((letter, i) => form.append('file', new Blob([letter], { type: 'application/xml' }), `letter-${i}.xml`));
      return fetch(`${url}/apis/v1/memos/`, { method: 'POST', headers: auth(undefined), body: form });
    },
    receipt(uuid, lang) {
      return fetch(`${url}/apis/v1/memos/${uuid}/receipt`, { headers: { ...auth(undefined), ...(lang ? { 'accept-language': lang } : {}) } });
    },
    async close() {
      for (const service of services.reverse()) await service.close();
      await ctx.close();
      await standIn.close();
      await store.cleanup();
    },
  };
}
