/**
 * Who is posting: a case system authenticates by client certificate (verified against the
 * configured CA during the TLS handshake) or by a bearer token, of which config holds only the
 * SHA-256. Tokens are long random strings, so a plain digest is enough; the comparison is in
 * constant time so the digest cannot be guessed byte by byte.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { IncomingMessage } from 'node:http';
import type { DigitalPostClient } from './config.ts';

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A new random token and the digest to put in `digitalPost.clients[].tokenSha256`. */
export function newToken(): { token: string; tokenSha256: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenSha256: sha256Hex(token) };
}

/**
 * The token of `Authorization: Bearer …`, or of `Holder-of-key …`, the scheme Serviceplatformen's
 * callers use (SF1601, issue 24): the case system sends Postvakt the header it would send there.
 */
function bearerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^(?:Bearer|Holder-of-key)\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The verified client certificate's subject CN, when the TLS layer accepted one. */
function certificateCn(request: IncomingMessage): string | undefined {
  const socket = request.socket as Partial<TLSSocket>;
  if (!socket.encrypted || !socket.authorized || typeof socket.getPeerCertificate !== 'function') return undefined;
  const cn = socket.getPeerCertificate().subject?.CN;
  return Array.isArray(cn) ? cn[0] : cn;
}

/** The configured client this request authenticates as, or undefined. */
export function authenticate(request: IncomingMessage, clients: DigitalPostClient[]): DigitalPostClient | undefined {
  const token = bearerToken(request);
  if (token !== undefined) {
    const digest = sha256Hex(token);
    // Compare with every client (no early exit) so timing does not tell which one matched.
    let found: DigitalPostClient | undefined;
    for (const client of clients) {
      if (client.tokenSha256 !== undefined && sameDigest(digest, client.tokenSha256)) found ??= client;
    }
    return found;
  }
  const cn = certificateCn(request);
  return cn === undefined ? undefined : clients.find((c) => c.certificateCn === cn);
}
