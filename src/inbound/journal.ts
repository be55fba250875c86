/**
 * Exchange envelope journal reports: Postvakt as the journal recipient records what the mail
 * system sent and received without relaying anything. A report is a multipart message with an
 * `X-MS-Journal-Report` header; its first part holds the envelope, one field a line (Exchange's
 * documented grammar: `Sender:`, `Subject:`, `Message-ID:`, then `To:` / `Cc:` / `Bcc:` /
 * `Recipient:` lines, each optionally followed by `, Expanded: <list>` or `, Forwarded: <addr>`),
 * and a message/rfc822 part holds the original message unaltered.
 *
 * Read by hand: only these two top-level parts are needed, and as bytes (the original goes to the
 * check pool as it was sent). The pool's parser yields a normalised Message without attachment
 * bytes, and a MIME library on the main thread would parse the whole original a second time there.
 * The scan is linear (indexOf), and never looks inside the original.
 */
export interface JournalReport {
  sender: string;
  messageId: string | null;
  /** The envelope recipients (expanded list members, forward targets), deduplicated. */
  recipients: string[];
  /** The journaled message, byte for byte. */
  original: Buffer;
}

export class NotAJournalReport extends Error {}

function headerBlock(text: string): { headers: string; body: number } {
  const end = text.indexOf('\r\n\r\n');
  return end === -1 ? { headers: text, body: text.length } : { headers: text.slice(0, end), body: end + 4 };
}

function headerOf(headers: string, name: string): string | undefined {
  const unfolded = headers.replace(/\r\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded);
  return match?.[1]?.trim();
}

function decode(body: string, encoding: string | undefined): string {
  const bytes = Buffer.from(body, 'latin1');
  switch (encoding?.toLowerCase()) {
    case 'base64':
      return Buffer.from(bytes.toString('latin1').replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return Buffer.from(
        body.replace(/=\r\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
    default:
      return bytes.toString('utf8');
  }
}

export function readJournalReport(raw: Buffer): JournalReport {
  // latin1 maps each byte to one code unit, so offsets are byte offsets and the original survives.
  const text = raw.toString('latin1');
  const top = headerBlock(text);
  if (headerOf(top.headers, 'X-MS-Journal-Report') === undefined) throw new NotAJournalReport('no X-MS-Journal-Report header');
  const boundary = /boundary="?([^";\s]+)"?/i.exec(headerOf(top.headers, 'Content-Type') ?? '')?.[1];
  if (!boundary) throw new NotAJournalReport('not a multipart message');
  const delimiter = `\r\n--${boundary}`;
  const parts: string[] = [];
  let at = text.indexOf(`--${boundary}`, top.body - 2);
  while (at !== -1) {
    const start = text.indexOf('\r\n', at) + 2;
    if (text.startsWith('--', at + boundary.length + 2) || start === 1) break;
    const next = text.indexOf(delimiter, start);
    if (next === -1) break;
    parts.push(text.slice(start, next));
    at = next + 2;
  }
  let envelope: string | undefined;
  let original: Buffer | undefined;
  for (const part of parts) {
    const { headers, body } = headerBlock(part);
    const type = (headerOf(headers, 'Content-Type') ?? 'text/plain').toLowerCase();
    if (type.startsWith('message/rfc822') && !original) original = Buffer.from(part.slice(body), 'latin1');
    else if (type.startsWith('text/plain') && envelope === undefined) envelope = decode(part.slice(body), headerOf(headers, 'Content-Transfer-Encoding'));
  }
  if (envelope === undefined || !original) throw new NotAJournalReport('expected an envelope part and a message/rfc822 part');
  const sender = /^Sender:[ \t]*(\S*)/m.exec(envelope)?.[1];
  if (sender === undefined) throw new NotAJournalReport('the envelope names no Sender');
  const recipients = [...envelope.matchAll(/^(?:To|Cc|Bcc|Recipient):[ \t]*([^\s,]+)/gm)].map((m) => m[1]!.toLowerCase());
  if (recipients.length === 0) throw new NotAJournalReport('the envelope names no recipient');
  return {
    sender: sender.replace(/^<|>$/g, '').toLowerCase(),
    messageId: /^Message-ID:[ \t]*(<[^>\s]+>)/im.exec(envelope)?.[1] ?? null,
    recipients: [...new Set(recipients)],
    original,
  };
}
