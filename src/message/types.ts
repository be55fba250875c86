/**
 * One normalised message, whatever it came as: an RFC 5322 e-mail or a Digital Post MeMo letter.
 * Rules, the hold decision and the mail log read only this shape.
 *
 * Offsets are UTF-16 code-unit offsets into `body.text` (or into `subject`), so a finding's
 * location and a fix's range can be applied with `String.prototype.slice`.
 */
import type { KombiValgKode } from './kombi.ts';
export type Channel = 'email' | 'digitalpost';

export interface Address {
  address: string;
  name?: string;
}

export interface Header {
  /** As written, e.g. "Disposition-Notification-To". */
  name: string;
  /** Unfolded and decoded (RFC 2047 encoded words resolved). */
  value: string;
}

/** Text offset `text` was produced from source offset `source` (and onward, until the next anchor). */
export interface SourceAnchor {
  text: number;
  source: number;
}

/** A stretch of the body text with a role, half-open [start, end). */
export interface BodySegment {
  kind: 'new' | 'quoted' | 'forwarded' | 'signature';
  start: number;
  end: number;
  /** Nesting depth for quoted/forwarded parts: 1 for the first level. */
  depth?: number;
}

export interface Attachment {
  filename?: string;
  contentType: string;
  size: number;
  disposition?: 'attachment' | 'inline';
}

export interface ParseWarning {
  /** A stable code, e.g. `unknown-charset`; rendered through the message catalog (`src/message/messages.ts`). */
  code: string;
  detail?: string;
  /** For MeMo letters: the element path the warning is about, e.g. `MessageHeader/label`. */
  path?: string;
  /** For `memo-invalid`: what MeMo expects there and what the letter has (as `validateMemo` gives them). */
  expected?: string;
  got?: string;
}

/** The Digital Post part of a MeMo letter. Date-times are absolute instants. */
export interface MemoData {
  version: '1.1' | '1.2';
  messageUuid: string;
  messageId?: string;
  label: string;
  notification?: string;
  mandatory: boolean;
  legalNotification: boolean;
  replyByDateTime?: Date;
  /** A date without time of day (YYYY-MM-DD), as MeMo defines it. */
  doNotDeliverUntilDate?: string;
  sender: { id: string; idType: string; label?: string; attention?: ContactInfo };
  recipient: { id: string; idType: string; label?: string };
  contactPoints: ContactInfo[];
  actions: MemoAction[];
  files: MemoFile[];
}

export interface ContactInfo {
  label?: string;
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
  openingHours?: string;
  url?: string;
}

export interface MemoAction {
  label: string;
  actionCode: string;
  startDateTime?: Date;
  endDateTime?: Date;
}

export interface MemoFile {
  role: 'main' | 'additional' | 'technical';
  filename: string;
  contentType: string;
  language?: string;
  size: number;
  /** Text of the file where it is text (or text extracted from a PDF). */
  text?: string;
  /** A text/plain or text/html file beside a PDF in the main document: the letter's cover text. */
  cover?: boolean;
}

export interface Message {
  channel: Channel;
  format: 'eml' | 'memo' | 'text';
  headers: Header[];
  /** E-mail Subject, or the MeMo `label`. */
  subject: string;
  from?: Address;
  sender?: Address;
  replyTo: Address[];
  to: Address[];
  cc: Address[];
  bcc: Address[];
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  date?: Date;
  body: {
    /** The readable text: text/plain, or HTML turned into text when there is no plain part. */
    text: string;
    /** Where the text came from. */
    source: 'plain' | 'html' | 'memo' | 'none';
    /** new text, quoted history, forwarded parts and the signature block, in order. */
    segments: BodySegment[];
    /**
     * For `source: 'html'`: where stretches of `text` came from in the HTML, sorted by `text`.
     * `sourceOffset()` in `src/message/html.ts` maps a text offset back to the HTML.
     */
    sourceMap?: SourceAnchor[];
    /** For `source: 'html'`: the HTML the text was made from, which `sourceMap` points into. */
    html?: string;
  };
  attachments: Attachment[];
  /** Present for Digital Post letters. */
  memo?: MemoData;
  /** Present when the letter came inside an SF1601 kombi_request (`kombi.ts`). */
  kombi?: { valgKode: KombiValgKode; printPart: boolean };
  /** The raw size in bytes of what was parsed. */
  size: number;
  warnings: ParseWarning[];
}

/** Header value by case-insensitive name (first occurrence). */
export function header(message: Message, name: string): string | undefined {
  const lower = name.toLowerCase();
  return message.headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

/** The text of the segments of one kind, joined, with their offsets. */
export function segmentsOf(message: Message, kind: BodySegment['kind']): BodySegment[] {
  return message.body.segments.filter((s) => s.kind === kind);
}
