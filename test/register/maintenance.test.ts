/** `serve`'s register housekeeping: expired flags go, past-review flags are logged by id only. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.ts';
import { startRegisterMaintenance } from '../../src/register/maintenance.ts';
import { DIALECTS, openTestStore } from '../support/stores.ts';
import { CASE_WORKER, movableClock, testRegister } from './support.ts';

describe.each(DIALECTS)('register maintenance on %s', (dialect) => {
  it('deletes expired flags at start and reports flags past review without naming anyone', async () => {
    const store = await openTestStore(dialect);
    try {
      const clock = movableClock('2026-11-01T10:00:00Z');
      const register = testRegister(store, { clock });
      const expiring = await register.add({ identifier: 'a@example.dk', reason: 'Grund A', reviewOn: '2027-01-01', expiresOn: '2026-11-10' }, CASE_WORKER);
      const review = await register.add({ identifier: '010190-1234', reason: 'Grund B', reviewOn: '2026-11-15' }, CASE_WORKER);
      clock.set('2026-11-23T10:00:00Z');
      const lines: string[] = [];
      const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
      const service = await startRegisterMaintenance({ register, logger: createLogger({ level: 'info', destination: sink }) });
      await service.close();
      expect((await register.list({}, CASE_WORKER)).map((f) => f.id)).toEqual([review.id]);
      expect((await register.auditTrail(expiring.id)).at(-1)!.action).toBe('expire');
      const log = lines.join('');
      expect(log).toContain('"purged":1');
      expect(log).toContain(review.id);
      expect(log).not.toMatch(/example\.dk|0101901234|Grund/);
    } finally {
      await store.dispose();
    }
  });
});
