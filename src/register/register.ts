/**
 * The consideration register (FX-4, FX-7): per-citizen flags set by a case worker after an
 * individual assessment. The gateway and the Digital Post intake ask `findFlag`/`isFlagged`,
 * the web app lists, views and edits, the CLI does all of it. Every call names its `actor`,
 * and every create, view, lookup hit, change and delete appends an audit row in the same
 * transaction as the change, so there is no change without its trace.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { DB } from '../store/schema.ts';
import { RegisterError } from './errors.ts';
import { canonicalIdentifier, IdentifierError, identifierLabel, parseIdentifier, type Identifier } from './identifier.ts';
import type { Keyring } from './keys.ts';
import { RegisterKeyError } from './keys.ts';
import { open, openText, recipientPseudonym, RegisterCryptoError, seal, sealText, subjectHmac } from './seal.ts';
import type { RegisterTables } from './tables.ts';

/** Who is asking, for the audit trail (and for the web app's own role rules). */
export interface Actor {
  user: string;
  unit: string;
  role: string;
}

/** The actor for Postvakt's own automatic work (gateway lookups, expiry). */
export const SYSTEM_ACTOR: Actor = { user: 'postvakt', unit: 'system', role: 'system' };

export { RegisterError };

/** What anyone allowed to know that a flag exists may see: no identifier, no reason. */
export interface FlagSummary {
  id: string;
  caseWorker: string;
  unit: string;
  reviewOn: string;
  expiresOn: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** The review date has passed (at the instant asked about). */
  reviewDue: boolean;
  /** The expiry date has passed; the flag no longer counts and is deleted by `purgeExpired`. */
  expired: boolean;
}

/** The sensitive part, shown only through `view` (audited). */
export interface FlagDetails extends FlagSummary {
  reason: string;
  notes: string | null;
  /** A masked identifier ("CPR ******-1234") to tell flags apart. */
  label: string;
}

export interface NewFlag {
  identifier: string;
  reason: string;
  notes?: string;
  /** YYYY-MM-DD. */
  reviewOn: string;
  /** YYYY-MM-DD; the flag counts through that day. */
  expiresOn?: string | null;
  /** Default: the actor's unit. */
  unit?: string;
  /** Default: the actor's user. */
  caseWorker?: string;
}

export type FlagChanges = Partial<Pick<NewFlag, 'reason' | 'notes' | 'reviewOn' | 'expiresOn' | 'unit' | 'caseWorker'>>;

export interface ListFilter {
  unit?: string;
  /** Only flags whose review date has passed. */
  reviewDue?: boolean;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actor: Actor;
  action: AuditAction;
  flagId: string | null;
  detail: Record<string, unknown> | null;
}

export type AuditAction = 'create' | 'view' | 'lookup' | 'list' | 'update' | 'delete' | 'expire' | 'rekey';

export interface RegisterOptions {
  db: Kysely<DB>;
  keyring: Keyring;
  clock: Clock;
  /** Review and expiry dates are local dates in this zone. */
  timeZone: string;
  /** How a bare ten-digit number is read (CPR in DK, personnummer in SE). */
  country: 'DK' | 'SE';
}

interface Secret {
  reason: string;
  notes: string | null;
  label: string;
}

type FlagRow = Selectable<RegisterTables['register_flags']>;

const MAX_TEXT = 4000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ConsiderationRegister {
  readonly #db: Kysely<DB>;
  readonly #keyring: Keyring;
  readonly #clock: Clock;
  readonly #timeZone: string;
  readonly #country: 'DK' | 'SE';

  constructor(options: RegisterOptions) {
    this.#db = options.db;
    this.#keyring = options.keyring;
    this.#clock = options.clock;
    this.#timeZone = options.timeZone;
    this.#country = options.country;
  }

  /**
   * Refuse to run with keys that cannot serve the stored flags: a new HMAC key would silently
   * find nobody, a missing encryption key would make reasons unreadable.
   */
  async verifyKeys(): Promise<void> {
    const rows = await this.#db.selectFrom('register_flags').select(['hmac_key_id', 'key_id']).distinct().execute();
    for (const row of rows) {
      if (row.hmac_key_id !== this.#keyring.hmacKeyId) {
        throw new RegisterKeyError(
          `the register's flags were made with HMAC key ${row.hmac_key_id}, but the configured key is ${this.#keyring.hmacKeyId}: restore the original key (file or ${'POSTVAKT_REGISTER_HMAC_KEY'})`,
        );
      }
      if (!this.#keyring.encKeys.has(row.key_id)) {
        throw new RegisterKeyError(
          `some flags are sealed with encryption key ${row.key_id}, which is not configured; add it to retiredEncKeys`,
        );
      }
    }
  }

  /** Parse and normalise an identifier the way the register does (throws IdentifierError). */
  parseIdentifier(identifier: string): Identifier {
    return parseIdentifier(identifier, { country: this.#country });
  }

  /**
   * The mail log's keyed pseudonym for a recipient of a held message (see `recipientPseudonym`):
   * the same for every spelling of one identifier; an address the register cannot read as an
   * identifier is taken as written, lower-cased.
   */
  pseudonym(recipient: string): string {
    let canonical: string;
    try {
      canonical = canonicalIdentifier(this.parseIdentifier(recipient));
    } catch (err) {
      if (!(err instanceof IdentifierError)) throw err;
      canonical = `other:${recipient.trim().toLowerCase()}`;
    }
    return recipientPseudonym(this.#keyring, canonical);
  }

  /**
   * A queue item's decision details (its reasons and questions say whether the recipient is
   * flagged), sealed under the register's key and bound to the item. The text is padded to whole
   * blocks, so the ciphertext's length does not tell a flagged recipient's long answer from
   * "not flagged".
   */
  sealDetails(itemId: string, details: unknown): string {
    const text = JSON.stringify(details);
    const sealed = sealText(this.#keyring, text.padEnd(Math.ceil((Buffer.byteLength(text) + 1) / DETAILS_BLOCK) * DETAILS_BLOCK - (Buffer.byteLength(text) - text.length), ' '), detailsData(itemId));
    return ['v1', sealed.keyId, sealed.iv.toString('base64'), sealed.tag.toString('base64'), sealed.ciphertext.toString('base64')].join('.');
  }

  /** Opens what `sealDetails` sealed for this item (throws on another item's box or a wrong key). */
  openDetails(itemId: string, sealed: string): unknown {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !keyId || !iv || !tag || !ciphertext) throw new RegisterCryptoError('sealed decision details in an unknown format');
    const box = { keyId, iv: Buffer.from(iv, 'base64'), tag: Buffer.from(tag, 'base64'), ciphertext: Buffer.from(ciphertext, 'base64') };
    return JSON.parse(openText(this.#keyring, box, detailsData(itemId)));
  }

  /** The flag naming this citizen, expired or not; a hit is audited as a lookup. */
  async findFlag(identifier: string, actor: Actor, at: Date = this.#clock.now()): Promise<FlagSummary | null> {
    const hmac = this.#hmacOf(this.parseIdentifier(identifier));
    // The gateway asks for every recipient: a miss reads only, a hit writes its one audit row.
    const row = await this.#db.selectFrom('register_flags').selectAll().where('subject_hmac', '=', hmac).executeTakeFirst();
    if (!row) return null;
    await this.#audit(this.#db, actor, 'lookup', row.id);
    return this.#summary(row, at);
  }

  /** Whether the citizen has a flag that counts at `at` (an expired flag does not). */
  async isFlagged(identifier: string, actor: Actor, at: Date = this.#clock.now()): Promise<boolean> {
    const flag = await this.findFlag(identifier, actor, at);
    return flag !== null && !flag.expired;
  }

  /** Flag a citizen; returns the flag with its masked label (the caller typed the identifier). */
  async add(input: NewFlag, actor: Actor): Promise<FlagSummary & { label: string }> {
    const id = this.parseIdentifier(input.identifier);
    const now = this.#clock.now();
    const today = this.#localDate(now);
    const reason = requireText(input.reason, 'reason');
    const reviewOn = requireDate(input.reviewOn, 'reviewOn');
    const expiresOn = input.expiresOn ? requireDate(input.expiresOn, 'expiresOn') : null;
    if (expiresOn !== null && expiresOn < today) throw new RegisterError('error.expiryPassed', { date: expiresOn });
    const flagId = randomUUID();
    const hmac = this.#hmacOf(id);
    const secret: Secret = { reason, notes: optionalText(input.notes, 'notes'), label: identifierLabel(id) };
    const sealed = seal(this.#keyring, secret, associatedData(flagId, hmac));
    const row: FlagRow = {
      id: flagId,
      subject_hmac: hmac,
      hmac_key_id: this.#keyring.hmacKeyId,
      key_id: sealed.keyId,
      secret_iv: sealed.iv,
      secret_tag: sealed.tag,
      secret: sealed.ciphertext,
      case_worker: requireText(input.caseWorker ?? actor.user, 'caseWorker'),
      unit: requireText(input.unit ?? actor.unit, 'unit'),
      review_on: reviewOn,
      expires_on: expiresOn,
      created_at: now.getTime(),
      updated_at: now.getTime(),
    };
    await this.#db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('register_flags').select('id').where('subject_hmac', '=', hmac).executeTakeFirst();
      if (existing) throw new RegisterError('error.alreadyFlagged', { id: existing.id });
      await trx.insertInto('register_flags').values(row).execute();
      await this.#audit(trx, actor, 'create', flagId, { unit: row.unit });
    });
    return { ...this.#summary(row, now), label: secret.label };
  }

  async list(filter: ListFilter, actor: Actor, at: Date = this.#clock.now()): Promise<FlagSummary[]> {
    return this.#db.transaction().execute(async (trx) => {
      let query = trx.selectFrom('register_flags').selectAll().orderBy('review_on').orderBy('id');
      if (filter.unit !== undefined) query = query.where('unit', '=', filter.unit);
      if (filter.reviewDue) query = query.where('review_on', '<', this.#localDate(at));
      const rows = await query.execute();
      await this.#audit(trx, actor, 'list', null, { ...filter, count: rows.length });
      return rows.map((row) => this.#summary(row, at));
    });
  }

  /** The flag with its reason and notes, decrypted; audited as a view. */
  async view(flagId: string, actor: Actor): Promise<FlagDetails> {
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#row(trx, flagId);
      const secret = this.#open(row);
      await this.#audit(trx, actor, 'view', row.id);
      return { ...this.#summary(row, this.#clock.now()), ...secret };
    });
  }

  async update(flagId: string, changes: FlagChanges, actor: Actor): Promise<FlagSummary> {
    const now = this.#clock.now();
    return this.#db.transaction().execute(async (trx) => {
      const row = await this.#row(trx, flagId);
      const next: FlagRow = { ...row, updated_at: now.getTime() };
      const changed: string[] = [];
      if (changes.reason !== undefined || changes.notes !== undefined) {
        const secret = this.#open(row);
        if (changes.reason !== undefined) secret.reason = requireText(changes.reason, 'reason');
        if (changes.notes !== undefined) secret.notes = optionalText(changes.notes, 'notes');
        const sealed = seal(this.#keyring, secret, associatedData(row.id, row.subject_hmac));
        Object.assign(next, { key_id: sealed.keyId, secret_iv: sealed.iv, secret_tag: sealed.tag, secret: sealed.ciphertext });
        if (changes.reason !== undefined) changed.push('reason');
        if (changes.notes !== undefined) changed.push('notes');
      }
      if (changes.reviewOn !== undefined) next.review_on = requireDate(changes.reviewOn, 'reviewOn');
      if (changes.expiresOn !== undefined) next.expires_on = changes.expiresOn ? requireDate(changes.expiresOn, 'expiresOn') : null;
      if (changes.unit !== undefined) next.unit = requireText(changes.unit, 'unit');
      if (changes.caseWorker !== undefined) next.case_worker = requireText(changes.caseWorker, 'caseWorker');
      for (const [field, column] of [['reviewOn', 'review_on'], ['expiresOn', 'expires_on'], ['unit', 'unit'], ['caseWorker', 'case_worker']] as const) {
        if (changes[field] !== undefined && next[column] !== row[column]) changed.push(field);
      }
      if (changed.length === 0) throw new RegisterError('error.nothingToChange');
      await trx.updateTable('register_flags').set(next).where('id', '=', row.id).execute();
      await this.#audit(trx, actor, 'update', row.id, { fields: changed });
      return this.#summary(next, now);
    });
  }

  /** Delete a flag by its id or by the identifier it names. */
  async remove(flagIdOrIdentifier: string, actor: Actor): Promise<void> {
    const key = flagIdOrIdentifier.trim();
    const byId = UUID.test(key);
    const hmac = byId ? undefined : this.#hmacOf(this.parseIdentifier(key));
    await this.#db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('register_flags')
        .select('id')
        .where(byId ? 'id' : 'subject_hmac', '=', byId ? key.toLowerCase() : hmac!)
        .executeTakeFirst();
      if (!row) throw byId ? new RegisterError('error.noFlag', { id: key }) : new RegisterError('error.noFlagForCitizen');
      await trx.deleteFrom('register_flags').where('id', '=', row.id).execute();
      await this.#audit(trx, actor, 'delete', row.id);
    });
  }

  /** Delete every flag whose expiry date has passed; returns how many went. */
  async purgeExpired(actor: Actor = SYSTEM_ACTOR, at: Date = this.#clock.now()): Promise<number> {
    const today = this.#localDate(at);
    return this.#db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('register_flags').select('id').where('expires_on', '<', today).execute();
      for (const { id } of rows) {
        await trx.deleteFrom('register_flags').where('id', '=', id).execute();
        await this.#audit(trx, actor, 'expire', id);
      }
      return rows.length;
    });
  }

  /** Flags whose review date has passed: the case worker must assess again (FX-4). */
  async reviewDue(actor: Actor = SYSTEM_ACTOR, at: Date = this.#clock.now()): Promise<FlagSummary[]> {
    return this.list({ reviewDue: true }, actor, at);
  }

  /** Re-seal every flag under the current encryption key, so a retired key can be dropped. */
  async rekey(actor: Actor): Promise<number> {
    return this.#db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('register_flags').selectAll().where('key_id', '!=', this.#keyring.encKeyId).execute();
      for (const row of rows) {
        const sealed = seal(this.#keyring, this.#open(row), associatedData(row.id, row.subject_hmac));
        await trx
          .updateTable('register_flags')
          .set({ key_id: sealed.keyId, secret_iv: sealed.iv, secret_tag: sealed.tag, secret: sealed.ciphertext })
          .where('id', '=', row.id)
          .execute();
        await this.#audit(trx, actor, 'rekey', row.id);
      }
      return rows.length;
    });
  }

  /** The audit trail, oldest first; for one flag or all. */
  async auditTrail(flagId?: string): Promise<AuditEntry[]> {
    let query = this.#db.selectFrom('register_audit').selectAll().orderBy('id');
    if (flagId !== undefined) query = query.where('flag_id', '=', flagId);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: Number(r.id),
      at: new Date(r.at),
      actor: { user: r.actor_user, unit: r.actor_unit, role: r.actor_role },
      action: r.action as AuditAction,
      flagId: r.flag_id,
      detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
    }));
  }

  #hmacOf(id: Identifier): string {
    return subjectHmac(this.#keyring, canonicalIdentifier(id));
  }

  #open(row: FlagRow): Secret {
    return open(
      this.#keyring,
      { keyId: row.key_id, iv: row.secret_iv, tag: row.secret_tag, ciphertext: row.secret },
      associatedData(row.id, row.subject_hmac),
    ) as Secret;
  }

  async #row(trx: Transaction<DB>, flagId: string): Promise<FlagRow> {
    const row = UUID.test(flagId)
      ? await trx.selectFrom('register_flags').selectAll().where('id', '=', flagId.toLowerCase()).executeTakeFirst()
      : undefined;
    if (!row) throw new RegisterError('error.noFlag', { id: flagId.slice(0, 64) });
    return row;
  }

  async #audit(
    trx: Kysely<DB>,
    actor: Actor,
    action: AuditAction,
    flagId: string | null,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await trx
      .insertInto('register_audit')
      .values({
        at: this.#clock.now().getTime(),
        actor_user: actor.user,
        actor_unit: actor.unit,
        actor_role: actor.role,
        action,
        flag_id: flagId,
        detail: detail === undefined ? null : JSON.stringify(detail),
      })
      .execute();
  }

  #summary(row: FlagRow, at: Date): FlagSummary {
    const today = this.#localDate(at);
    return {
      id: row.id,
      caseWorker: row.case_worker,
      unit: row.unit,
      reviewOn: row.review_on,
      expiresOn: row.expires_on,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      reviewDue: row.review_on < today,
      expired: row.expires_on !== null && row.expires_on < today,
    };
  }

  /** YYYY-MM-DD of `t` in the municipality's zone. */
  #localDate(t: Date): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.#timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
  }
}

/** Sealed decision details are padded to a multiple of this many bytes. */
const DETAILS_BLOCK = 4096;

/** Binds sealed decision details to their queue item. */
function detailsData(itemId: string): string {
  return `postvakt-queue-details:v1:${itemId}`;
}

/** Binds a sealed box to its row: copied onto another flag it fails authentication. */
function associatedData(flagId: string, hmac: string): string {
  return `postvakt-register-flag:v1:${flagId}:${hmac}`;
}

type TextField = 'reason' | 'unit' | 'caseWorker';

function requireText(value: string | undefined, field: TextField): string {
  const text = value?.trim() ?? '';
  if (text === '') throw new RegisterError(`error.missing.${field}`);
  if (text.length > MAX_TEXT) throw new RegisterError(`error.tooLong.${field}`, { max: MAX_TEXT });
  return text;
}

function optionalText(value: string | null | undefined, field: 'notes'): string | null {
  const text = value?.trim() ?? '';
  if (text.length > MAX_TEXT) throw new RegisterError(`error.tooLong.${field}`, { max: MAX_TEXT });
  return text === '' ? null : text;
}

function requireDate(value: string, field: 'reviewOn' | 'expiresOn'): string {
  const text = value.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : null;
  if (!m || !d || d.getUTCMonth() !== +m[2]! - 1 || d.getUTCDate() !== +m[3]!) {
    throw new RegisterError(`error.badDate.${field}`, { value: value.slice(0, 40) });
  }
  return text;
}
