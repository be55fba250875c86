/**
 * The consideration register on both dialects: lookups across spellings, the audit trail of
 * every action, expiry and review, key checks, and bad input that changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IdentifierError } from '../../src/register/identifier.ts';
import { generateKeyMaterial, keyringFrom, RegisterKeyError } from '../../src/register/keys.ts';
import { RegisterError, SYSTEM_ACTOR, type ConsiderationRegister } from '../../src/register/register.ts';
import { RegisterCryptoError } from '../../src/register/seal.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { CASE_WORKER, movableClock, testRegister, type MovableClock } from './support.ts';

const REASON = 'Borgeren reagerer med stærk angst på breve før weekenden';

describe.each(DIALECTS)('consideration register on %s', (dialect) => {
  let store: TestStore;
  let clock: MovableClock;
  let register: ConsiderationRegister;

  beforeEach(async () => {
    store = await openTestStore(dialect);
    clock = movableClock('2026-11-23T10:00:00+01:00');
    register = testRegister(store, { clock });
  });
  afterEach(async () => {
    await store.dispose();
  });

  async function snapshot() {
    return {
      flags: await store.db.selectFrom('register_flags').selectAll().orderBy('id').execute(),
      audit: await store.db.selectFrom('register_audit').selectAll().orderBy('id').execute(),
    };
  }

  it('finds a flag by any spelling of the identifier and audits the hit', async () => {
    const cpr = await register.add({ identifier: '010190-1234', reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER);
    const mail = await register.add({ identifier: 'Borger@Example.dk', reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER);
    expect((await register.findFlag('0101901234', SYSTEM_ACTOR))?.id).toBe(cpr.id);
    expect((await register.findFlag('cpr:010190 1234', SYSTEM_ACTOR))?.id).toBe(cpr.id);
    expect((await register.findFlag('<borger@example.DK>', SYSTEM_ACTOR))?.id).toBe(mail.id);
    expect(await register.isFlagged('andenborger@example.dk', SYSTEM_ACTOR)).toBe(false);
    const lookups = (await register.auditTrail()).filter((e) => e.action === 'lookup');
    expect(lookups.map((e) => e.flagId)).toEqual([cpr.id, cpr.id, mail.id]);
    expect(lookups[0]!.actor).toEqual(SYSTEM_ACTOR);
  });

  it('records case worker, unit, review date, expiry and times', async () => {
    const added = await register.add(
      { identifier: 'borger@example.dk', reason: REASON, reviewOn: '2027-02-01', expiresOn: '2027-06-30', unit: 'Socialafdelingen' },
      CASE_WORKER,
    );
    expect(added).toMatchObject({
      caseWorker: CASE_WORKER.user,
      unit: 'Socialafdelingen',
      reviewOn: '2027-02-01',
      expiresOn: '2027-06-30',
      reviewDue: false,
      expired: false,
      label: 'b…@example.dk',
    });
    expect(added.createdAt.toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });

  it('view decrypts the reason and notes, and is audited', async () => {
    const added = await register.add({ identifier: '010190-1234', reason: REASON, notes: 'Ring før brev', reviewOn: '2027-02-01' }, CASE_WORKER);
    const details = await register.view(added.id, CASE_WORKER);
    expect(details).toMatchObject({ reason: REASON, notes: 'Ring før brev', label: 'CPR ******-1234' });
    const trail = await register.auditTrail(added.id);
    expect(trail.map((e) => [e.action, e.actor.user])).toEqual([
      ['create', CASE_WORKER.user],
      ['view', CASE_WORKER.user],
    ]);
  });

  it('update re-seals changed text, records which fields changed (never values)', async () => {
    const added = await register.add({ identifier: '010190-1234', reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER);
    clock.set('2026-11-24T09:00:00+01:00');
    const updated = await register.update(added.id, { reason: 'Ny vurdering', reviewOn: '2027-03-01' }, CASE_WORKER);
    expect(updated.reviewOn).toBe('2027-03-01');
    expect(updated.updatedAt.toISOString()).toBe('2026-11-24T08:00:00.000Z');
    expect((await register.view(added.id, CASE_WORKER)).reason).toBe('Ny vurdering');
    const change = (await register.auditTrail(added.id)).find((e) => e.action === 'update')!;
    expect(change.detail).toEqual({ fields: ['reason', 'reviewOn'] });
    expect(JSON.stringify(await register.auditTrail())).not.toContain('Ny vurdering');
  });

  it('lists by unit without identifiers or reasons, and audits the listing', async () => {
    await register.add({ identifier: 'a@example.dk', reason: REASON, reviewOn: '2027-02-01', unit: 'Jobcenter' }, CASE_WORKER);
    await register.add({ identifier: 'b@example.dk', reason: REASON, reviewOn: '2027-01-01', unit: 'Ældreplejen' }, CASE_WORKER);
    const all = await register.list({}, CASE_WORKER);
    expect(all.map((f) => f.unit)).toEqual(['Ældreplejen', 'Jobcenter']);
    const jobcenter = await register.list({ unit: 'Jobcenter' }, CASE_WORKER);
    expect(jobcenter).toHaveLength(1);
    expect(JSON.stringify(all)).not.toMatch(/example\.dk|angst/);
    const listings = (await register.auditTrail()).filter((e) => e.action === 'list');
    expect(listings.map((e) => e.detail)).toEqual([{ count: 2 }, { unit: 'Jobcenter', count: 1 }]);
  });

  it('reports flags past review and deletes flags past expiry, audited', async () => {
    const soon = await register.add({ identifier: 'a@example.dk', reason: REASON, reviewOn: '2026-11-30', expiresOn: '2026-12-01' }, CASE_WORKER);
    const later = await register.add({ identifier: 'b@example.dk', reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER);
    expect(await register.reviewDue()).toEqual([]);
    clock.set('2026-12-01T23:30:00+01:00');
    expect((await register.reviewDue()).map((f) => f.id)).toEqual([soon.id]);
    // The expiry date itself still counts (local date in Copenhagen).
    expect(await register.purgeExpired()).toBe(0);
    expect(await register.isFlagged('a@example.dk', SYSTEM_ACTOR)).toBe(true);
    clock.set('2026-12-02T00:00:00+01:00');
    expect((await register.findFlag('a@example.dk', SYSTEM_ACTOR))?.expired).toBe(true);
    expect(await register.isFlagged('a@example.dk', SYSTEM_ACTOR)).toBe(false);
    expect(await register.purgeExpired()).toBe(1);
    expect(await register.findFlag('a@example.dk', SYSTEM_ACTOR)).toBeNull();
    expect((await register.list({}, CASE_WORKER)).map((f) => f.id)).toEqual([later.id]);
    const expiry = (await register.auditTrail(soon.id)).at(-1)!;
    expect([expiry.action, expiry.actor]).toEqual(['expire', SYSTEM_ACTOR]);
  });

  it('removes by flag id or by identifier, audited', async () => {
    const a = await register.add({ identifier: 'a@example.dk', reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER);
    const b = await register.add({ identifier: '010190-1234', reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER);
    await register.remove(a.id, CASE_WORKER);
    await register.remove('0101901234', CASE_WORKER);
    expect(await register.list({}, CASE_WORKER)).toEqual([]);
    const deletes = (await register.auditTrail()).filter((e) => e.action === 'delete');
    expect(deletes.map((e) => e.flagId)).toEqual([a.id, b.id]);
    await expect(register.remove(a.id, CASE_WORKER)).rejects.toThrow(RegisterError);
  });

  it('refuses a second flag for the same citizen and changes nothing', async () => {
    await register.add({ identifier: '010190-1234', reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER);
    const before = await snapshot();
    await expect(register.add({ identifier: '0101901234', reason: 'igen', reviewOn: '2027-02-01' }, CASE_WORKER)).rejects.toThrow(
      /already flagged/,
    );
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ['12345', /not an e-mail address, CPR number/],
    ['12345678', /CVR or organisation number/],
    ['320190-1234', /not a CPR number/],
    ['pnr:19900101-0018', /not a personnummer/],
    ['borger@', /not an e-mail address/],
  ])('an unknown identifier format (%s) is a clear error and touches nothing', async (identifier, message) => {
    await register.add({ identifier: 'a@example.dk', reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER);
    const before = await snapshot();
    const err = await register.add({ identifier, reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdentifierError);
    expect((err as Error).message).toMatch(message);
    // The message never repeats a whole identity number.
    expect((err as Error).message).not.toContain('0101901234');
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    [{ reviewOn: '2027-02-30' }, /review date "2027-02-30" is not a date/],
    [{ reviewOn: '2027-02-01', expiresOn: '2026-11-01' }, /expiry date 2026-11-01 has already passed/],
    [{ reviewOn: '2027-02-01', reason: '   ' }, /reason is missing/],
  ])('bad flag data %j is refused and touches nothing', async (input, message) => {
    const before = await snapshot();
    await expect(register.add({ identifier: 'a@example.dk', reason: REASON, ...input }, CASE_WORKER)).rejects.toThrow(message);
    expect(await snapshot()).toEqual(before);
  });

  it('corrupt ciphertext is a clear error; nothing is changed or audited', async () => {
    const added = await register.add({ identifier: 'a@example.dk', reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER);
    const row = await store.db.selectFrom('register_flags').selectAll().where('id', '=', added.id).executeTakeFirstOrThrow();
    const flipped = Buffer.from(row.secret);
    flipped[0] = flipped[0]! ^ 0x01;
    await store.db.updateTable('register_flags').set({ secret: flipped }).where('id', '=', added.id).execute();
    const before = await snapshot();
    await expect(register.view(added.id, CASE_WORKER)).rejects.toThrow(RegisterCryptoError);
    await expect(register.update(added.id, { notes: 'x' }, CASE_WORKER)).rejects.toThrow(/corrupt or was altered/);
    expect(await snapshot()).toEqual(before);
  });

  it('a sealed box moved onto another flag does not open', async () => {
    const a = await register.add({ identifier: 'a@example.dk', reason: 'A', reviewOn: '2027-02-01' }, CASE_WORKER);
    const b = await register.add({ identifier: 'b@example.dk', reason: 'B', reviewOn: '2027-02-01' }, CASE_WORKER);
    const rowA = await store.db.selectFrom('register_flags').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    await store.db
      .updateTable('register_flags')
      .set({ secret: rowA.secret, secret_iv: rowA.secret_iv, secret_tag: rowA.secret_tag })
      .where('id', '=', b.id)
      .execute();
    await expect(register.view(b.id, CASE_WORKER)).rejects.toThrow(RegisterCryptoError);
  });

  it('refuses keys that do not match the stored flags', async () => {
    await register.add({ identifier: 'a@example.dk', reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER);
    const stranger = testRegister(store, { clock });
    await expect(stranger.verifyKeys()).rejects.toThrow(RegisterKeyError);
    await expect(stranger.verifyKeys()).rejects.toThrow(/made with HMAC key/);
    await expect(register.verifyKeys()).resolves.toBeUndefined();
  });

  it('rotates the encryption key: retired keys still open, rekey re-seals under the new one', async () => {
    const oldMaterial = generateKeyMaterial();
    const old = testRegister(store, { clock, keyring: keyringFrom(oldMaterial, 'test') });
    const added = await old.add({ identifier: 'a@example.dk', reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER);
    const next = { hmacKey: oldMaterial.hmacKey, encKey: generateKeyMaterial().encKey, retiredEncKeys: [oldMaterial.encKey] };
    const rotated = testRegister(store, { clock, keyring: keyringFrom(next, 'test') });
    await rotated.verifyKeys();
    expect((await rotated.view(added.id, CASE_WORKER)).reason).toBe(REASON);
    expect(await rotated.rekey(CASE_WORKER)).toBe(1);
    const withoutRetired = testRegister(store, { clock, keyring: keyringFrom({ hmacKey: next.hmacKey, encKey: next.encKey }, 'test') });
    await withoutRetired.verifyKeys();
    expect((await withoutRetired.view(added.id, CASE_WORKER)).reason).toBe(REASON);
  });
});

describe('register errors', () => {
  it('speak the case worker\'s language', async () => {
    const store = await openTestStore('sqlite');
    try {
      const register = testRegister(store);
      await register.add({ identifier: '010190-1234', reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER);
      const duplicate = await register.add({ identifier: '0101901234', reason: REASON, reviewOn: '2027-02-01' }, CASE_WORKER).catch((e: unknown) => e);
      expect(duplicate).toBeInstanceOf(RegisterError);
      expect((duplicate as RegisterError).describe('da')).toMatch(/^borgeren er allerede markeret \(markering [0-9a-f-]{36}\)/);
      expect((duplicate as RegisterError).describe('sv')).toMatch(/^personen är redan markerad/);
      const unknown = await register.findFlag('12345', CASE_WORKER).catch((e: unknown) => e);
      expect((unknown as IdentifierError).describe('da')).toBe('"*2345" er hverken en e-mailadresse, et CPR-nummer (DDMMÅÅ-LLLL) eller et personnummer (ÅÅÅÅMMDD-NNNN)');
    } finally {
      await store.dispose();
    }
  });
});
