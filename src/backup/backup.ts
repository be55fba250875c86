/**
 * Backup and restore of the SQLite store with SQLite's online backup API (better-sqlite3's
 * `backup`): a consistent copy page by page while `serve` keeps writing, which a file copy of a
 * WAL database is not. The register keys are deliberately not in the backup (a stolen backup
 * would otherwise open every flag); the note names the keys the flags need by fingerprint, so
 * whoever restores can tell the right key file from an old one. PostgreSQL is backed up with
 * pg_dump (docs/deploy/backup.md).
 */
import { chmodSync, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from '../config/schema.ts';
import { CatalogError } from '../i18n/catalog-error.ts';
import type { Params } from '../i18n/catalog.ts';
import { ENV_ENC_KEY, ENV_HMAC_KEY, ENV_RETIRED_ENC_KEYS, loadKeys, type Keyring } from '../register/keys.ts';
import { migrateToLatest, openStore } from '../store/db.ts';
import { messages } from './messages.ts';

type BackupMessage = keyof (typeof messages)['en'];

export class BackupError extends CatalogError<BackupMessage> {
  constructor(code: Extract<BackupMessage, `error.${string}`>, params: Params = {}) {
    super(messages, code, params);
  }
}

/** The keys a store's flags need, and whether the configured keys are they. */
export interface KeyNote {
  /** Where this configuration takes its keys from. */
  keyFile?: string;
  env: boolean;
  hmacKeyIds: string[];
  encKeyIds: string[];
  configured: 'match' | 'missing' | 'differ';
}

/** The SQLite file a store URL names (PostgreSQL and in-memory stores have none to copy). */
export function sqliteFile(url: string): string {
  if (/^postgres(ql)?:\/\//.test(url)) throw new BackupError('error.postgres');
  const file = url.replace(/^sqlite:/, '');
  if (file === ':memory:') throw new BackupError('error.memory');
  return resolve(file);
}

/** Copy the store into `out` (a new file, 0600) while it may be in use. */
export async function backupStore(config: Config, out: string): Promise<{ bytes: number }> {
  const file = sqliteFile(config.store.url);
  const target = resolve(out);
  if (existsSync(target)) throw new BackupError('error.exists', { file: target });
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  chmodSync(target, 0o600);
  return { bytes: statSync(target).size };
}

function isPostvaktStore(file: string): boolean {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
    return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get() !== undefined;
  } finally {
    db.close();
  }
}

function hasTables(file: string): boolean {
  if (!existsSync(file) || statSync(file).size === 0) return false;
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table'").get() !== undefined;
  } finally {
    db.close();
  }
}

/**
 * Restore a backup into the configured store (a fresh one unless `force`), then bring it to this
 * version's schema. Stop `postvakt serve` first: restoring under a running server loses its writes.
 */
export async function restoreStore(config: Config, from: string, options: { force?: boolean } = {}): Promise<{ file: string; migrations: number }> {
  const file = sqliteFile(config.store.url);
  const backup = resolve(from);
  let valid: boolean;
  try {
    valid = isPostvaktStore(backup);
  } catch (err) {
    throw new BackupError('error.noBackup', { file: backup, reason: (err as Error).message });
  }
  if (!valid) throw new BackupError('error.noBackup', { file: backup, reason: 'no Postvakt schema' });
  if (!options.force && hasTables(file)) throw new BackupError('error.notEmpty', { file });
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    // openStore makes the directory 0700 and the file 0600 before SQLite writes into it.
    await (await openStore(`sqlite:${file}`, { migrate: false })).close();
    await source.backup(file);
  } finally {
    source.close();
  }
  const store = await openStore(`sqlite:${file}`, { migrate: false });
  try {
    return { file, migrations: (await migrateToLatest(store.db)).length };
  } finally {
    await store.close();
  }
}

/** The keys a store file's flags need, checked against the configured keys without ever creating a key file. */
export function keyNote(config: Config, storeFile: string, env: NodeJS.ProcessEnv = process.env): KeyNote {
  const db = new Database(storeFile, { readonly: true, fileMustExist: true });
  let rows: Array<{ hmac_key_id: string; key_id: string }>;
  try {
    rows = db.prepare('SELECT DISTINCT hmac_key_id, key_id FROM register_flags').all() as typeof rows;
  } finally {
    db.close();
  }
  const hmacKeyIds = [...new Set(rows.map((r) => r.hmac_key_id))];
  const encKeyIds = [...new Set(rows.map((r) => r.key_id))];
  const fromEnv = env[ENV_HMAC_KEY] !== undefined || env[ENV_ENC_KEY] !== undefined || config.register?.keys?.source === 'env';
  const keyFile = fromEnv || !config.register?.keys?.file ? undefined : resolve(config.register.keys.file);
  let keyring: Keyring | undefined;
  // loadKeys creates a missing key file; a backup or restore must never make a new key.
  if (fromEnv || (keyFile && existsSync(keyFile))) keyring = loadKeys(config.register, env).keyring;
  const configured = !keyring
    ? 'missing'
    : hmacKeyIds.every((id) => id === keyring.hmacKeyId) && encKeyIds.every((id) => keyring.encKeys.has(id))
      ? 'match'
      : 'differ';
  return { ...(keyFile ? { keyFile } : {}), env: fromEnv, hmacKeyIds, encKeyIds, configured };
}

/** The note as lines in the reader's language. */
export function describeKeyNote(note: KeyNote, say: (key: BackupMessage, params?: Params) => string): string[] {
  const lines = [say('keysApart')];
  if (note.keyFile) lines.push(say('keyFile', { file: note.keyFile }));
  if (note.env) lines.push(say('keyEnv', { names: [ENV_HMAC_KEY, ENV_ENC_KEY, ENV_RETIRED_ENC_KEYS].join(', ') }));
  if (note.hmacKeyIds.length === 0) lines.push(say('noFlags'));
  else lines.push(say('keysNeeded', { hmac: note.hmacKeyIds.join(', '), enc: note.encKeyIds.join(', ') }));
  if (note.hmacKeyIds.length > 0) {
    lines.push(note.configured === 'match' ? say('keysMatch') : note.configured === 'differ' ? say('keysDiffer') : say('keysMissing', { file: note.keyFile ?? ENV_HMAC_KEY }));
  }
  return lines;
}
