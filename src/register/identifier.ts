/**
 * Who a flag names (FX-4): one citizen, by e-mail address, Danish CPR number or Swedish
 * personnummer (samordningsnummer included). Every spelling of the same identifier normalises
 * to one canonical string, so the keyed HMAC of it finds the flag however the number was typed.
 *
 * A bare ten-digit number is both a possible CPR (DDMMYY-SSSS) and a possible personnummer
 * (YYMMDD-NNNN); it is read as the installation's own country's number unless written with a
 * `cpr:` or `pnr:` prefix. Twelve digits or a `+` separator can only be a personnummer.
 */
import personnummerModule from 'personnummer';
import { IdentifierError } from './errors.ts';

// The package is CommonJS (`module.exports = Personnummer`) with ESM-style typings: at run time
// the default import is the class itself, which the typings call `.default`.
const Personnummer = personnummerModule as unknown as typeof personnummerModule.default;

export type IdentifierKind = 'email' | 'cpr' | 'pnr';

export interface Identifier {
  kind: IdentifierKind;
  /** Normalised: lower-case address, 10 CPR digits, or 12 personnummer digits (YYYYMMDDNNNN). */
  value: string;
}

export { IdentifierError };

export interface IdentifierOptions {
  /** How a bare ten-digit number is read. */
  country: 'DK' | 'SE';
}

// Pragmatic address shape (RFC 5321 mailbox without quoted local parts or address literals):
// the register must accept what case systems send, and refuse what is clearly not an address.
const EMAIL = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\.]+$/;

export function parseIdentifier(input: string, options: IdentifierOptions): Identifier {
  const text = input.trim().replace(/^<(.*)>$/, '$1');
  const prefixed = /^(cpr|pnr|email|mailto):\s*(.*)$/i.exec(text);
  const prefix = prefixed?.[1]!.toLowerCase();
  const body = prefixed ? prefixed[2]! : text;
  if (prefix === 'email' || prefix === 'mailto' || (!prefix && body.includes('@'))) return parseEmail(body);
  const digits = body.replace(/[\s-]/g, '');
  if (prefix === 'cpr') return parseCpr(digits, body);
  if (prefix === 'pnr' || /^\d{12}$/.test(digits) || digits.includes('+')) return parsePersonnummer(body);
  if (/^\d{10}$/.test(digits)) return options.country === 'DK' ? parseCpr(digits, body) : parsePersonnummer(body);
  if (/^\d{8}$/.test(digits)) {
    throw new IdentifierError('error.identifier.organisation', { value: mask(body) });
  }
  throw new IdentifierError('error.identifier.unknown', { value: mask(body) });
}

/** `kind:value`, the exact string the register's HMAC is taken over. */
export function canonicalIdentifier(id: Identifier): string {
  return `${id.kind}:${id.value}`;
}

/**
 * A label that lets a case worker tell flags apart without showing who is flagged: the last
 * digits of a number, the first letter and domain of an address. Kept encrypted all the same.
 */
export function identifierLabel(id: Identifier): string {
  switch (id.kind) {
    case 'email': {
      const [local, domain] = id.value.split('@') as [string, string];
      return `${local.slice(0, 1)}…@${domain}`;
    }
    case 'cpr':
      return `CPR ******-${id.value.slice(6)}`;
    case 'pnr':
      return `personnummer ********-${id.value.slice(8)}`;
  }
}

function parseEmail(text: string): Identifier {
  const address = text.trim().toLowerCase();
  if (!EMAIL.test(address)) throw new IdentifierError('error.identifier.email', { value: mask(text) });
  return { kind: 'email', value: address };
}

function parseCpr(digits: string, original: string): Identifier {
  if (!/^\d{10}$/.test(digits) || !cprDateIsValid(digits)) {
    throw new IdentifierError('error.identifier.cpr', { value: mask(original) });
  }
  // No modulus-11 check: CPR numbers without it have been issued since 2007.
  return { kind: 'cpr', value: digits };
}

/** The century follows from the 7th digit and the year (CPR-kontoret's table). */
function cprDateIsValid(digits: string): boolean {
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const yy = Number(digits.slice(4, 6));
  const d7 = Number(digits[6]);
  let century = 1900;
  if ((d7 === 4 || d7 === 9) && yy <= 36) century = 2000;
  if (d7 >= 5 && d7 <= 8) century = yy <= 57 ? 2000 : 1800;
  const date = new Date(Date.UTC(century + yy, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parsePersonnummer(text: string): Identifier {
  try {
    const pnr = Personnummer.parse(text.trim(), { allowCoordinationNumber: true, allowInterimNumber: false });
    return { kind: 'pnr', value: pnr.format(true) };
  } catch {
    throw new IdentifierError('error.identifier.pnr', { value: mask(text) });
  }
}

/** Error messages end up in terminals and logs: never repeat a whole identity number. */
function mask(text: string): string {
  const t = text.trim();
  const at = t.lastIndexOf('@');
  if (at >= 0) return `${t.slice(0, 1)}…${t.slice(at, at + 40)}`;
  return t.replace(/\d(?=(?:\D*\d){4})/g, '*').slice(0, 40);
}
