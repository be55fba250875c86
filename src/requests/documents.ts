/**
 * The documents of a request as text parts a reviewer masks: each stored message (queue item)
 * read from its bytes into subject, body and any attachment text, and for BK-29 the mail log's
 * rows for a mailbox and period, one part per row.
 */
import type { Kysely } from 'kysely';
import { parseMessage } from '../message/parse.ts';
import { fileText } from '../message/file-text.ts';
import type { Address, Attachment } from '../message/types.ts';
import { readMailLog } from '../maillog/log.ts';
import type { DB } from '../store/schema.ts';

export interface DocumentPart {
  /** subject, body, attachment:N, log:SEQ. */
  part: string;
  /** A label for the released copy (an attachment's file name, a log row's time). */
  label?: string;
  text: string;
}

export interface RequestDocument {
  /** The queue item id, or 'log' for the BK-29 extract. */
  id: string;
  from?: Address;
  to: Address[];
  date?: Date;
  parts: DocumentPart[];
  /** Attachments whose text cannot be read (released separately or not at all). */
  unreadable: string[];
}

export interface LogPeriod {
  mailbox: string;
  from: Date;
  to: Date;
}

/**
 * An e-mail attachment's text, so its parts can be masked like the body (BK-25): plain text, HTML
 * as text, a PDF's text layer. Anything else (images, office files, scanned PDFs) is undefined:
 * it is listed as unreadable and reviewed by hand.
 */
async function attachmentText(a: Attachment): Promise<string | undefined> {
  if (!a.content) return undefined;
  const read = await fileText(a.contentType, Buffer.from(a.content), a.filename ? { filename: a.filename } : {}).catch(() => ({ text: undefined }));
  return read.text;
}

export async function loadMessageDocument(db: Kysely<DB>, queueId: string): Promise<RequestDocument | undefined> {
  const body = await db.selectFrom('queue_bodies').select('raw').where('item_id', '=', queueId).executeTakeFirst();
  if (!body) return undefined;
  const message = await parseMessage(Buffer.from(body.raw), { keepAttachmentContent: true, maxBytes: Number.MAX_SAFE_INTEGER });
  const addresses = (list: Address[]) => list.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
  // Sender and recipients are parts too: in them the person is named first (BK-26).
  const parts: DocumentPart[] = [
    { part: 'from', text: message.from ? addresses([message.from]) : '' },
    { part: 'to', text: addresses([...message.to, ...message.cc]) },
    { part: 'subject', text: message.subject },
    { part: 'body', text: message.body.text },
  ];
  const unreadable: string[] = [];
  (message.memo?.files ?? []).forEach((file, i) => {
    if (file.text !== undefined && !file.cover) parts.push({ part: `attachment:${i}`, label: file.filename, text: file.text });
    else if (file.text === undefined) unreadable.push(file.filename);
  });
  for (const [i, a] of message.attachments.entries()) {
    const text = await attachmentText(a);
    if (text === undefined) unreadable.push(a.filename ?? a.contentType);
    else parts.push({ part: `attachment:${(message.memo?.files.length ?? 0) + i}`, label: a.filename ?? a.contentType, text });
  }
  return {
    id: queueId,
    ...(message.from ? { from: message.from } : {}),
    to: [...message.to, ...message.cc],
    ...(message.date ? { date: message.date } : {}),
    parts,
    unreadable,
  };
}

/** BK-29: the mail log of a mailbox for a period, as the log shows it (identity numbers already masked). */
export async function loadLogDocument(db: Kysely<DB>, period: LogPeriod, timeZone: string): Promise<RequestDocument> {
  const rows = await readMailLog(db, { mailbox: period.mailbox, from: period.from, to: period.to });
  const when = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'medium', timeZone });
  return {
    id: 'log',
    to: [],
    parts: rows.map((r) => ({
      part: `log:${r.seq}`,
      label: when.format(new Date(r.at)),
      text: `${r.event} ${r.direction} ${r.sender} -> ${r.recipients.join(', ')}: ${r.subject}`,
    })),
    unreadable: [],
  };
}
