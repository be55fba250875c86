import { afterEach, describe, expect, it } from 'vitest';
import { createDigitalPostTransport, memoUrl } from '../../src/digitalpost/transport.ts';
import { startStandIn, type StandIn } from './standin.ts';

const uuid = '3f1c2b7e-8a4d-4c1e-9b2a-6d5e4f3a2b1c';
const letter = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1">æøå</memo:Message>\r\n');
const item = { id: 'q1', channel: 'digitalpost' as const, raw: letter, envelope: { memoMessageUuid: uuid } };

describe('Digital Post transport', () => {
  let standIn: StandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  it('builds the sender API URL under a base URL with or without a path', () => {
    expect(memoUrl('https://dp.example.dk', uuid).toString()).toBe(`https://dp.example.dk/apis/v1/memos/?memo-message-uuid=${uuid}`);
    expect(memoUrl('https://dp.example.dk/test/', uuid).pathname).toBe('/test/apis/v1/memos/');
  });

  it('posts the exact bytes with the bearer token and reports delivered', async () => {
    standIn = await startStandIn({ token: 'upstream-secret' });
    const transport = createDigitalPostTransport(
      { baseUrl: standIn.baseUrl, tokenEnv: 'DP_UPSTREAM_TOKEN', timeoutMs: 5000 },
      { DP_UPSTREAM_TOKEN: 'upstream-secret' },
    );
    const result = await transport.deliver(item);
    await transport.close();
    expect(result.kind).toBe('delivered');
    expect(standIn.received).toHaveLength(1);
    expect(standIn.received[0]!.uuid).toBe(uuid);
    expect(standIn.received[0]!.body.equals(letter)).toBe(true);
    expect(standIn.received[0]!.contentType).toBe('application/xml');
  });

  it('reports 5xx as transient and other refusals as permanent', async () => {
    standIn = await startStandIn({ token: 'right' });
    const wrongToken = createDigitalPostTransport({ baseUrl: standIn.baseUrl, tokenEnv: 'T', timeoutMs: 5000 }, { T: 'wrong' });
    expect(await wrongToken.deliver(item)).toMatchObject({ kind: 'permanent', error: expect.stringContaining('HTTP 401') });
    await wrongToken.close();
    const transport = createDigitalPostTransport({ baseUrl: standIn.baseUrl, tokenEnv: 'T', timeoutMs: 5000 }, { T: 'right' });
    standIn.failNext(1, 503);
    expect(await transport.deliver(item)).toMatchObject({ kind: 'transient', error: expect.stringContaining('HTTP 503') });
    expect(await transport.deliver(item)).toMatchObject({ kind: 'delivered' });
    await transport.close();
  });

  it('reports a refused connection and a timeout as transient', async () => {
    standIn = await startStandIn();
    const { baseUrl } = standIn;
    await standIn.close();
    standIn = undefined;
    const down = createDigitalPostTransport({ baseUrl, timeoutMs: 5000 });
    expect((await down.deliver(item)).kind).toBe('transient');
    await down.close();

    const http = await import('node:http');
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const slow = createDigitalPostTransport({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 });
    expect(await slow.deliver(item)).toMatchObject({ kind: 'transient', error: expect.stringContaining('200 ms') });
    await slow.close();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('refuses to start when the token variable is missing', () => {
    expect(() => createDigitalPostTransport({ baseUrl: 'https://dp.example.dk', tokenEnv: 'NOPE', timeoutMs: 1000 }, {})).toThrow(/NOPE is not set/);
  });
});
