/**
 * A dump of the whole database (`sqlite3 .dump`, `pg_dump`) does not show who is flagged or why:
 * no identifier in any spelling, no reason or note as text, hex or base64, and not even an
 * unkeyed hash of an identifier (which could be reversed by trying every CPR number).
 * Needs the Debian packages `sqlite3` and `postgresql-client` (pg_dump).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DIALECTS, openTestStore, TEST_PG_URL, type TestStore } from '../support/stores.ts';
import { CASE_WORKER, testRegister } from './support.ts';

const FLAGS = [
  { identifier: '010190-1234', spellings: ['0101901234', '010190-1234', '010190 1234'], country: 'DK' as const },
  { identifier: 'Borger.Hansen@example.dk', spellings: ['borger.hansen@example.dk', 'Borger.Hansen@example.dk'], country: 'DK' as const },
  { identifier: '19900101-0017', spellings: ['199001010017', '19900101-0017', '900101-0017', '9001010017'], country: 'SE' as const },
];
const REASON = 'Psykisk sårbar efter indlæggelse, reagerer stærkt på breve';
const NOTES = 'Ring altid til bostøtten først';

function dump(store: TestStore): string {
  if (store.dialect === 'sqlite') {
    return execFileSync('sqlite3', [store.url.replace(/^sqlite:/, ''), '.dump'], { encoding: 'utf8' });
  }
  const schema = new URL(store.url).searchParams.get('schema')!;
  return execFileSync('pg_dump', ['--dbname', TEST_PG_URL, '--schema', schema, '--data-only', '--inserts'], { encoding: 'utf8' }) +
    execFileSync('pg_dump', ['--dbname', TEST_PG_URL, '--schema', schema], { encoding: 'utf8' });
}

describe.each(DIALECTS)('a %s dump', (dialect) => {
  it('contains no plain identifier and no plain reason', async () => {
    const store = await openTestStore(dialect);
    try {
      for (const flag of FLAGS) {
        const register = testRegister(store, { country: flag.country });
        await register.add({ identifier: flag.identifier, reason: REASON, notes: NOTES, reviewOn: '2027-02-01' }, CASE_WORKER);
      }
      const text = dump(store).toLowerCase();
      // The dump really holds the flags (so the absence below means something).
      expect(text.match(/insert into \S*register_flags/g)?.length).toBe(FLAGS.length);
      for (const secret of [REASON, NOTES]) {
        for (const encoded of [secret, Buffer.from(secret).toString('hex'), Buffer.from(secret).toString('base64')]) {
          expect(text).not.toContain(encoded.toLowerCase());
        }
      }
      const canonical = ['cpr:0101901234', 'email:borger.hansen@example.dk', 'pnr:199001010017'];
      for (const spelling of [...FLAGS.flatMap((f) => f.spellings), ...canonical]) {
        expect(text).not.toContain(spelling.toLowerCase());
        expect(text).not.toContain(Buffer.from(spelling).toString('hex'));
        expect(text).not.toContain(createHash('sha256').update(spelling).digest('hex'));
      }
    } finally {
      await store.dispose();
    }
  });
});
