/**
 * A letter the check pool could not read and check before its deadline (issue 23) is answered
 * 503 with Retry-After: the case system sends it again later, and nothing was accepted.
 */
import { describe, expect, it } from 'vitest';
import { digitalPostConfigSchema } from '../../src/digitalpost/config.ts';
import { buildIntakeApp } from '../../src/digitalpost/server.ts';
import { sha256Hex } from '../../src/digitalpost/auth.ts';
import { CheckTimeout } from '../../src/gateway/checkers.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { memoLetter } from './letters.ts';

describe('the intake when a letter is not checked in time', () => {
  it('answers 503 problem+json with Retry-After in the client’s language', async () => {
    const config = digitalPostConfigSchema.parse({
      clients: [{ name: 'sagssystem', tokenSha256: sha256Hex('token-0123456789abcdef') }],
      upstream: { baseUrl: 'http://127.0.0.1:1' },
    });
    const app = await buildIntakeApp({
      config,
      intake: {
        accept: () => Promise.reject(new CheckTimeout(20)),
        receipt: () => Promise.resolve(undefined),
      },
      defaultLang: 'en',
      logger: silentLogger,
    });
    const res = await app.inject({
      method: 'POST',
      url: '/apis/v1/memos/',
      headers: { 'content-type': 'text/xml', authorization: 'Bearer token-0123456789abcdef', 'accept-language': 'da' },
      payload: memoLetter(),
    });
    await app.close();
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 503, title: 'Brevet blev ikke kontrolleret i tide' });
    expect((res.json() as { detail: string }).detail).toContain('20 sekunder');
  });
});
