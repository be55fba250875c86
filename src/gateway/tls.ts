/**
 * The STARTTLS certificate: the configured one, or a self-signed one generated at first start
 * (and kept, so clients that pinned it keep working). Generating is logged: an operator must
 * know the gateway is not using a certificate they chose.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { Logger } from '../logging/logger.ts';
import type { GatewayConfig } from './config.ts';

export class TlsConfigError extends Error {}

export interface KeyPair {
  key: Buffer;
  cert: Buffer;
  /** CAs for client certificates (`tls.clientCa`). */
  clientCa?: Buffer;
}

function read(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new TlsConfigError(`gateway.tls.${key}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export async function loadKeyPair(config: GatewayConfig, logger: Logger): Promise<KeyPair> {
  const pair = await serverKeyPair(config, logger);
  return config.tls.clientCa === undefined ? pair : { ...pair, clientCa: read(config.tls.clientCa, 'clientCa') };
}

async function serverKeyPair(config: GatewayConfig, logger: Logger): Promise<KeyPair> {
  const { cert, key, selfSignedDir } = config.tls;
  if (cert !== undefined || key !== undefined) {
    if (cert === undefined || key === undefined) throw new TlsConfigError('gateway.tls: set both cert and key, or neither');
    return { cert: read(cert, 'cert'), key: read(key, 'key') };
  }
  const certPath = join(selfSignedDir, 'selfsigned.crt');
  const keyPath = join(selfSignedDir, 'selfsigned.key');
  if (existsSync(certPath) && existsSync(keyPath)) return { cert: readFileSync(certPath), key: readFileSync(keyPath) };
  const pems = await generate([{ name: 'commonName', value: config.hostname }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: config.hostname }] }],
  });
  mkdirSync(selfSignedDir, { recursive: true, mode: 0o700 });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  writeFileSync(certPath, pems.cert);
  logger.warn({ cert: certPath }, 'no TLS certificate configured: generated a self-signed one for STARTTLS');
  return { cert: Buffer.from(pems.cert), key: Buffer.from(pems.private) };
}
