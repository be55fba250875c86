/** Server-side sessions: the cookie holds a random token, the store holds its hash and expiry. */
import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.ts';
import type { Clock } from '../../clock/clock.ts';
import { newToken, tokenHash } from './tokens.ts';
import { userById, type WebUser } from './users.ts';

export async function createSession(db: Kysely<DB>, clock: Clock, userId: number, hours: number): Promise<string> {
  const token = newToken();
  const now = clock.now().getTime();
  // Expired sessions are swept here rather than by a timer: sign-ins are rare and this keeps one job.
  await db.deleteFrom('web_sessions').where('expires_at', '<=', now).execute();
  await db
    .insertInto('web_sessions')
    .values({ token_hash: tokenHash(token), user_id: userId, created_at: now, expires_at: now + hours * 3_600_000 })
    .execute();
  return token;
}

export async function sessionUser(db: Kysely<DB>, clock: Clock, token: string | undefined): Promise<WebUser | null> {
  if (!token) return null;
  const row = await db
    .selectFrom('web_sessions')
    .select(['user_id', 'expires_at'])
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || Number(row.expires_at) <= clock.now().getTime()) return null;
  return userById(db, Number(row.user_id));
}

export async function endSession(db: Kysely<DB>, token: string | undefined): Promise<void> {
  if (token) await db.deleteFrom('web_sessions').where('token_hash', '=', tokenHash(token)).execute();
}
