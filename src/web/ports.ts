/**
 * What the web app asks of the rest of Postvakt, in the web app's own terms. `wiring.ts` connects
 * these to the register, queue, mail log, rule engine and calendar; the pages know only these.
 * Every call that touches flags carries the viewer, so the register can restrict and audit it.
 */
import type { DecisionReason, FxQuestion } from '../decision/types.ts';
import type { Finding } from '../rules/types.ts';
import type { Message } from '../message/types.ts';
import type { Lang } from '../i18n/catalog.ts';
import type { WebUser } from './auth/users.ts';
import type { Absence } from '../absence/absences.ts';
import type { TemplateInput } from '../inbound/templates.ts';

export type Viewer = WebUser;

export interface HeldLetterSummary {
  id: string;
  channel: 'email' | 'digitalpost';
  status: string;
  subject: string;
  recipients: string[];
  createdAt: Date;
  releaseAt: Date | null;
  /** FX-9: the citizen was told in advance. */
  told: boolean;
}

export interface HeldLetterEvent {
  at: Date;
  kind: string;
  actor: string | null;
  reason: string | null;
}

/** A finding as the queue keeps it with a held letter (without its location in the text). */
export type HeldFinding = Pick<Finding, 'clause' | 'level' | 'message'>;

export interface HeldLetter extends HeldLetterSummary {
  sender: string;
  reasons: DecisionReason[];
  questions: FxQuestion[];
  findings: HeldFinding[];
  events: HeldLetterEvent[];
}

export interface Override {
  actor: string;
  reason: string;
}

/** The queue refused an override because the letter is no longer held (the user's doing, not a fault). */
export class NotHeldError extends Error {}

/** The new release time breaks a hold rule (quiet window, deadline); `describe` says which. */
export class OverrideRefusedError extends Error {
  constructor(readonly describe: (lang: Lang) => string) {
    super(describe('en'));
  }
}

/** No such held letter, or not one the viewer may reach (the two answer alike, so ids cannot be probed). */
export class LetterNotFoundError extends Error {}

/**
 * Held letters as the viewer may reach them (the role matrix's `held` scope): a case worker only
 * their own unit's, an administrator all. Every override first checks the same scope, so a letter
 * outside it is "not found" and nothing changes.
 */
export interface QueuePort {
  listHeld(viewer: Viewer): Promise<HeldLetterSummary[]>;
  get(viewer: Viewer, id: string): Promise<HeldLetter | null>;
  releaseNow(viewer: Viewer, id: string, override: Override): Promise<void>;
  reschedule(viewer: Viewer, id: string, at: Date, override: Override): Promise<void>;
  cancel(viewer: Viewer, id: string, override: Override): Promise<void>;
  markToldInAdvance(viewer: Viewer, id: string, override: Override): Promise<void>;
}

export interface FlagView {
  id: string;
  /** A masked hint of who is flagged (the register keeps only a keyed hash of the identifier); null when the viewer may not read the flag. */
  label: string | null;
  unit: string;
  /** The assessment; null unless the viewer is a case worker of the flag's unit (see `roles.ts`). */
  reason: string | null;
  createdBy: string;
  createdAt: Date;
  reviewDate: string;
  expiresDate: string | null;
  /** The review date has passed: the case worker must assess again (FX-4). */
  reviewDue: boolean;
}

export interface NewFlag {
  identifier: string;
  reason: string;
  reviewDate: string;
  expiresDate: string | null;
}

/** The register refused a flag for a reason the user can fix (e.g. an unknown identifier format). */
export class RegisterInputError extends Error {}

export interface RegisterPort {
  /** The flags in the viewer's scope (a case worker: their own unit's); every reason shown is an audited view. */
  list(viewer: Viewer): Promise<FlagView[]>;
  /** One flag, or null when it does not exist or is outside the viewer's scope. Audited. */
  get(viewer: Viewer, id: string): Promise<FlagView | null>;
  add(viewer: Viewer, flag: NewFlag): Promise<FlagView>;
  /** The flags on a held letter's recipients whose reason the viewer may read (FX-7). Audited. */
  forRecipients(viewer: Viewer, recipients: string[]): Promise<FlagView[]>;
}

export interface MailLogQuery {
  mailbox?: string;
  from?: Date;
  to?: Date;
}

export interface MailLogRow {
  seq: number;
  at: Date;
  /** What happened: received, held, released, delivered, … */
  event: string;
  direction: string;
  sender: string;
  recipients: string[];
  subject: string;
  verdict: string;
  result: string | null;
}

export type MailLogBreakReason = 'edited' | 'moved' | 'unlinked' | 'missing' | 'truncated' | 'forged' | 'unverifiable';

export interface MailLogVerification {
  ok: boolean;
  /** Rows verified (before the break, if there is one). */
  rows: number;
  /** The first row where the chain fails, and why. */
  broken?: { seq: number; reason: MailLogBreakReason };
}

export interface MailLogPort {
  search(query: MailLogQuery, limit: number): Promise<MailLogRow[]>;
  verify(): Promise<MailLogVerification>;
  export(query: MailLogQuery, format: 'csv' | 'json'): Promise<string>;
}

/** A pasted text (with an optional subject) or an uploaded file (.eml or MeMo XML, detected). */
export type DraftInput = { kind: 'text'; subject: string; text: string } | { kind: 'file'; raw: Buffer };

export interface DraftCheck {
  message: Message;
  findings: Finding[];
}

/** The draft could not be read (bad MIME, bad XML: 400) or not in time (422); the message is shown to the user. */
export class DraftInputError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 422 = 400,
  ) {
    super(message);
  }
}

export interface DraftChecker {
  check(input: DraftInput, lang: Lang): Promise<DraftCheck>;
}

/** An absence as the "Absence and notices" page shows it (BK-21), with the day the person is back (yyyy-mm-dd). */
export type AbsenceView = Pick<Absence, 'id' | 'person' | 'unit' | 'startsAt' | 'endsAt' | 'substitute'> & { returnOn: string };

/**
 * A person's own absences, notice times and duty marks (BK-10, BK-16, BK-21); a manager also
 * records and removes the absences of their unit. Refusals are CatalogErrors the page shows in
 * the reader's language.
 */
export interface AwayPort {
  /** The viewer's mail address: the user name when it is one, else user name @ the first own domain. */
  addressOf(viewer: WebUser): string;
  /** The viewer's own absences that have not ended; with `unit`, every one of the viewer's unit. */
  absences(viewer: WebUser, unit: boolean): Promise<AbsenceView[]>;
  addAbsence(viewer: WebUser, input: { person: string; from: string; to: string; substitute: string }, unit: boolean): Promise<void>;
  /** False when the absence is not the viewer's (or, with `unit`, their unit's). */
  removeAbsence(viewer: WebUser, id: string, unit: boolean): Promise<boolean>;
  notices(viewer: WebUser): Promise<{ mode: 'immediate' | 'digest'; times: string[] }>;
  setNotices(viewer: WebUser, mode: 'immediate' | 'digest', times: string): Promise<void>;
  /** The function mailboxes the viewer answers for (owner or member). */
  dutyMailboxes(viewer: WebUser): string[];
  markDuty(viewer: WebUser, input: { mailbox: string; date: string; hours: string }): Promise<void>;
}

/** A mail from outside waiting for an answer (BK-14), as the "Awaiting answer" page shows it. */
export interface AwaitingItem {
  id: string;
  mailbox: string;
  /** official: the contact centre's address (BK-15). */
  kind: 'personal' | 'function' | 'official';
  unit: string;
  /** The correspondent; masked for a viewer with the overview only. */
  from: string;
  /** Masked as in the mail log. */
  subject: string;
  receivedAt: Date;
  dueAt: Date;
  state: 'waiting' | 'acknowledged' | 'answered' | 'overdue';
  acknowledgedAt?: Date;
  contact?: string;
  answeredAt?: Date;
}

export interface AwaitingFilter {
  unit?: string;
  mailbox?: string;
  /** Only the official addresses: the contact centre's queue (BK-15). */
  contactCentre?: boolean;
  /** Answered items too (the latest). */
  answered?: boolean;
}

export interface AnswerTemplateView {
  id: string;
  kind: 'routine' | 'referral' | 'acknowledgement';
  clause: string;
  title: string;
  fields: Array<'note' | 'authority' | 'contactName' | 'contactPhone'>;
  required: Array<'note' | 'authority' | 'contactName' | 'contactPhone'>;
}

export interface AuthorityView {
  id: string;
  name: string;
  contact: string;
}

/** What a case worker filled in on the answer form: the template, the answer's language and the template's fields. */
export type AnswerForm = TemplateInput;

/** No such item waiting for an answer, or not one the viewer may answer (the two answer alike). */
export class ItemNotFoundError extends Error {}

/** The form lacks something (`field`), or the gateway refused the answer (`text`, in the reader's language). */
export class AnswerRefusedError extends Error {
  constructor(
    readonly field: string | null,
    readonly text: string,
  ) {
    super(text);
  }
}

/**
 * Mail waiting for an answer (the role matrix's `answers` scope): a case worker sees and answers
 * their own unit's mailboxes (and their own address), a manager or administrator sees every unit
 * with the correspondent masked and answers none. An item outside the scope is "not found".
 */
export interface AnswersPort {
  list(viewer: Viewer, filter: AwaitingFilter): Promise<{ items: AwaitingItem[]; units: string[]; mailboxes: string[] }>;
  get(viewer: Viewer, id: string): Promise<AwaitingItem | null>;
  templates(lang: Lang): AnswerTemplateView[];
  authorities(): AuthorityView[];
  /** The filled-in text, for the reader to see before sending. */
  preview(viewer: Viewer, id: string, form: AnswerForm, readerLang: Lang): Promise<string>;
  /** Send the answer from the mailbox through the gateway; resolves once it is spooled. */
  send(viewer: Viewer, id: string, form: AnswerForm, readerLang: Lang): Promise<void>;
}
/** Public records (issue 18): the worklist, status decisions and registration, as `records/records.ts` offers them. */
export type { Records as RecordsPort } from '../records/records.ts';
export interface RequestSummaryView {
  id: string;
  receivedAt: Date;
  dueAt: Date;
  state: string;
  documents: number;
  anonymous: boolean;
}

export interface RequestPartView {
  /** The document (queue item id, or log) and the part: from, to, subject, body, attachment:N, log:SEQ. */
  document: string;
  part: string;
  label?: string;
  text: string;
  masks: Array<{ start: number; end: number; ground: string }>;
}

export interface RequestView extends RequestSummaryView {
  unit: string | null;
  description: string;
  parts: RequestPartView[];
  /** Masks the detectors suggest that are not yet masked. */
  suggestions: Array<{ document: string; part: string; start: number; end: number; text: string }>;
  grounds: Array<{ id: string; label: string }>;
  /** Masks can still be added. */
  open: boolean;
}

export interface NewMaskView {
  document: string;
  part: string;
  start: number;
  end: number;
  ground: string;
}

/** A mask the request refused (unknown ground, no such text, request closed); nothing changed. */
export class RequestInputError extends Error {}

/**
 * Requests for documents as the viewer may reach them (the role matrix's `requests` scope): a
 * case worker only their own unit's, the registrar all. Another unit's request is "not found".
 */
export interface RequestsPort {
  list(viewer: Viewer): Promise<RequestSummaryView[]>;
  get(viewer: Viewer, id: string, lang: Lang): Promise<RequestView | null>;
  mask(viewer: Viewer, id: string, masks: NewMaskView[]): Promise<void>;
}
