/**
 * Where the register's keys come from: a key file created 0600 on first start (the samples),
 * the environment (production), and a clear start-up error for every missing or bad key.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyMaterial, keyFingerprint, loadKeys, RegisterKeyError } from '../../src/register/keys.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'postvakt-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const key = () => generateKeyMaterial().encKey;

describe('register keys', () => {
  it('creates the key file with mode 0600 on first start, then reads the same keys', () => {
    const file = join(dir, 'data', 'register.key');
    const first = loadKeys({ keys: { source: 'file', file } }, {});
    expect(first.createdFile).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadKeys({ keys: { source: 'file', file } }, {});
    expect(again.createdFile).toBeUndefined();
    expect(again.keyring.hmacKeyId).toBe(first.keyring.hmacKeyId);
    expect(again.keyring.encKeyId).toBe(first.keyring.encKeyId);
    const material = JSON.parse(readFileSync(file, 'utf8')) as { hmacKey: string; encKey: string };
    expect(Buffer.from(material.hmacKey, 'base64')).toHaveLength(32);
  });

  it('refuses a key file others can read', () => {
    const file = join(dir, 'register.key');
    writeFileSync(file, JSON.stringify(generateKeyMaterial()));
    chmodSync(file, 0o644);
    expect(() => loadKeys({ keys: { source: 'file', file } }, {})).toThrow(/readable by others \(mode 644\); run chmod 600/);
  });

  it('refuses a key file that is not the expected JSON', () => {
    const file = join(dir, 'register.key');
    writeFileSync(file, 'not json', { mode: 0o600 });
    expect(() => loadKeys({ keys: { source: 'file', file } }, {})).toThrow(/not JSON with hmacKey and encKey/);
    writeFileSync(file, JSON.stringify({ hmacKey: key() }), { mode: 0o600 });
    expect(() => loadKeys({ keys: { source: 'file', file } }, {})).toThrow(/encKey is missing or not base64/);
  });

  it('takes both keys from the environment, which wins over the file', () => {
    const env = { POSTVAKT_REGISTER_HMAC_KEY: key(), POSTVAKT_REGISTER_ENC_KEY: key() };
    const loaded = loadKeys({ keys: { source: 'file', file: join(dir, 'never.key') } }, env);
    expect(loaded.source).toBe('env');
    expect(loaded.keyring.hmacKeyId).toBe(keyFingerprint(Buffer.from(env.POSTVAKT_REGISTER_HMAC_KEY, 'base64')));
    expect(() => statSync(join(dir, 'never.key'))).toThrow();
  });

  it('keeps retired encryption keys from the environment for older flags', () => {
    const retired = key();
    const loaded = loadKeys(undefined, {
      POSTVAKT_REGISTER_HMAC_KEY: key(),
      POSTVAKT_REGISTER_ENC_KEY: key(),
      POSTVAKT_REGISTER_RETIRED_ENC_KEYS: retired,
    });
    expect(loaded.keyring.encKeys.has(keyFingerprint(Buffer.from(retired, 'base64')))).toBe(true);
    expect(loaded.keyring.encKeys.size).toBe(2);
  });

  it.each([
    ['source env with no variables', { keys: { source: 'env' as const } }, {}, /POSTVAKT_REGISTER_HMAC_KEY is not set/],
    ['one of the two variables', undefined, { POSTVAKT_REGISTER_HMAC_KEY: key() }, /POSTVAKT_REGISTER_ENC_KEY is not set/],
    ['no keys configured at all', undefined, {}, /has no keys: set register.keys.file/],
    ['a key that is not base64', undefined, { POSTVAKT_REGISTER_HMAC_KEY: 'not base64!', POSTVAKT_REGISTER_ENC_KEY: key() }, /hmacKey is missing or not base64/],
    ['a key of the wrong length', undefined, { POSTVAKT_REGISTER_HMAC_KEY: key(), POSTVAKT_REGISTER_ENC_KEY: Buffer.alloc(16).toString('base64') }, /must be 32 bytes \(it has 16\)/],
  ])('%s is a clear start-up error', (_name, config, env, message) => {
    const err = (() => {
      try {
        loadKeys(config, env);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(RegisterKeyError);
    expect((err as Error).message).toMatch(message);
    // A key never appears in an error message.
    for (const value of Object.values(env)) expect((err as Error).message).not.toContain(value);
  });
});
