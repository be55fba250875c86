/** The timed services' runner: one run at a time, a failed run logged and tried again, close waits for a run in progress. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.ts';
import { startPeriodic } from '../../src/serve/periodic.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
  return { lines, logger };
}

describe('startPeriodic', () => {
  it('never starts a run while one is in progress, and close waits for it', async () => {
    const { logger } = capture();
    let active = 0;
    let most = 0;
    let runs = 0;
    let finished = 0;
    const service = startPeriodic({
      name: 'slow',
      everyMs: 5,
      logger,
      failed: 'slow failed',
      run: async () => {
        runs++;
        most = Math.max(most, ++active);
        await sleep(40); // eight ticks pass during each run
        active--;
        finished++;
      },
    });
    await service.first;
    await sleep(60);
    await service.close();
    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(2);
    // close returned only after the run it found in progress had finished, and none started after.
    expect(finished).toBe(runs);
    await sleep(30);
    expect(runs).toBe(finished);
  });

  it('logs a failed run with the given message and tries again at the next tick', async () => {
    const { lines, logger } = capture();
    let calls = 0;
    const service = startPeriodic({
      name: 'flaky',
      everyMs: 10,
      logger,
      failed: 'flaky job failed; retrying at the next tick',
      run: async () => {
        if (++calls === 1) throw new Error('store busy');
      },
    });
    await service.first;
    await sleep(50);
    await service.close();
    expect(calls).toBeGreaterThanOrEqual(2);
    const failures = lines.filter((l) => l.includes('flaky job failed'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('store busy');
  });
});
