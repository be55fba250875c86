/**
 * RFC 5322 e-mail → Message.
 *
 * Decoding is postal-mime's (actively maintained, no native or stream dependencies, strict
 * limits on nesting and header size); mailparser is in maintenance mode, so it was not chosen.
 * What postal-mime forgives silently is reported as warnings by `mime-scan.ts`, and an HTML-only
 * body is converted by `html.ts` so positions can be traced back into the HTML.
 */
import PostalMime, { decodeWords, type Address as PostalAddress, type Email } from 'postal-mime';
import { MessageError } from './errors.ts';
import { repairC1 } from './charset.ts';
import { htmlToText } from './html.ts';
import { blankMessage, normaliseNewlines, readInput, type ParseOptions } from './input.ts';
import { scanMime } from './mime-scan.ts';
import { segmentBody } from './segment.ts';
import type { Address, Attachment, Message } from './types.ts';
import { parseText } from './text.ts';

export async function parseEml(raw: Buffer | string, options: ParseOptions = {}): Promise<Message> {
  const bytes = readInput(raw, options);
  const scan = scanMime(bytes.toString('latin1'));
  if (!scan.hasHeaders) {
    const message = parseText(bytes, options);
    message.warnings.unshift({ code: 'no-headers' });
    return message;
  }

  let email: Email;
  try {
    email = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer' });
  } catch (err) {
    throw mimeError(err);
  }

  const message = blankMessage('eml', bytes.length);
  message.warnings.push(...scan.warnings);
  if (scan.warnings.some((w) => w.code === 'unknown-charset')) {
    for (const field of ['subject', 'text', 'html'] as const) if (email[field]) email[field] = utf8IfValid(email[field]);
  }
  message.headers = email.headers.map((h) => ({ name: h.originalKey, value: safeDecodeWords(h.value) }));
  message.subject = repairC1(normaliseNewlines(email.subject ?? '')).trim();
  message.from = firstMailbox(email.from);
  message.sender = firstMailbox(email.sender);
  message.replyTo = mailboxes(email.replyTo);
  message.to = mailboxes(email.to);
  message.cc = mailboxes(email.cc);
  message.bcc = mailboxes(email.bcc);
  message.messageId = email.messageId?.trim() || undefined;
  message.inReplyTo = email.inReplyTo?.trim() || undefined;
  message.references = email.references?.match(/<[^<>\s]+>/g) ?? [];
  if (email.date) {
    const date = new Date(email.date);
    if (Number.isNaN(date.getTime())) message.warnings.push({ code: 'bad-date', detail: email.date.slice(0, 200) });
    else message.date = date;
  }

  if (email.html && !scan.hasPlainBody) {
    const html = repairC1(email.html);
    const converted = htmlToText(html);
    message.body = { text: converted.text, source: 'html', segments: [], sourceMap: converted.sourceMap, html };
  } else if (email.text !== undefined) {
    message.body = { text: repairC1(normaliseNewlines(email.text)), source: 'plain', segments: [] };
  }
  if (!message.body.text.trim()) message.warnings.push({ code: 'no-body' });
  message.body.segments = segmentBody(message.body.text, message.subject);
  message.attachments = email.attachments.map((a) => toAttachment(a, options.keepAttachmentContent === true));
  return message;
}

const DISPOSITIONS = ['attachment', 'inline'] as const;

function toAttachment(a: Email['attachments'][number], keepContent: boolean): Attachment {
  const content = typeof a.content === 'string' ? Buffer.from(a.content) : new Uint8Array(a.content);
  const disposition = DISPOSITIONS.find((d) => d === a.disposition);
  return {
    ...(a.filename ? { filename: repairC1(a.filename) } : {}),
    contentType: a.mimeType,
    size: content.byteLength,
    ...(disposition ? { disposition } : {}),
    ...(keepContent ? { content } : {}),
  };
}

function mailboxes(list: PostalAddress[] | undefined): Address[] {
  const out: Address[] = [];
  for (const entry of list ?? []) {
    for (const box of entry.group ?? [entry]) {
      if (box.address) out.push(box.name ? { address: box.address, name: repairC1(box.name) } : { address: box.address });
    }
  }
  return out;
}

function firstMailbox(entry: PostalAddress | undefined): Address | undefined {
  return entry ? mailboxes([entry])[0] : undefined;
}

/**
 * postal-mime reads an unknown charset as Latin-1 (one byte, one character, in Node), so the
 * bytes can be recovered; when they are valid UTF-8, that is by far the likelier charset.
 */
function utf8IfValid(text: string): string {
  if (/[\u0100-\uffff]/.test(text)) return text; // not one byte per character
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(text, 'latin1'));
  } catch {
    return text;
  }
}

/** A header value with a broken encoded word stays as written rather than failing the parse. */
function safeDecodeWords(value: string): string {
  try {
    return repairC1(normaliseNewlines(decodeWords(value)));
  } catch {
    return value;
  }
}

function mimeError(err: unknown): MessageError {
  const reason = err instanceof Error ? err.message : String(err);
  const size = /maximum header size of (\d+)/i.exec(reason);
  if (size) return new MessageError('header-too-large', { limit: size[1]! });
  return new MessageError('unreadable-mime', { reason: reason.replace(/\.$/, '').slice(0, 200) });
}
