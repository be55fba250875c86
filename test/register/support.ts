/** A register over a test store, with fresh keys and a clock the test can move. */
import { fixedClock, type Clock } from '../../src/clock/clock.ts';
import { generateKeyMaterial, keyringFrom, type Keyring } from '../../src/register/keys.ts';
import { ConsiderationRegister, type Actor } from '../../src/register/register.ts';
import type { Store } from '../../src/store/db.ts';

export const CASE_WORKER: Actor = { user: 'a.caseworker', unit: 'Jobcenter', role: 'caseworker' };

export interface MovableClock extends Clock {
  set(t: Date | string): void;
}

export function movableClock(start: string): MovableClock {
  let at = new Date(start);
  return { now: () => fixedClock(at).now(), set: (t) => void (at = new Date(t)) };
}

export function testKeyring(): Keyring {
  return keyringFrom(generateKeyMaterial(), 'test');
}

export function testRegister(
  store: Store,
  options: { clock?: Clock; keyring?: Keyring; country?: 'DK' | 'SE'; timeZone?: string } = {},
): ConsiderationRegister {
  const country = options.country ?? 'DK';
  return new ConsiderationRegister({
    db: store.db,
    keyring: options.keyring ?? testKeyring(),
    clock: options.clock ?? movableClock('2026-11-23T10:00:00Z'),
    country,
    timeZone: options.timeZone ?? (country === 'DK' ? 'Europe/Copenhagen' : 'Europe/Stockholm'),
  });
}
