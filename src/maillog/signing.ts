/**
 * The installation's Ed25519 key that signs the mail log's checkpoints (issue 20 item 4). Whoever
 * can write the database can rebuild a hash chain, but cannot sign: a checkpoint verified with
 * this key vouches for the rows before it, also once they are purged. The key comes from
 * `POSTVAKT_LOG_SIGNING_KEY` (PKCS#8 PEM) or a key file created 0600 at first use, like the
 * register's keys; publish the public key (`postvakt log key`) so others can check extracts.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { registerInputError } from '../cli/errors.ts';
import type { MailLogRecord } from './chain.ts';

export class SigningKeyError extends Error {}
registerInputError(SigningKeyError);

export const ENV_SIGNING_KEY = 'POSTVAKT_LOG_SIGNING_KEY';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Fingerprint of the public key, named in every checkpoint. */
  keyId: string;
}

export interface SigningKeyConfig {
  source: 'file' | 'env';
  file: string;
}

export function publicKeyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function fromPem(pem: string, origin: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new SigningKeyError(`${origin}: not a PKCS#8 PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new SigningKeyError(`${origin}: expected an Ed25519 key, found ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: publicKeyId(publicKey) };
}

/**
 * The signing key. `create` (the retention run) makes the key file when it does not exist yet;
 * without it (verify) a missing key is `undefined`, and verify says the checkpoints cannot be checked.
 */
export function loadSigningKey(config: SigningKeyConfig, options: { create: boolean }, env: NodeJS.ProcessEnv = process.env): SigningKey | undefined {
  const fromEnv = env[ENV_SIGNING_KEY];
  if (fromEnv) return fromPem(fromEnv, ENV_SIGNING_KEY);
  if (config.source === 'env') {
    if (!options.create) return undefined;
    throw new SigningKeyError(`the mail log's signing key comes from the environment but ${ENV_SIGNING_KEY} is not set`);
  }
  const path = resolve(config.file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new SigningKeyError(`${path}: cannot read the mail log's signing key (${code})`);
    if (!options.create) return undefined;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    try {
      // 'wx': never overwrite a key another process created meanwhile.
      writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
    } catch (writeErr) {
      if ((writeErr as NodeJS.ErrnoException).code === 'EEXIST') return loadSigningKey(config, options, env);
      throw new SigningKeyError(`${path}: cannot create the mail log's signing key (${(writeErr as NodeJS.ErrnoException).code})`);
    }
    return fromPem(pem, path);
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    const mode = (statSync(path).mode & 0o777).toString(8);
    throw new SigningKeyError(`${path}: the mail log's signing key is readable by others (mode ${mode}); run chmod 600 ${path}`);
  }
  return fromPem(text, path);
}

const VERSION = 'postvakt-maillog-checkpoint-v1';

/** What a checkpoint row's `result` holds. */
export interface Signed {
  through: number;
  throughHash: string;
  key: string;
  sig: string;
}

function payload(row: Pick<MailLogRecord, 'seq' | 'at' | 'prev_hash'>, signed: Omit<Signed, 'sig'>): Buffer {
  return Buffer.from(JSON.stringify([VERSION, Number(row.seq), Number(row.at), row.prev_hash, signed.through, signed.throughHash, signed.key]), 'utf8');
}

export function signCheckpoint(row: Pick<MailLogRecord, 'seq' | 'at' | 'prev_hash'>, unsigned: Omit<Signed, 'sig'>, key: SigningKey): string {
  return sign(null, payload(row, unsigned), key.privateKey).toString('base64');
}

export type CheckpointCheck = { ok: true; through: number; throughHash: string } | { ok: false; reason: 'forged' | 'unverifiable' };

/** Whether a checkpoint row's signature holds under the installation's public key. */
export function checkCheckpoint(row: MailLogRecord, publicKey: KeyObject | undefined): CheckpointCheck {
  if (!publicKey) return { ok: false, reason: 'unverifiable' };
  let signed: Signed;
  try {
    signed = JSON.parse(row.result ?? '') as Signed;
  } catch {
    return { ok: false, reason: 'forged' };
  }
  if (typeof signed?.sig !== 'string' || !Number.isInteger(signed.through) || typeof signed.throughHash !== 'string') return { ok: false, reason: 'forged' };
  if (signed.key !== publicKeyId(publicKey) || signed.through >= Number(row.seq)) return { ok: false, reason: 'forged' };
  const { sig, ...unsigned } = signed;
  const valid = verify(null, payload(row, unsigned), publicKey, Buffer.from(sig, 'base64'));
  return valid ? { ok: true, through: signed.through, throughHash: signed.throughHash } : { ok: false, reason: 'forged' };
}
