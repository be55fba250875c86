/**
 * A quick look over an e-mail's MIME structure for what postal-mime forgives silently: unknown
 * charsets, damaged base64 and a missing closing boundary. postal-mime does the real decoding;
 * this only reports, so the user learns that the text they see may not be what was sent.
 * It also tells whether a text/plain body exists, since postal-mime fills `text` from the HTML
 * when there is none and we want our own HTML conversion (with positions) in that case.
 */
import type { ParseWarning } from './types.ts';

export interface MimeScan {
  hasHeaders: boolean;
  hasPlainBody: boolean;
  warnings: ParseWarning[];
}

const MAX_DEPTH = 32;
const HEADER_LINE = /^[!-9;-~]+[ \t]*:/;
const ENCODED_WORD_CHARSET = /=\?([^?\s]+)\?[bq]\?/gi;

/** `raw` is the message decoded as latin1, so string offsets are byte offsets. */
export function scanMime(raw: string): MimeScan {
  const scan: MimeScan = { hasHeaders: HEADER_LINE.test(raw), hasPlainBody: false, warnings: [] };
  if (scan.hasHeaders) scanPart(raw, 0, false, scan);
  return scan;
}

function scanPart(part: string, depth: number, inAttachment: boolean, scan: MimeScan): void {
  if (depth > MAX_DEPTH) return;
  const { headers, body } = splitHeaders(part);
  const contentType = headers.get('content-type') ?? 'text/plain';
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const disposition = (headers.get('content-disposition') ?? '').split(';')[0]!.trim().toLowerCase();
  const attachment = inAttachment || disposition === 'attachment';

  for (const value of headers.values()) {
    for (const match of value.matchAll(ENCODED_WORD_CHARSET)) checkCharset(match[1]!.split('*')[0]!, scan);
  }

  if (type.startsWith('multipart/')) {
    const boundary = param(contentType, 'boundary');
    if (boundary) scanMultipart(body, boundary, depth, attachment, scan);
    return;
  }
  if (type === 'message/rfc822' || type === 'message/global') {
    scanPart(body, depth + 1, attachment, scan);
    return;
  }
  if (type.startsWith('text/')) {
    const charset = param(contentType, 'charset');
    if (charset) checkCharset(charset, scan);
    if (type === 'text/plain' && !attachment) scan.hasPlainBody = true;
  }
  if ((headers.get('content-transfer-encoding') ?? '').trim().toLowerCase() === 'base64') {
    const problem = base64Problem(body);
    if (problem) warnOnce(scan, { code: 'bad-base64', detail: `${type}: ${problem}` });
  }
}

function scanMultipart(body: string, boundary: string, depth: number, inAttachment: boolean, scan: MimeScan): void {
  const delimiter = `--${boundary}`;
  const starts: number[] = [];
  let closed = false;
  let at = body.startsWith(delimiter) ? 0 : body.indexOf(`\n${delimiter}`);
  while (at !== -1) {
    const lineStart = body[at] === '\n' ? at + 1 : at;
    const after = lineStart + delimiter.length;
    at = body.indexOf(`\n${delimiter}`, after);
    if (body.startsWith('--', after)) {
      closed = true;
      starts.push(lineStart);
      break;
    }
    // A longer boundary that only starts with ours is not our delimiter.
    if (after < body.length && !/[\s]/.test(body[after]!)) continue;
    starts.push(lineStart);
  }
  if (!closed) warnOnce(scan, { code: 'truncated-mime' });
  for (let i = 0; i < starts.length; i++) {
    const next = starts[i + 1];
    const open = starts[i]!;
    if (next === undefined && closed) break;
    const contentStart = body.indexOf('\n', open);
    if (contentStart === -1) break;
    scanPart(body.slice(contentStart + 1, next ?? body.length), depth + 1, inAttachment, scan);
  }
}

/** Unfolded header fields by lower-case name (first occurrence wins), and the body after them. */
function splitHeaders(part: string): { headers: Map<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(part);
  const headerText = match ? part.slice(0, match.index) : part;
  const body = match ? part.slice(match.index + match[0].length) : '';
  const headers = new Map<string, string>();
  for (const field of headerText.split(/\r?\n(?![ \t])/)) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, field.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return { headers, body };
}

function param(value: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return match ? (match[1] ?? match[2]) : undefined;
}

const knownCharsets = new Map<string, boolean>();

function checkCharset(label: string, scan: MimeScan): void {
  const key = label.trim().toLowerCase();
  let known = knownCharsets.get(key);
  if (known === undefined) {
    try {
      new TextDecoder(key);
      known = true;
    } catch {
      // postal-mime also reads "cp1252"-style and "x-" labels; accept what it would resolve.
      known = /^(?:cp|x-cp|ms|windows-?)\d{3,4}$|^(?:x-)?(?:unicode-1-1-)?utf-?(?:7|8|16)/.test(key);
    }
    if (knownCharsets.size < 1000) knownCharsets.set(key, known);
  }
  if (!known) warnOnce(scan, { code: 'unknown-charset', detail: label.slice(0, 80) });
}

function base64Problem(body: string): string | undefined {
  const compact = body.replace(/\s+/g, '');
  if (/[^A-Za-z0-9+/=]/.test(compact)) return 'characters outside base64';
  if (/=[^=]/.test(compact)) return 'padding in the middle';
  if (compact.length % 4 !== 0) return 'length is not a multiple of 4';
  return undefined;
}

function warnOnce(scan: MimeScan, warning: ParseWarning): void {
  if (!scan.warnings.some((w) => w.code === warning.code && w.detail === warning.detail)) scan.warnings.push(warning);
}
