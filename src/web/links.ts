/**
 * One-time, expiring links from a sender notice to the held letter. The token only points the way:
 * following it still requires signing in, so a forwarded notice never opens a letter by itself,
 * and it is spent only by a signed-in visit, so a mail scanner's prefetch does not use it up.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';
import type { Clock } from '../clock/clock.ts';
import type { WebConfig } from './config.ts';
import { newToken, tokenHash } from './auth/tokens.ts';

export const LINK_PREFIX = '/l/';

/** Make a link to held letter `queueId` valid until `expiresAt`; returns the URL path. */
export async function createHeldLetterLink(db: Kysely<DB>, clock: Clock, queueId: string, expiresAt: Date): Promise<string> {
  const token = newToken();
  await db
    .insertInto('web_links')
    .values({ token_hash: tokenHash(token), queue_id: queueId, created_at: clock.now().getTime(), expires_at: expiresAt.getTime(), used_at: null })
    .execute();
  return `${LINK_PREFIX}${token}`;
}

/** The absolute URL for a link path, when there is a base to put it on. */
export function absoluteLink(publicUrl: string | undefined, path: string): string {
  // Relative to the base so an app served under a sub-path (https://host/postvakt/) keeps it.
  return publicUrl ? new URL(path.replace(/^\//, ''), publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`).toString() : path;
}

/** Whether a link is known, unexpired and unused, without spending it. */
export async function heldLetterLinkValid(db: Kysely<DB>, clock: Clock, token: string): Promise<boolean> {
  const row = await db
    .selectFrom('web_links')
    .select('token_hash')
    .where('token_hash', '=', tokenHash(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', clock.now().getTime())
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Use a link (only once signed in): the queue id if the token is known, unexpired and unused; it is then spent.
 * The update is conditional on `used_at IS NULL`, so two clicks racing cannot both succeed.
 */
export async function redeemHeldLetterLink(db: Kysely<DB>, clock: Clock, token: string): Promise<string | null> {
  const hash = tokenHash(token);
  const now = clock.now().getTime();
  const result = await db
    .updateTable('web_links')
    .set({ used_at: now })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return null;
  const row = await db.selectFrom('web_links').select('queue_id').where('token_hash', '=', hash).executeTakeFirstOrThrow();
  return row.queue_id;
}

/** Where users reach the app: `web.publicUrl`, else the address it listens on (serve warns then). */
export function webBase(web: WebConfig): string {
  return web.publicUrl ?? `http://${web.host}:${web.port}`;
}

/**
 * The link a sender notice carries for held letter `queueId` (for the notice builder): valid for
 * `web.linkHours`; undefined only when the web app is off.
 */
export async function noticeLink(db: Kysely<DB>, clock: Clock, web: WebConfig | undefined, queueId: string): Promise<string | undefined> {
  if (!web?.enabled) return undefined;
  const expiresAt = new Date(clock.now().getTime() + web.linkHours * 3_600_000);
  return absoluteLink(webBase(web), await createHeldLetterLink(db, clock, queueId, expiresAt));
}
