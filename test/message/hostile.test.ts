/**
 * Letters built to make a reader do more than linear work or allocate without bound (issue 23):
 * a CDATA section full of `<?` (the MeMo root was found by a lazy pattern over the whole XML,
 * whose cost grew with the square of the letter) and a PDF whose Flate stream inflates to
 * hundreds of MB from a few hundred KB. Bounds are generous: the old code took minutes and GBs.
 */
import { describe, expect, it } from 'vitest';
import { MessageError, parseMessage } from '../../src/message/parse.ts';
import { DEFAULT_MAX_DECODED_BYTES, pdfDecodedSize } from '../../src/message/pdf.ts';
import { withDoNotDeliverUntilDate } from '../../src/digitalpost/defer.ts';
import { memoLetter, piFlood } from '../digitalpost/letters.ts';
import { pdfBomb, writePdf } from './support/pdf-writer.ts';

describe('hostile MeMo letters', () => {
  it('reads a letter whose CDATA holds 300,000 unclosed <? in linear time, and reports its MeMo issues from that one reading', async () => {
    const started = Date.now();
    const message = await parseMessage(piFlood(300_000), { maxBytes: 10_000_000 });
    // The quadratic pattern took about a minute on 600 KB; the parser takes milliseconds.
    expect(Date.now() - started).toBeLessThan(5_000);
    const issue = message.warnings.find((w) => w.code === 'memo-invalid');
    expect(issue).toMatchObject({ path: 'MessageHeader/label', expected: 'at most 256 characters', got: '600000 characters' });
  });

  it('places doNotDeliverUntilDate in linear time in a letter with a long run of spaces and many <?', () => {
    const text = piFlood(100_000).toString('utf8').replace('<memo:mandatory>', `${' '.repeat(300_000)}\n    <memo:mandatory>`);
    const started = Date.now();
    const out = withDoNotDeliverUntilDate(Buffer.from(text, 'utf8'), '2026-12-07').toString('utf8');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(out).toContain('<memo:doNotDeliverUntilDate>2026-12-07</memo:doNotDeliverUntilDate>\n    <memo:mandatory>');
  });

  it('reads an SF1601 kombi_request whose MeMo holds 300,000 unclosed <? in a CDATA, and whose attributes hold a run of >, in linear time', async () => {
    const memo = piFlood(300_000).toString('utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
    const kombi = Buffer.from(`<kombi_request note="${'>'.repeat(300_000)}"><KombiValgKode>NemSMS</KombiValgKode>${memo}</kombi_request>`, 'utf8');
    const started = Date.now();
    const message = await parseMessage(kombi, { format: 'kombi', maxBytes: 10_000_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(message.kombi).toEqual({ valgKode: 'NemSMS', printPart: false });
    expect(message.warnings.find((w) => w.code === 'memo-invalid')).toMatchObject({ path: 'MessageHeader/label', got: '600000 characters' });
  });

  it('refuses a letter whose PDF inflates to 300 MB from a file of 300 KB, before pdf.js decodes it', async () => {
    const bomb = pdfBomb(300 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1_000_000);
    const before = process.memoryUsage().rss;
    const err = await parseMessage(memoLetter({ pdf: bomb }), { maxBytes: 10_000_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MessageError);
    expect((err as MessageError).code).toBe('pdf-too-large');
    expect((err as MessageError).describe('da')).toContain('brev.pdf');
    // At most the cap was inflated (to count it), never the 300 MB.
    expect(process.memoryUsage().rss - before).toBeLessThan(DEFAULT_MAX_DECODED_BYTES + 64 * 1024 * 1024);
  });

  it('counts what a PDF decodes to, and does not read one whose compressed streams it cannot count', () => {
    expect(pdfDecodedSize(writePdf([['Kære borger']]), 1024)).toBe('within');
    expect(pdfDecodedSize(pdfBomb(2 * 1024 * 1024), 1024 * 1024)).toBe('over');
    expect(pdfDecodedSize(pdfBomb(2 * 1024 * 1024), 3 * 1024 * 1024)).toBe('within');
    // Another filter before Flate, LZW, or a name spelled with # escapes: not countable here.
    const hidden = (filter: string) => pdfDecodedSize(Buffer.from(`1 0 obj\n<< /Length 4 /Filter ${filter} >>\nstream\nabcd\nendstream\nendobj\n`, 'latin1'), 1024);
    expect(hidden('[/ASCIIHexDecode /FlateDecode]')).toBe('unbounded');
    expect(hidden('/LZWDecode')).toBe('unbounded');
    expect(hidden('/Flate#44ecode')).toBe('unbounded');
    expect(hidden('/DCTDecode')).toBe('within');
  });
});
