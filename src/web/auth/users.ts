/**
 * Web accounts: local ones (scrypt password, created with `postvakt user add`) and OIDC ones
 * (created or updated at each sign-in from the IdP's claims). Roles decide what a user may see.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../store/schema.ts';
import type { Clock } from '../../clock/clock.ts';
import { WEB_ROLES, type WebRole } from '../config.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './password-policy.ts';
import { CatalogError } from '../../i18n/catalog-error.ts';
import type { Params } from '../../i18n/catalog.ts';
import { webMessages } from '../messages.ts';

export interface WebUser {
  id: number;
  username: string;
  role: WebRole;
  unit: string;
}

type UserMessage = Extract<keyof (typeof webMessages)['en'], `user.${string}`>;

/** An account that cannot be created or used as asked; nothing was changed. */
export class UserError extends CatalogError<keyof (typeof webMessages)['en']> {
  constructor(code: UserMessage, params: Params = {}) {
    super(webMessages, code, params);
  }
}

const USERNAME = /^[\p{L}\p{N}._@-]{2,100}$/u;
const UNIT = /^[\p{L}\p{N} ._-]{1,60}$/u;

export function isRole(value: unknown): value is WebRole {
  return typeof value === 'string' && (WEB_ROLES as readonly string[]).includes(value);
}

function toUser(row: { id: number; username: string; role: string; unit: string }): WebUser {
  if (!isRole(row.role)) throw new UserError('user.storedRoleUnknown', { username: row.username, role: row.role });
  return { id: Number(row.id), username: row.username, role: row.role, unit: row.unit };
}

export interface NewLocalUser {
  username: string;
  password: string;
  role: WebRole;
  unit: string;
}

/** Refuse a password that is too short or too common; nothing is stored. */
function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new UserError(problem, { min: MIN_PASSWORD_LENGTH });
}

export async function addLocalUser(db: Kysely<DB>, clock: Clock, input: NewLocalUser): Promise<WebUser> {
  if (!USERNAME.test(input.username)) throw new UserError('user.badName', { username: input.username });
  if (!UNIT.test(input.unit)) throw new UserError('user.badUnit', { unit: input.unit });
  if (!isRole(input.role)) throw new UserError('user.badRole', { role: String(input.role), roles: WEB_ROLES.join(', ') });
  checkPassword(input.password);
  const existing = await db.selectFrom('web_users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (existing) throw new UserError('user.exists', { username: input.username });
  const row = await db
    .insertInto('web_users')
    .values({
      username: input.username,
      password_hash: await hashPassword(input.password),
      role: input.role,
      unit: input.unit,
      source: 'local',
      created_at: clock.now().getTime(),
      disabled: 0,
    })
    .returning(['id', 'username', 'role', 'unit'])
    .executeTakeFirstOrThrow();
  return toUser(row);
}

/** The user if name and password match an enabled local account; the same work is done either way. */
export async function authenticateLocal(db: Kysely<DB>, username: string, password: string): Promise<WebUser | null> {
  const row = await db
    .selectFrom('web_users')
    .select(['id', 'username', 'role', 'unit', 'password_hash', 'disabled'])
    .where('username', '=', username)
    .where('source', '=', 'local')
    .executeTakeFirst();
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  return ok && row && row.disabled === 0 ? toUser(row) : null;
}

/** Create or refresh the account of an OIDC user; role and unit always follow the IdP. */
export async function upsertOidcUser(
  db: Kysely<DB>,
  clock: Clock,
  claims: { username: string; role: WebRole; unit: string },
): Promise<WebUser> {
  const existing = await db.selectFrom('web_users').select(['id', 'source', 'disabled']).where('username', '=', claims.username).executeTakeFirst();
  if (existing && existing.source !== 'oidc') throw new UserError('user.isLocal', { username: claims.username });
  // An administrator's "disabled" holds even while the IdP still lets the person in.
  if (existing?.disabled) throw new UserError('user.disabled', { username: claims.username });
  if (existing) {
    await db.updateTable('web_users').set({ role: claims.role, unit: claims.unit }).where('id', '=', existing.id).execute();
    return { id: Number(existing.id), ...claims };
  }
  const row = await db
    .insertInto('web_users')
    .values({ ...claims, password_hash: null, source: 'oidc', created_at: clock.now().getTime(), disabled: 0 })
    .returning(['id', 'username', 'role', 'unit'])
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function userById(db: Kysely<DB>, id: number): Promise<WebUser | null> {
  const row = await db
    .selectFrom('web_users')
    .select(['id', 'username', 'role', 'unit'])
    .where('id', '=', id)
    .where('disabled', '=', 0)
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

export interface UserListing extends WebUser {
  source: string;
  disabled: boolean;
  createdAt: Date;
}

export async function listUsers(db: Kysely<DB>): Promise<UserListing[]> {
  const rows = await db.selectFrom('web_users').select(['id', 'username', 'role', 'unit', 'source', 'disabled', 'created_at']).orderBy('username').execute();
  return rows.map((row) => ({ ...toUser(row), source: row.source, disabled: Number(row.disabled) !== 0, createdAt: new Date(Number(row.created_at)) }));
}

async function userId(db: Kysely<DB>, username: string): Promise<{ id: number; source: string }> {
  const row = await db.selectFrom('web_users').select(['id', 'source']).where('username', '=', username).executeTakeFirst();
  if (!row) throw new UserError('user.notFound', { username });
  return { id: Number(row.id), source: row.source };
}

/** Every session of the account ends: the next request of any of its browsers is signed out. */
async function endSessionsOf(db: Kysely<DB>, id: number): Promise<void> {
  await db.deleteFrom('web_sessions').where('user_id', '=', id).execute();
}

/** A new password for a local account; its open sessions end, so whoever knew the old one is out. */
export async function setPassword(db: Kysely<DB>, username: string, password: string): Promise<void> {
  const { id, source } = await userId(db, username);
  if (source !== 'local') throw new UserError('user.notLocal', { username });
  checkPassword(password);
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('web_users').set({ password_hash: hash }).where('id', '=', id).execute();
    await endSessionsOf(trx, id);
  });
}

/** Disable (no sign-in, sessions end at once) or enable an account; it and its history stay. */
export async function setDisabled(db: Kysely<DB>, username: string, disabled: boolean): Promise<void> {
  const { id } = await userId(db, username);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('web_users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', id).execute();
    if (disabled) await endSessionsOf(trx, id);
  });
}

/** Delete an account and its sessions. The queue and register keep the user name in their history. */
export async function removeUser(db: Kysely<DB>, username: string): Promise<void> {
  const { id } = await userId(db, username);
  await db.transaction().execute(async (trx) => {
    await endSessionsOf(trx, id);
    await trx.deleteFrom('web_users').where('id', '=', id).execute();
  });
}
