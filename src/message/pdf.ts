/**
 * Text out of a PDF main document, so the language rules read the letter itself.
 * pdf.js (Mozilla's, maintained) through its legacy build, which runs in Node without a
 * worker thread; pages, time and decoded bytes are bounded so a hostile PDF cannot hold the
 * intake. pdf.js decodes synchronously, so its own timer below only fires between pages: the
 * check pool's deadline (`gateway/checkers.ts`) is what stops a stream that never ends.
 */
import { constants, inflateSync } from 'node:zlib';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { MessageError } from './errors.ts';

export interface PdfText {
  /** undefined when the PDF could not be read at all. */
  text?: string;
  pagesSkipped: boolean;
}

const DEFAULT_MAX_PAGES = 50;
/** Decoded bytes of all streams of one document; a letter with fonts and Flate images stays far below. */
export const DEFAULT_MAX_DECODED_BYTES = 128 * 1024 * 1024;
const TIME_LIMIT_MS = 10_000;

/**
 * What a document's compressed streams decode to, against `limit`, before pdf.js reads it: pdf.js
 * has no such limit, and a 2 MB stream of zeros inflates to 2 GB of array buffers, which no worker
 * heap limit counts. Every stream whose data starts as zlib is inflated by zlib (it stops at the
 * end of its own data) and counted; a stream that names Flate or LZW but cannot be inflated here
 * (another filter first, LZW, damaged data pdf.js might still decode) makes the document
 * `unbounded` and it is not read. Scans with indexOf only, so the cost is linear in the file
 * plus what is inflated, which the limit bounds.
 */
export function pdfDecodedSize(data: Buffer, limit: number): 'within' | 'over' | 'unbounded' {
  const text = data.toString('latin1');
  let remaining = limit;
  let from = 0;
  for (let at = text.indexOf('stream', 0); at !== -1; at = text.indexOf('stream', at + 6)) {
    if (text.startsWith('end', at - 3)) continue;
    const region = text.slice(from, at);
    const dict = region.slice(region.lastIndexOf('obj') + 1).replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    from = at + 6;
    let start = from;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    const [b0 = 0, b1 = 0] = [data[start], data[start + 1]];
    const zlibHeader = (b0 & 0x0f) === 8 && (b0 * 256 + b1) % 31 === 0;
    const compressed = /\/(?:Fl|FlateDecode|LZW|LZWDecode)(?![\w])/.test(dict);
    if (!zlibHeader) {
      if (compressed) return 'unbounded';
      continue;
    }
    try {
      // A truncated stream decodes as far as it goes, as in pdf.js.
      remaining -= inflateSync(data.subarray(start), { maxOutputLength: Math.max(1, remaining), finishFlush: constants.Z_SYNC_FLUSH }).length;
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return 'over';
      if (compressed) return 'unbounded';
    }
    if (remaining < 0) return 'over';
  }
  return 'within';
}

export async function extractPdfText(data: Buffer, options: { maxPages?: number; maxDecodedBytes?: number; filename?: string } = {}): Promise<PdfText> {
  const limit = options.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES;
  const size = pdfDecodedSize(data, limit);
  if (size === 'over') throw new MessageError('pdf-too-large', { filename: options.filename ?? '', limit });
  if (size === 'unbounded') return { pagesSkipped: false };
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(data), // pdf.js takes ownership of the bytes it is given
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('PDF text extraction timed out')), TIME_LIMIT_MS);
  });
  try {
    return await Promise.race([readPages(await Promise.race([task.promise, timeout]), options.maxPages ?? DEFAULT_MAX_PAGES), timeout]);
  } catch {
    return { pagesSkipped: false };
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => undefined);
  }
}

async function readPages(doc: { numPages: number; getPage(n: number): Promise<{ getTextContent(): Promise<{ items: unknown[] }> }> }, maxPages: number): Promise<PdfText> {
  const pages: string[] = [];
  const last = Math.min(doc.numPages, maxPages);
  for (let n = 1; n <= last; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    let page = '';
    for (const item of content.items as TextItem[]) {
      if (typeof item.str !== 'string') continue;
      page += item.str + (item.hasEOL ? '\n' : '');
    }
    pages.push(page.trim());
  }
  return { text: pages.filter(Boolean).join('\n\n'), pagesSkipped: doc.numPages > maxPages };
}
