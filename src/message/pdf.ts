/**
 * Text out of a PDF main document, so the language rules read the letter itself.
 * pdf.js (Mozilla's, maintained) through its legacy build, which runs in Node without a
 * worker thread; pages and time are bounded so a hostile PDF cannot hold the intake.
 */
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';

export interface PdfText {
  /** undefined when the PDF could not be read at all. */
  text?: string;
  pagesSkipped: boolean;
}

const DEFAULT_MAX_PAGES = 50;
const TIME_LIMIT_MS = 10_000;

export async function extractPdfText(data: Buffer, options: { maxPages?: number } = {}): Promise<PdfText> {
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
