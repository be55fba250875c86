/**
 * A tiny PDF writer for test fixtures and the benches: pages of Helvetica text lines in WinAnsi
 * encoding, so Danish and Swedish letters (æøå, äö) survive, optionally padded to a size.
 * Written by hand because the fixtures need only text, and a real PDF library would be a
 * dependency for the tests alone.
 */
import { constants, deflateRawSync } from 'node:zlib';

export function writePdf(pages: string[][], title = 'Brev', padTo = 0): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) ;
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // pages, filled in below once the page ids are known
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  add(`<< /Title (${escape(title)}) /Producer (postvakt test support) >>`);
  const pageIds: number[] = [];
  for (const lines of pages) {
    const stream = ['BT', '/F1 11 Tf', '14 TL', '56 790 Td', ...lines.map((line) => `(${escape(line)}) Tj T*`), 'ET'].join('\n');
    add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    const contentId = objects.length;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`);
    pageIds.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  const bare = assemble(objects);
  if (padTo <= bare.length) return bare;
  // An unused stream brings the file to about `padTo` bytes, as logos and fonts do in real letters.
  const padding = Math.max(0, padTo - bare.length - 64);
  return assemble([...objects, `<< /Length ${padding} >>\nstream\n${'%'.repeat(padding)}\nendstream`]);
}

function assemble(objects: string[]): Buffer {
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * A one-page letter whose page tree also lists a second, broken page object beyond its /Count.
 * pdf.js prefetches that object and, unpatched, never awaits its rejection.
 */
export function pdfWithBrokenUncountedPage(): Buffer {
  const pdf = writePdf([['Kære borger'], ['Side to']]).toString('latin1');
  // Object 8 is the second page (catalog, pages, font, info, then content and page per page).
  return Buffer.from(pdf.replace('/Count 2', '/Count 1').replace('8 0 obj', '8 0 obx'), 'latin1');
}

function escape(text: string): string {
  // WinAnsi covers the Danish and Swedish letters; anything beyond it would be lost, so refuse it.
  if (/[^\x20-\xff]/.test(text)) throw new Error(`not WinAnsi text: ${text}`);
  return text.replace(/[\\()]/g, (c) => `\\${c}`);
}

/**
 * A one-page letter whose content stream is `decodedBytes` (a multiple of 1 MiB) of spaces,
 * Flate-compressed: a compression bomb of about 1 KB per MiB decoded. Spaces are valid content,
 * so pdf.js decodes it all. Built from one compressed MiB repeated (a sync-flushed raw deflate
 * segment refers to nothing before it), so the test never holds the decoded bytes.
 */
export function pdfBomb(decodedBytes: number): Buffer {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const count = Math.ceil(decodedBytes / chunk.length);
  const segment = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  // Adler-32 of `count` copies of the chunk, as the zlib trailer needs: n equal bytes v add n·v
  // to a and n·a + v·n(n+1)/2 to b (all below 2^53, so plain numbers are exact).
  const [n, v, mod] = [chunk.length, 0x20, 65521];
  let a = 1;
  let b = 0;
  for (let i = 0; i < count; i++) [a, b] = [(a + n * v) % mod, (b + n * a + (v * n * (n + 1)) / 2) % mod];
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(((b << 16) | a) >>> 0);
  const zlib = Buffer.concat([Buffer.from([0x78, 0xda]), ...Array<Buffer>(count).fill(segment), deflateRawSync(Buffer.alloc(0)), trailer]);
  const stream = zlib.toString('latin1');
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [5 0 R] /Count 1 >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '<< /Title (Brev) >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 6 0 R >>',
    `<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n${stream}\nendstream`,
  ]);
}
