/**
 * The register's two secrets: the HMAC key that turns an identifier into a lookup token, and
 * the AES-256-GCM key that seals reasons and notes. Encryption keys rotate: the current key
 * seals, retired keys still open what they sealed (each row names its key by fingerprint).
 * See `config.ts` for where keys come from and why.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { registerInputError } from '../cli/errors.ts';
import type { RegisterConfig } from './config.ts';

/** Keys that are missing, unreadable or do not match the stored flags: the operator's to fix, so one line at start, not a stack trace. */
export class RegisterKeyError extends Error {}
registerInputError(RegisterKeyError);

export const ENV_HMAC_KEY = 'POSTVAKT_REGISTER_HMAC_KEY';
export const ENV_ENC_KEY = 'POSTVAKT_REGISTER_ENC_KEY';
/** Comma-separated retired encryption keys, still needed to open older flags. */
export const ENV_RETIRED_ENC_KEYS = 'POSTVAKT_REGISTER_RETIRED_ENC_KEYS';

/** Base64 32-byte keys, as in the key file and the environment. */
export interface KeyMaterial {
  hmacKey: string;
  encKey: string;
  retiredEncKeys?: string[];
}

export interface Keyring {
  hmacKey: Buffer;
  hmacKeyId: string;
  encKeyId: string;
  /** Every usable encryption key by fingerprint, the current one included. */
  encKeys: ReadonlyMap<string, Buffer>;
}

export interface LoadedKeys {
  keyring: Keyring;
  /** Where they came from, for the start-up log (never the keys themselves). */
  source: 'env' | 'file';
  /** Set when the key file did not exist and was created now. */
  createdFile?: string;
}

const GENERATE_HINT = 'generate one with: openssl rand -base64 32';

/** A short, stable fingerprint: lets rows name their key without revealing anything about it. */
export function keyFingerprint(key: Buffer): string {
  return createHash('sha256').update('postvakt-register-key-id:').update(key).digest('hex').slice(0, 16);
}

export function generateKeyMaterial(): KeyMaterial {
  return { hmacKey: randomBytes(32).toString('base64'), encKey: randomBytes(32).toString('base64') };
}

export function keyringFrom(material: KeyMaterial, origin: string): Keyring {
  const hmacKey = decodeKey(material.hmacKey, `${origin}: hmacKey`);
  const encKey = decodeKey(material.encKey, `${origin}: encKey`);
  const encKeys = new Map<string, Buffer>();
  (material.retiredEncKeys ?? []).forEach((k, i) => {
    const key = decodeKey(k, `${origin}: retiredEncKeys[${i}]`);
    encKeys.set(keyFingerprint(key), key);
  });
  const encKeyId = keyFingerprint(encKey);
  encKeys.set(encKeyId, encKey);
  return { hmacKey, hmacKeyId: keyFingerprint(hmacKey), encKeyId, encKeys };
}

function decodeKey(text: unknown, what: string): Buffer {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(text.trim())) {
    throw new RegisterKeyError(`${what} is missing or not base64; ${GENERATE_HINT}`);
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new RegisterKeyError(`${what} must be 32 bytes (it has ${key.length}); ${GENERATE_HINT}`);
  return key;
}

/**
 * The keyring for this process. Environment variables win when set; otherwise the configured
 * key file is read, or created (0600) when it does not exist yet.
 */
export function loadKeys(config: RegisterConfig | undefined, env: NodeJS.ProcessEnv = process.env): LoadedKeys {
  const fromEnv = env[ENV_HMAC_KEY] !== undefined || env[ENV_ENC_KEY] !== undefined;
  if (fromEnv || config?.keys?.source === 'env') {
    for (const name of [ENV_HMAC_KEY, ENV_ENC_KEY]) {
      if (!env[name]) {
        throw new RegisterKeyError(
          `register keys come from the environment but ${name} is not set; ${GENERATE_HINT}`,
        );
      }
    }
    const retired = env[ENV_RETIRED_ENC_KEYS]?.split(',').map((k) => k.trim()).filter(Boolean);
    const material: KeyMaterial = { hmacKey: env[ENV_HMAC_KEY]!, encKey: env[ENV_ENC_KEY]!, retiredEncKeys: retired };
    return { keyring: keyringFrom(material, 'environment'), source: 'env' };
  }
  const file = config?.keys?.file;
  if (!file) {
    throw new RegisterKeyError(
      `the consideration register has no keys: set register.keys.file in the configuration, or ${ENV_HMAC_KEY} and ${ENV_ENC_KEY}`,
    );
  }
  return readOrCreateKeyFile(resolve(file));
}

function readOrCreateKeyFile(path: string): LoadedKeys {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new RegisterKeyError(`${path}: cannot read the register key file (${(err as NodeJS.ErrnoException).code})`);
    }
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const material = generateKeyMaterial();
    try {
      // 'wx': never overwrite a key file another process created meanwhile.
      writeFileSync(path, `${JSON.stringify(material, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (writeErr) {
      if ((writeErr as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateKeyFile(path);
      throw new RegisterKeyError(`${path}: cannot create the register key file (${(writeErr as NodeJS.ErrnoException).code})`);
    }
    return { keyring: keyringFrom(material, path), source: 'file', createdFile: path };
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    const mode = (statSync(path).mode & 0o777).toString(8);
    throw new RegisterKeyError(`${path}: the register key file is readable by others (mode ${mode}); run chmod 600 ${path}`);
  }
  let material: KeyMaterial;
  try {
    material = JSON.parse(text) as KeyMaterial;
  } catch {
    throw new RegisterKeyError(`${path}: the register key file is not JSON with hmacKey and encKey`);
  }
  return { keyring: keyringFrom(material ?? {}, path), source: 'file' };
}
