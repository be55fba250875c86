import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isInputError } from '../../src/cli/errors.ts';
import { MessageError, parseMessage, validateMemo } from '../../src/message/parse.ts';
import { describeWarning } from '../../src/message/messages.ts';
import { extractPdfText } from '../../src/message/pdf.ts';
import { pdfWithBrokenUncountedPage } from './support/pdf-writer.ts';

const EML = new URL('../fixtures/messages/malformed/', import.meta.url);
const MEMO = new URL('../fixtures/memo/malformed/', import.meta.url);
const load = (dir: URL, name: string) => readFileSync(new URL(name, dir));

async function errorOf(input: Buffer | string, options?: Parameters<typeof parseMessage>[1]): Promise<MessageError> {
  const err = await parseMessage(input, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MessageError);
  return err as MessageError;
}

describe('malformed e-mail: a best-effort parse with a warning', () => {
  it('a MIME message cut off mid-attachment keeps its text and says it is truncated', async () => {
    const m = await parseMessage(load(EML, 'truncated-mime.eml'));
    expect(m.warnings).toEqual([{ code: 'truncated-mime' }]);
    expect(m.body.text).toContain('her er lejekontrakten til underskrift');
    expect(m.attachments).toEqual([expect.objectContaining({ filename: 'lejekontrakt.pdf', contentType: 'application/pdf' })]);
  });

  it('damaged base64 keeps what decodes', async () => {
    const m = await parseMessage(load(EML, 'bad-base64.eml'));
    expect(m.warnings).toEqual([{ code: 'bad-base64', detail: 'text/plain: characters outside base64' }]);
    expect(m.body.text).toMatch(/^Hej Per,\n\nDu har fått färdtjänst/);
  });

  it('an unknown charset in the body and in an encoded word is named', async () => {
    const m = await parseMessage(load(EML, 'unknown-charset.eml'));
    expect(m.warnings).toEqual([{ code: 'unknown-charset', detail: 'x-klingon-8' }]);
    expect(m.subject).toBe('Kvittering for din ansøgning');
    // The body's bytes are valid UTF-8, so that is how they are read rather than as Windows-1252 mojibake.
    expect(m.body.text).toBe('Vi har modtaget din ansøgning og vender tilbage inden for 14 dage.\n');
    expect(describeWarning(m.warnings[0]!, 'da')).toBe(
      'Tegnsættet "x-klingon-8" er ukendt; teksten er læst som UTF-8, hvor det var muligt, ellers som Windows-1252, så nogle bogstaver kan være forkerte.',
    );
  });

  it('text without headers is read as a draft', async () => {
    const m = await parseMessage(load(EML, 'no-headers.eml'));
    expect(m.warnings).toEqual([{ code: 'no-headers' }]);
    expect(m.format).toBe('text');
    expect(m.body.text).toMatch(/^Hej Jonas\n/);
    expect(m.body.segments.map((s) => s.kind)).toEqual(['new', 'signature']);
  });

  it('broken addresses, encoded words and dates do not stop the parse', async () => {
    const m = await parseMessage(load(EML, 'bad-date-and-addresses.eml'));
    expect(m.warnings).toEqual([{ code: 'bad-date', detail: 'the day after tomorrow' }]);
    expect(m.date).toBeUndefined();
    expect(m.body.text).toBe('Brødtekst efter ødelagte headere.\n');
  });

  it('a 10 MB header is refused with one clear line', async () => {
    const raw = `From: a@example.dk\r\nX-Padding: ${'a'.repeat(10 * 1024 * 1024)}\r\nSubject: stor\r\n\r\nHej\r\n`;
    const err = await errorOf(raw);
    expect(err.code).toBe('header-too-large');
    expect(err.message).toBe('The message headers are larger than the limit of 2097152 bytes.');
    expect(err.describe('sv')).toBe('Meddelandets huvuden är större än gränsen på 2097152 byte.');
  });

  it('input beyond the size limit and empty input are refused', async () => {
    expect((await errorOf('Subject: x\r\n\r\n' + 'x'.repeat(2000), { maxBytes: 1000 })).code).toBe('too-large');
    expect((await errorOf(' \r\n\t')).code).toBe('empty-input');
    expect((await errorOf(Buffer.alloc(0))).code).toBe('empty-input');
  });

  it('deeply nested multiparts and a runaway boundary are bounded', async () => {
    let raw = 'From: a@example.dk\r\nSubject: dyb\r\n';
    for (let i = 0; i < 400; i++) raw += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
    raw += 'Content-Type: text/plain\r\n\r\nbund\r\n';
    const err = await errorOf(raw);
    expect(err.code).toBe('unreadable-mime');
    expect(err.message).toMatch(/nesting depth/);
  });
});

describe('malformed MeMo: a clear error, never an entity expanded', () => {
  it.each([
    ['xxe.xml', 'doctype-forbidden'],
    ['billion-laughs.xml', 'doctype-forbidden'],
    ['invalid-xml.xml', 'invalid-xml'],
    ['truncated.xml', 'invalid-xml'],
    ['not-memo.xml', 'not-memo'],
  ])('%s → %s', async (name, code) => {
    const raw = load(MEMO, name);
    const err = await errorOf(raw);
    expect(err.code).toBe(code);
    expect(err.message).not.toMatch(/\n/);
    expect(() => validateMemo(raw)).toThrow(MessageError);
  });

  it('errors say where the XML breaks', async () => {
    expect((await errorOf(load(MEMO, 'invalid-xml.xml'))).message).toMatch(/closing tag 'memo:labl'.*line 7/);
  });

  it('a DOCTYPE is refused even when the letter is forced to MeMo or hidden after a comment', async () => {
    const raw = `<!-- a comment --><!DOCTYPE x [<!ENTITY e SYSTEM "http://169.254.169.254/">]><x>&e;</x>`;
    expect((await errorOf(raw, { format: 'memo' })).code).toBe('doctype-forbidden');
  });

  it('damaged base64 in a file is a warning, with the element path', async () => {
    const m = await parseMessage(load(MEMO, 'bad-base64.xml'));
    expect(m.warnings).toContainEqual({ code: 'bad-base64', detail: 'brev.txt' });
    expect(m.warnings).toContainEqual(expect.objectContaining({ code: 'memo-invalid', path: 'MessageBody/MainDocument/File[1]/content' }));
    expect(describeWarning(m.warnings[0]!, 'en')).toMatch(/^The letter does not follow MeMo at MessageBody\/MainDocument\/File\[1\]\/content: the file content in base64/);
  });

  it('a broken PDF main document gives a warning, not a crash', async () => {
    const xml = readFileSync(new URL('../fixtures/memo/03-v11-pdf-indkaldelse.xml', import.meta.url), 'utf8').replace(
      /(<memo:content>)[^<]*/,
      `$1${Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer <<>>\n%%EOF').toString('base64')}`,
    );
    const m = await parseMessage(xml);
    expect(m.warnings).toContainEqual({ code: 'pdf-unreadable', detail: 'indkaldelse.pdf' });
    expect(m.body.source).toBe('none');
  });

  it('a PDF with a broken page object beyond its page count leaves no unhandled rejection behind', async () => {
    // pdf.js prefetches every top-level page object and may never await the one that fails;
    // in a server an unhandled rejection ends the process (patched at install, see ARCHITECTURE).
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      expect(await extractPdfText(pdfWithBrokenUncountedPage())).toEqual({ text: 'Kære borger', pagesSkipped: false });
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', record);
    }
    expect(unhandled).toEqual([]);
  });
});

describe('MessageError', () => {
  it('is registered as an input error, so the CLI prints one line and exits 2', () => {
    expect(isInputError(new MessageError('invalid-xml', { reason: 'x' }))).toBe(true);
  });

  it('every warning code and error code has Danish, Swedish and English text', async () => {
    const { messages } = await import('../../src/message/messages.ts');
    const keys = Object.keys(messages.en).sort();
    expect(Object.keys(messages.da).sort()).toEqual(keys);
    expect(Object.keys(messages.sv).sort()).toEqual(keys);
    for (const lang of ['da', 'sv'] as const) for (const key of keys) expect(messages[lang][key as keyof typeof messages.en]).not.toBe(messages.en[key as keyof typeof messages.en]);
  });
});
