/** What every parser does first: bound the input and start an empty Message. */
import { MessageError } from './errors.ts';
import type { Message } from './types.ts';

export interface ParseOptions {
  /** Skip detection. `text` wraps a pasted draft. */
  /** `kombi`: an SF1601 kombi_request, read as the MeMo it carries (`kombi.ts`). */
  format?: 'eml' | 'memo' | 'text' | 'kombi';
  /** Refuse larger input outright (bytes). Default 64 MiB. */
  maxBytes?: number;
  /** Read at most this many pages of a PDF document for its text (MeMo). Default 50. */
  maxPdfPages?: number;
  /** Refuse a letter whose PDF's streams decode to more bytes than this (MeMo). Default 128 MiB. */
  maxPdfDecodedBytes?: number;
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export function readInput(raw: Buffer | string, options: ParseOptions = {}): Buffer {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > limit) throw new MessageError('too-large', { size: bytes.length, limit });
  // every() stops at the first byte that is not white space, so this is cheap on real input.
  if (bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) throw new MessageError('empty-input');
  return bytes;
}

export function blankMessage(format: Message['format'], size: number): Message {
  return {
    channel: format === 'memo' ? 'digitalpost' : 'email',
    format,
    headers: [],
    subject: '',
    replyTo: [],
    to: [],
    cc: [],
    bcc: [],
    references: [],
    body: { text: '', source: 'none', segments: [] },
    attachments: [],
    size,
    warnings: [],
  };
}

/** Line breaks as "\n" only, so offsets do not depend on how the sender's system ended lines. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
