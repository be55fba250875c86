/**
 * The draft check when the check pool gives up on a file or a pasted draft (issue 23): the reader
 * is told in their language, as a 422 (the input could not be checked), not a server error.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { CheckTimeout } from '../../src/gateway/checkers.ts';
import { engineFromConfig } from '../../src/rules/engine.ts';
import { DraftInputError } from '../../src/web/ports.ts';
import { draftChecker } from '../../src/web/wiring.ts';

describe('the draft check past the check pool’s deadline', () => {
  it('refuses a file and a pasted draft with a 422 DraftInputError that names the limit', async () => {
    const checker = draftChecker(engineFromConfig(loadConfig(samplePath('dk')).config), 1_000_000, () => Promise.reject(new CheckTimeout(20)));
    for (const input of [{ kind: 'file', raw: Buffer.from('Subject: x\r\n\r\nHej') }, { kind: 'text', subject: 'x', text: 'Hej' }] as const) {
      const err = await checker.check(input, 'sv').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DraftInputError);
      expect((err as DraftInputError).status).toBe(422);
      expect((err as DraftInputError).message).toContain('20 sekunder');
    }
  });
});
