/**
 * The team's MeMo fixtures (test/fixtures/memo) through the intake: every valid letter, 1.1 and
 * 1.2, with actions and attachments, is accepted and forwarded byte-identical with its
 * findings on the receipt; every malformed one is refused with 400 and an element path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../src/digitalpost/letters.ts';
import type { Problem } from '../../src/digitalpost/problem.ts';
import { DIALECTS } from '../support/stores.ts';
import { startHarness, type Harness } from './harness.ts';

const DIR = join(import.meta.dirname, '../fixtures/memo');
const valid = readdirSync(DIR).filter((f) => f.endsWith('.xml'));
const malformed = readdirSync(join(DIR, 'malformed')).filter((f) => f.endsWith('.xml'));

describe.each(DIALECTS)('MeMo fixtures through the intake on %s', (dialect) => {
  let h: Harness;
  const receipts = new Map<string, Receipt>();
  beforeAll(async () => {
    // A Tuesday morning: nothing is near a quiet window, so every letter goes out at once.
    h = await startHarness({ dialect, now: '2026-12-01T10:00:00+01:00' });
  });
  afterAll(async () => h?.close());

  it('has at least 10 valid fixtures in both MeMo versions', () => {
    expect(valid.length).toBeGreaterThanOrEqual(10);
    const versions = new Set(valid.map((f) => /memoVersion="(1\.[12])"/.exec(readFileSync(join(DIR, f), 'utf8'))?.[1]));
    expect(versions).toEqual(new Set(['1.1', '1.2']));
  });

  it('accepts every valid fixture and forwards it byte-identical', async () => {
    for (const file of valid) {
      const raw = readFileSync(join(DIR, file));
      const res = await h.post(raw, { lang: 'en' });
      expect(res.status, file).toBe(202);
      const receipt = (await res.json()) as Receipt;
      receipts.set(file, receipt);
      if (receipt.verdict === 'hold') continue;
      await expect.poll(() => h.standIn.received.find((r) => r.uuid === receipt.memoMessageUuid)?.body.equals(raw), { timeout: 10_000 }).toBe(true);
    }
  });

  it('puts the findings on the receipt: a generic title (FX-11) and a missing contact path (FX-8)', () => {
    const clauses = (file: string) => receipts.get(file)!.findings.map((f) => `${f.ruleId} ${f.clause}`);
    expect(clauses('07-v12-generic-title-not-before.xml')).toContain('descriptive-title FX-11');
    expect(clauses('10-v12-no-contact.xml')).toContain('contact-path FX-8');
    expect(clauses('02-v12-pdf-afgoerelse.xml')).not.toContain('descriptive-title FX-11');
  });

  it('refuses every malformed fixture with 400 and says where', async () => {
    for (const file of malformed) {
      const res = await h.post(readFileSync(join(DIR, 'malformed', file)), { lang: 'en' });
      expect(res.status, file).toBe(400);
      const problem = (await res.json()) as Problem;
      expect(problem.errors?.length, file).toBeGreaterThan(0);
      for (const error of problem.errors!) expect(error.path, file).toMatch(/^(\/|Message|MessageHeader|MessageBody)/);
    }
  });
});
