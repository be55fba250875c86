/**
 * Who may relay (never an open relay): clients from allow-listed networks, clients presenting an
 * allow-listed TLS client certificate, or users who authenticated with AUTH PLAIN/LOGIN over TLS. Passwords are stored as scrypt hashes.
 */
import { BlockList, isIPv4 } from 'node:net';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { PeerCertificate } from 'node:tls';
import type { GatewayConfig } from './config.ts';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * Whether `name` is a configured user with this password. An unknown name costs the same scrypt
 * as a known one (against a hash of a random password), so the time of a refusal does not tell
 * which usernames exist.
 */
export async function verifyUser(users: ReadonlyArray<{ name: string; passwordHash: string }>, name: string, password: unknown): Promise<boolean> {
  const user = users.find((u) => u.name === name);
  dummyHash ??= hashPassword(randomBytes(16).toString('base64'));
  const ok = await verifyPassword(typeof password === 'string' ? password : '', user?.passwordHash ?? (await dummyHash));
  return ok && user !== undefined && typeof password === 'string';
}

/** "::ffff:10.0.0.1" (an IPv4 client on a dual-stack socket) is the IPv4 address 10.0.0.1. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
}

export function networkMatcher(networks: string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const network of networks) {
    const [ip, prefix] = network.split('/');
    list.addSubnet(ip!, Number(prefix), isIPv4(ip!) ? 'ipv4' : 'ipv6');
  }
  return (address) => {
    const plain = plainAddress(address);
    return list.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
  };
}

/** The names a verified client certificate stands for: its CN and its DNS subjectAltNames, lower-case. */
export function certificateNames(cert: PeerCertificate | undefined, authorized: boolean): string[] {
  if (!authorized || !cert?.subject) return [];
  const cn = cert.subject.CN;
  const names = (Array.isArray(cn) ? cn : cn ? [cn] : []).map((n) => n.toLowerCase());
  for (const entry of (cert.subjectaltname ?? '').split(',')) {
    const [kind, value] = entry.trim().split(':');
    if (kind === 'DNS' && value) names.push(value.toLowerCase());
  }
  return names;
}

/** Whether a client whose certificate names `names` may relay mail from `mailFrom`. */
export function certificateMatcher(rules: GatewayConfig['relayCertificates']): (names: string[], mailFrom: string) => boolean {
  const wanted = rules.map((r) => ({ subject: r.subject.toLowerCase(), domains: r.senderDomains?.map((d) => d.toLowerCase()) }));
  return (names, mailFrom) => {
    if (names.length === 0) return false;
    const domain = mailFrom.slice(mailFrom.lastIndexOf('@') + 1).toLowerCase();
    return wanted.some((r) => names.includes(r.subject) && (!r.domains || r.domains.includes(domain)));
  };
}
