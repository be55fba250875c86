/**
 * The message module's front door: anything in, one normalised `Message` out.
 *
 *   parseMessage(raw, { format? })  detects MeMo XML by its root/namespace, else reads an e-mail
 *   parseEml(raw)                   RFC 5322 (eml.ts)
 *   parseMemo(raw)                  Digital Post MeMo 1.1/1.2 (memo.ts); validateMemo checks it
 *   parseText(raw)                  a pasted draft (text.ts)
 *
 * Unreadable input throws `MessageError`; anything readable with problems carries `warnings`.
 */
import { parseEml } from './eml.ts';
import { readInput, type ParseOptions } from './input.ts';
import { parseKombi } from './kombi.ts';
import { parseMemo, MEMO_NAMESPACE } from './memo.ts';
import { parseText } from './text.ts';
import type { Message } from './types.ts';

export { parseEml } from './eml.ts';
export { parseMemo, validateMemo, MEMO_NAMESPACE, type MemoIssue } from './memo.ts';
export { parseText } from './text.ts';
export { MessageError } from './errors.ts';
export type { ParseOptions } from './input.ts';

/** `parseMessage`'s shape, for callers that are handed a reader (serve's runs in the check workers). */
export type Parse = (raw: Buffer, options: ParseOptions) => Promise<Message>;

export async function parseMessage(raw: Buffer | string, options: ParseOptions = {}): Promise<Message> {
  const bytes = readInput(raw, options);
  const format = options.format ?? detectFormat(bytes);
  if (format === 'memo') return parseMemo(bytes, options);
  if (format === 'kombi') return parseKombi(bytes, options);
  if (format === 'text') return parseText(bytes, options);
  return parseEml(bytes, options);
}

/** XML (a declaration, a DOCTYPE, or the MeMo namespace near the top) is MeMo; anything else e-mail. */
export function detectFormat(bytes: Buffer): 'memo' | 'eml' {
  const head = bytes.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (!head.startsWith('<')) return 'eml';
  if (/^<\?xml[\s?]/.test(head) || /^<!DOCTYPE\s/i.test(head) && !/^<!DOCTYPE\s+html/i.test(head)) return 'memo';
  return head.includes(MEMO_NAMESPACE) ? 'memo' : 'eml';
}
