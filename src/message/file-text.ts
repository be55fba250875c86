/**
 * The readable text of a file a message carries (a MeMo file, an e-mail attachment): plain text,
 * HTML as text, a PDF's text layer. One reader, so the checks of a Digital Post letter and the
 * masking of a released document (BK-25) see the same text in the same bytes. Anything else
 * (images, office files) has no text here: callers list it for a person to read.
 */
import { htmlToText } from './html.ts';
import { normaliseNewlines } from './input.ts';
import { extractPdfText } from './pdf.ts';

export interface FileText {
  text?: string;
  /** A PDF whose text layer could not be read (scanned, broken, or too costly to decode). */
  pdfUnreadable?: boolean;
  /** A PDF longer than the page limit: only the first pages were read. */
  pagesSkipped?: boolean;
}

/** Throws the PDF reader's `pdf-too-large` MessageError for a PDF over the decoded-size limit. */
export async function fileText(contentType: string, content: Buffer, pdf: Parameters<typeof extractPdfText>[1] = {}): Promise<FileText> {
  if (contentType.startsWith('text/plain')) return { text: normaliseNewlines(content.toString('utf8')) };
  if (contentType.startsWith('text/html')) return { text: htmlToText(content.toString('utf8')).text };
  if (contentType !== 'application/pdf' || content.length === 0) return {};
  const read = await extractPdfText(content, pdf);
  return read.text === undefined ? { pdfUnreadable: true, pagesSkipped: read.pagesSkipped } : { text: read.text, pagesSkipped: read.pagesSkipped };
}
