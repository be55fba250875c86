/**
 * The `doNotDeliverUntilDate` hold mode: instead of keeping a letter in Postvakt's queue, write
 * the release date into the MeMo header and forward at once, so Digital Post itself holds it.
 * The field is a date without time of day, so Digital Post releases at local midnight of that
 * date, not at the municipality's opening time.
 *
 * The edit is a splice into the original text: every byte outside the one element stays as the
 * case system wrote it. The element goes where the MeMo schema's sequence puts it (after
 * `replyByDateTime`, before `mandatory`), with the prefix the header itself uses.
 */

/** Elements that follow doNotDeliverUntilDate in MessageHeader's sequence, in schema order. */
const FOLLOWING = ['mandatory', 'legalNotification', 'postType', 'Sender', 'Recipient', 'ContentData', 'ForwardData', 'ReplyData'];

import { maskNonMarkup } from '../message/markup.ts';

export class DeferError extends Error {}

/**
 * `raw` with `doNotDeliverUntilDate` set to `date` (YYYY-MM-DD). An existing later date is kept:
 * Postvakt never makes a letter arrive earlier than its sender asked.
 */
export function withDoNotDeliverUntilDate(raw: Buffer, date: string): Buffer {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new DeferError(`not a date YYYY-MM-DD: ${date}`);
  const text = raw.toString('utf8');
  const masked = maskNonMarkup(text);
  const header = /<([A-Za-z_][\w.-]*:)?MessageHeader[\s>/]/.exec(masked);
  if (!header) throw new DeferError('no MessageHeader element');
  const prefix = header[1] ?? '';
  const headerEnd = masked.indexOf(`</${prefix}MessageHeader`, header.index);
  const limit = headerEnd === -1 ? masked.length : headerEnd;
  const region = masked.slice(0, limit);

  const existing = new RegExp(`<${prefix}doNotDeliverUntilDate>([^<]*)</${prefix}doNotDeliverUntilDate>`, 'g');
  existing.lastIndex = header.index;
  const found = existing.exec(region);
  if (found) {
    if (found[1]!.trim() >= date) return raw;
    const start = found.index + `<${prefix}doNotDeliverUntilDate>`.length;
    return Buffer.from(text.slice(0, start) + date + text.slice(start + found[1]!.length), 'utf8');
  }

  let at = -1;
  for (const name of FOLLOWING) {
    const open = new RegExp(`<${prefix}${name}[\\s>/]`, 'g');
    open.lastIndex = header.index + 1;
    const m = open.exec(region);
    if (m && (at === -1 || m.index < at)) at = m.index;
  }
  if (at === -1) throw new DeferError('MessageHeader has no Sender element to place doNotDeliverUntilDate before');
  // Keep the document's indentation: repeat the whitespace that precedes the element we insert before.
  let start = at;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  const indent = text.slice(start, at);
  const newline = indent.length > 0 || text[at - 1] === '\n' ? `\n${indent}` : '';
  const element = `<${prefix}doNotDeliverUntilDate>${date}</${prefix}doNotDeliverUntilDate>`;
  return Buffer.from(text.slice(0, at) + element + newline + text.slice(at), 'utf8');
}
