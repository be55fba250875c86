/**
 * Fuzzing the parsers: mutated fixtures and randomly built MIME trees and MeMo documents.
 * Every input must give a Message or a MessageError (never another exception), the Message
 * must be internally consistent, and each parse must finish within a time bound, checked per
 * input as part of the property.
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageError, parseMessage, type ParseOptions } from '../../src/message/parse.ts';
import { messages } from '../../src/message/messages.ts';
import type { Message } from '../../src/message/types.ts';

/** Generous, so a loaded CI machine passes, yet far below anything that looks like a hang. */
const TIME_BOUND_MS = 1500;
const RUNS = { emlMutated: 3500, emlBuilt: 1500, memoMutated: 3500, memoBuilt: 1500 };

const fixtures = (dir: string, filter: (name: string) => boolean = () => true) => {
  const url = new URL(dir, import.meta.url);
  return readdirSync(url)
    .filter((f) => /\.(eml|xml)$/.test(f) && filter(f))
    .map((f) => readFileSync(new URL(f, url)));
};
const EML = [...fixtures('../fixtures/messages/'), ...fixtures('../fixtures/messages/malformed/')];
// Letters with PDFs are mutated too, but less often: pdf.js makes each parse slower.
const MEMO_TEXT = fixtures('../fixtures/memo/', (f) => !/pdf/.test(f));
const MEMO_PDF = fixtures('../fixtures/memo/', (f) => /pdf/.test(f));

const WARNING_CODES = new Set(Object.keys(messages.en).filter((k) => k.startsWith('warning.')).map((k) => k.slice(8)));

function checkMessage(m: Message): void {
  let at = 0;
  for (const s of m.body.segments) {
    if (s.start !== at || s.end <= s.start) throw new Error(`segments do not tile the body at ${at}`);
    at = s.end;
  }
  if (at !== m.body.text.length) throw new Error('segments do not reach the end of the body');
  for (const w of m.warnings) if (!WARNING_CODES.has(w.code)) throw new Error(`unknown warning code ${w.code}`);
  if (typeof m.subject !== 'string') throw new Error('subject is not a string');
}

/** Parses and reports how long it took; anything but a Message or a MessageError fails the property. */
async function parseWithin(input: Buffer, options: ParseOptions = {}): Promise<boolean> {
  const started = performance.now();
  try {
    checkMessage(await parseMessage(input, { maxPdfPages: 2, ...options }));
  } catch (err) {
    if (!(err instanceof MessageError)) throw err;
    if (err.message.includes('\n')) throw new Error(`multi-line error: ${err.message}`);
  }
  return performance.now() - started <= TIME_BOUND_MS;
}

const TOKENS = [
  '\r\n', '\n', '\r\n\r\n', '--', '--b1', '--b1--', ':', ';', '"', '=', '=?', '?=', '=?utf-8?B?', '=?iso-8859-1?Q?', '=?x-unknown?Q?a?=',
  'Content-Type: multipart/mixed; boundary="b1"\r\n', 'Content-Type: text/html; charset=windows-1252\r\n',
  'Content-Transfer-Encoding: base64\r\n', 'Content-Transfer-Encoding: quoted-printable\r\n', '=\r\n', '=C3=A6', '\u00e6\u00f8\u00e5',
  '<', '>', '</', '/>', '&', '&amp;', '&#0;', '&#x110000;', '&lol;', '<![CDATA[', ']]>', '<!--', '-->', '<?xml', '<!DOCTYPE x>',
  '<memo:File>', '</memo:File>', '<memo:content>', 'JVBERi0', '> ', '>>', '-----Oprindelig meddelelse-----\n', 'Fra: a\nSendt: b\n',
  '---------- Forwarded message ---------\n', '-- \n', 'Med venlig hilsen\n', '\u0000', '\uFEFF', '\uD800',
];

/** Mutations of a valid input: flipped bytes, cut, repeated and inserted stretches. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }), times: fc.integer({ min: 2, max: 20 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 40 })) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

type MutationStep = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(input: Buffer, steps: MutationStep[]): Buffer {
  let out = input;
  for (const step of steps) {
    const at = out.length ? step.at % out.length : 0;
    switch (step.kind) {
      case 'flip':
        out = Buffer.from(out);
        if (out.length) out[at] = step.byte;
        break;
      case 'cut':
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + step.length)]);
        break;
      case 'repeat': {
        const piece = out.subarray(at, at + step.length);
        out = Buffer.concat([out.subarray(0, at), ...Array.from({ length: step.times }, () => piece), out.subarray(at + step.length)]);
        break;
      }
      case 'insert':
        out = Buffer.concat([out.subarray(0, at), Buffer.from(step.text, 'utf8'), out.subarray(at)]);
        break;
      case 'truncate':
        out = out.subarray(0, at);
        break;
    }
  }
  return out;
}
const mutated = (pool: Buffer[]) =>
  fc.tuple(fc.constantFrom(...pool), fc.array(mutation, { minLength: 1, maxLength: 6 })).map(([input, steps]) => mutate(input, steps));

/** A random MIME tree with odd charsets, encodings, boundaries and unclosed multiparts. */
const mimePart: fc.Arbitrary<string> = fc.letrec<{ part: string }>((tie) => ({
  part: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .tuple(
        fc.constantFrom('text/plain', 'text/html', 'application/pdf', 'image/png', 'text/calendar', 'message/rfc822', 'application/octet-stream'),
        fc.constantFrom('utf-8', 'iso-8859-1', 'windows-1252', 'x-unknown', 'utf-16', '"', ''),
        fc.constantFrom('7bit', '8bit', 'base64', 'quoted-printable', 'x-uuencode', ''),
        fc.constantFrom('', 'attachment', 'inline', 'attachment; filename*=utf-8\'\'%C3%A6.pdf', 'inline; filename="=?utf-8?B?w6Y=?="'),
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.base64String({ maxLength: 300 })),
      )
      .map(([type, charset, cte, disposition, body]) =>
        [`Content-Type: ${type}${charset ? `; charset=${charset}` : ''}`, cte && `Content-Transfer-Encoding: ${cte}`, disposition && `Content-Disposition: ${disposition}`]
          .filter(Boolean)
          .join('\r\n') + `\r\n\r\n${body}`,
      ),
    fc
      .tuple(fc.constantFrom('mixed', 'alternative', 'related', 'report', 'digest'), fc.stringMatching(/^[A-Za-z0-9'()+_,./:=?-]{1,20}$/), fc.array(tie('part'), { maxLength: 4 }), fc.boolean())
      .map(
        ([sub, boundary, parts, closed]) =>
          `Content-Type: multipart/${sub}; boundary="${boundary}"\r\n\r\npreamble\r\n` +
          parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('') +
          (closed ? `--${boundary}--\r\n` : ''),
      ),
  ),
})).part;

const headerValue = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom('=?utf-8?B?w6bDuMOl?=', '=?iso-8859-1?Q?S=F8ren?= <s@example.dk>', '=?bogus?X?zz?=', 'a@example.dk, "B" <b@example.dk>', 'group: a@x.dk;', '<id@x>'),
);
const builtEml = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom('From', 'To', 'Cc', 'Subject', 'Date', 'Message-ID', 'References', 'Reply-To', 'X-Postvakt-Deadline'), headerValue), { maxLength: 8 }),
    mimePart,
  )
  .map(([headers, part]) => Buffer.from(headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') + part, 'utf8'));

const MEMO_ELEMENTS = [
  'MessageHeader', 'MessageBody', 'messageType', 'messageUUID', 'label', 'notification', 'replyByDateTime', 'doNotDeliverUntilDate', 'mandatory',
  'legalNotification', 'Sender', 'senderID', 'idType', 'Recipient', 'recipientID', 'AttentionData', 'ContactPoint', 'ContactInfo', 'value',
  'MainDocument', 'AdditionalDocument', 'TechnicalDocument', 'File', 'encodingFormat', 'filename', 'language', 'content', 'Action',
  'actionCode', 'startDateTime', 'endDateTime', 'createdDateTime', 'EmailAddress', 'emailAddress', 'Telephone', 'telephoneNumber',
];
const xmlText = fc.oneof(
  fc.string({ maxLength: 60 }).map((s) => s.replace(/[<&]/g, '')),
  fc.constantFrom('2026-12-03T09:00:00Z', '2026-13-45', 'true', 'CPR', 'CVR', '0101901234', 'application/pdf', 'text/plain', 'SGVq', '&amp;&lt;', '&#229;', '<![CDATA[x]]>', '&undefined;'),
);
const memoNode: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom(...MEMO_ELEMENTS), xmlText).map(([name, text]) => `<memo:${name}>${text}</memo:${name}>`),
    fc.tuple(fc.constantFrom(...MEMO_ELEMENTS), fc.array(tie('node'), { maxLength: 5 })).map(([name, kids]) => `<memo:${name}>${kids.join('')}</memo:${name}>`),
  ),
})).node;
const builtMemo = fc
  .tuple(fc.constantFrom('1.1', '1.2', '2.0', ''), fc.array(memoNode, { maxLength: 4 }), fc.boolean())
  .map(([version, kids, declaration]) =>
    Buffer.from(
      `${declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="${version}">${kids.join('')}</memo:Message>`,
    ),
  );

const check = (arbitrary: fc.Arbitrary<Buffer>, numRuns: number, options?: ParseOptions) =>
  fc.assert(fc.asyncProperty(arbitrary, (input) => parseWithin(input, options)), { numRuns });

describe(`fuzzing the parsers (${Object.values(RUNS).reduce((a, b) => a + b)} inputs)`, () => {
  it(`e-mail: ${RUNS.emlMutated} mutated fixtures`, () => check(mutated(EML), RUNS.emlMutated), 120_000);
  it(`e-mail: ${RUNS.emlBuilt} random MIME trees`, () => check(builtEml, RUNS.emlBuilt), 120_000);
  it(`MeMo: ${RUNS.memoMutated} mutated letters`, () =>
    check(fc.oneof({ arbitrary: mutated(MEMO_TEXT), weight: 9 }, { arbitrary: mutated(MEMO_PDF), weight: 1 }), RUNS.memoMutated), 120_000);
  it(`MeMo: ${RUNS.memoBuilt} random documents`, () => check(builtMemo, RUNS.memoBuilt, { format: 'memo' }), 120_000);

  it('the generators reach both outcomes: parsed messages and clear errors', async () => {
    const outcomes = async (arbitrary: fc.Arbitrary<Buffer>) => {
      const seen = new Set<string>();
      for (const input of fc.sample(arbitrary, { numRuns: 200, seed: 42 })) {
        seen.add(await parseMessage(input).then((m) => m.format, (e: MessageError) => e.code));
      }
      return seen;
    };
    const mutatedEml = await outcomes(mutated(EML));
    expect(mutatedEml.has('eml')).toBe(true);
    expect(mutatedEml.size).toBeGreaterThan(1);
    const eml = await outcomes(builtEml);
    expect(eml.has('eml')).toBe(true);
    const memo = await outcomes(fc.oneof(mutated(MEMO_TEXT), builtMemo));
    expect(memo.has('memo')).toBe(true);
    expect(memo.has('invalid-xml')).toBe(true);
  });
});
