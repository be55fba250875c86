/**
 * The check pool's `parse`, which the Digital Post intake and the web app's draft check use under
 * `postvakt serve`: a message read in a worker thread must arrive as the same Message, and an
 * unreadable one as the same MessageError, as when it is read in this thread.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { CheckerPool, CheckTimeout } from '../../src/gateway/checkers.ts';
import { MessageError, parseMessage } from '../../src/message/parse.ts';
import { memoLetter } from '../digitalpost/letters.ts';
import { writePdf } from '../message/support/pdf-writer.ts';

const fixtures = (dir: string) => {
  const url = new URL(dir, import.meta.url);
  return readdirSync(url)
    .filter((f) => /\.(eml|xml)$/.test(f))
    .map((f) => ({ name: f, raw: readFileSync(new URL(f, url)) }));
};

describe('the check pool reads messages in worker threads', () => {
  let pool: CheckerPool;
  beforeAll(() => {
    pool = new CheckerPool(loadConfig(samplePath('dk')).config, 2);
  });
  afterAll(() => pool.close());

  it('gives the Message this thread gives, for every MeMo letter and e-mail fixture', async () => {
    const inputs = [...fixtures('../fixtures/memo/'), ...fixtures('../fixtures/messages/')];
    expect(inputs.filter((i) => i.name.includes('pdf')).length).toBeGreaterThan(0);
    for (const { name, raw } of inputs) {
      const options = { maxBytes: 20 * 1024 * 1024 };
      expect({ name, message: await pool.parse(raw, options) }).toEqual({ name, message: await parseMessage(raw, options) });
    }
  }, 60_000);

  it('rejects unreadable input with the same MessageError: its code, parameters and sentences', async () => {
    const cases: Array<[Buffer, { format?: 'memo'; maxBytes: number }]> = [
      [readFileSync(new URL('../fixtures/memo/malformed/xxe.xml', import.meta.url)), { format: 'memo', maxBytes: 1_000_000 }],
      [readFileSync(new URL('../fixtures/memo/malformed/invalid-xml.xml', import.meta.url)), { format: 'memo', maxBytes: 1_000_000 }],
      [Buffer.from('x'.repeat(2000)), { maxBytes: 1024 }],
    ];
    for (const [raw, options] of cases) {
      const here = await parseMessage(raw, options).catch((e: unknown) => e);
      const there = await pool.parse(raw, options).catch((e: unknown) => e);
      expect(here).toBeInstanceOf(MessageError);
      expect(there).toBeInstanceOf(MessageError);
      const [a, b] = [here as MessageError, there as MessageError];
      expect({ code: b.code, params: b.params, da: b.describe('da'), en: b.message }).toEqual({ code: a.code, params: a.params, da: a.describe('da'), en: a.message });
    }
  });
});

describe('a request to the check pool has a deadline', () => {
  const DEADLINE_MS = 10_000;
  let pool: CheckerPool;
  beforeAll(() => {
    pool = new CheckerPool(loadConfig(samplePath('dk')).config, 1, DEADLINE_MS);
  });
  afterAll(() => pool.close());

  it('fails a letter that takes longer with CheckTimeout, replaces the worker, and answers the next letter', async () => {
    // 20,000 PDF pages read without a page limit take pdf.js about 25 s on an idle machine.
    const slow = memoLetter({ pdf: writePdf(Array.from({ length: 20_000 }, (_, i) => [`Side ${i + 1}`])) });
    const started = Date.now();
    const failure = await pool.parse(slow, { maxPdfPages: 1_000_000, maxBytes: 100_000_000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CheckTimeout);
    expect((failure as CheckTimeout).describe('da')).toContain('10 sekunder');
    expect(Date.now() - started).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    const next = await pool.parse(memoLetter(), { maxBytes: 1_000_000 });
    expect(next.memo?.label).toBe('Afgørelse om boligstøtte fra 1. januar');
  }, 90_000);
});
