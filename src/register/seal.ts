/**
 * The register's cryptography, in one place: a keyed HMAC-SHA256 for identifiers and
 * AES-256-GCM (random 96-bit IV, 128-bit tag) for the sensitive text. The associated data binds
 * a sealed box to its flag, so a ciphertext copied onto another row does not open.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Keyring } from './keys.ts';

export class RegisterCryptoError extends Error {}

export interface Sealed {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

export function subjectHmac(keyring: Keyring, canonicalIdentifier: string): string {
  return createHmac('sha256', keyring.hmacKey).update(canonicalIdentifier, 'utf8').digest('hex');
}

/**
 * The name the public mail log gives a recipient of a held message (FX-4): keyed, so nobody
 * without the register's key can tell whose it is or test a guess, and stable, so one citizen's
 * rows still belong together. A domain tag keeps it apart from the register's own `subjectHmac`,
 * so the log cannot be joined to the flags table either.
 */
export function recipientPseudonym(keyring: Keyring, canonicalIdentifier: string): string {
  const mac = createHmac('sha256', keyring.hmacKey).update(`postvakt-maillog-pseudonym:v1\u0000${canonicalIdentifier}`, 'utf8').digest('hex');
  return `pseudonym:${mac.slice(0, 24)}`;
}

export function seal(keyring: Keyring, value: unknown, associatedData: string): Sealed {
  return sealText(keyring, JSON.stringify(value), associatedData);
}

/** Seals text as it is (a caller that pads it controls the ciphertext's length). */
export function sealText(keyring: Keyring, text: string, associatedData: string): Sealed {
  const key = keyring.encKeys.get(keyring.encKeyId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return { keyId: keyring.encKeyId, iv, tag: cipher.getAuthTag(), ciphertext };
}

/** Opens a sealed box or throws `RegisterCryptoError`; a tampered or foreign box never half-opens. */
export function open(keyring: Keyring, sealed: Sealed, associatedData: string): unknown {
  return JSON.parse(openText(keyring, sealed, associatedData));
}

export function openText(keyring: Keyring, sealed: Sealed, associatedData: string): string {
  const key = keyring.encKeys.get(sealed.keyId);
  if (!key) {
    throw new RegisterCryptoError(
      `sealed with key ${sealed.keyId}, which is not configured (add it to retiredEncKeys to read it)`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new RegisterCryptoError('the sealed data is corrupt or was altered (authentication failed)');
  }
}
