/**
 * Header edits on the raw bytes: only the header block is touched and the body passes through
 * byte for byte (a signed or encoded body must not change). Folded header lines are kept with
 * the field they belong to.
 */

export interface RawParts {
  head: Buffer;
  body: Buffer;
}

/** Split at the first empty line; a message with no body is all head. */
export function splitMessage(raw: Buffer): RawParts {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) return { head: raw, body: Buffer.alloc(0) };
  return { head: raw.subarray(0, end + 2), body: raw.subarray(end + 2) };
}

/** Header fields as raw text, each with its continuation lines. */
function fields(head: Buffer): string[] {
  const lines = head.toString('latin1').split('\r\n');
  const result: string[] = [];
  for (const line of lines) {
    if (line === '') continue;
    if (/^[ \t]/.test(line) && result.length > 0) result[result.length - 1] += `\r\n${line}`;
    else result.push(line);
  }
  return result;
}

export interface HeaderEdit {
  /** Field names to remove (case-insensitive). */
  remove?: string[];
  /** Fields to put first, already formatted (`Name: value`), ASCII only. */
  prepend?: string[];
}

/**
 * Apply the edit. Bytes are handled as latin1 so 8-bit header bytes survive unchanged.
 */
export function editHeaders(raw: Buffer, edit: HeaderEdit): Buffer {
  const { head, body } = splitMessage(raw);
  const remove = new Set((edit.remove ?? []).map((n) => n.toLowerCase()));
  const kept = fields(head).filter((field) => !remove.has(field.slice(0, field.indexOf(':')).trim().toLowerCase()));
  const out = [...(edit.prepend ?? []), ...kept].join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from(out, 'latin1'), body]);
}

/** A header value safe to put on one line: no CR/LF, printable ASCII. */
export function headerValue(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[^\x20-\x7e]/g, '?').slice(0, 900);
}
