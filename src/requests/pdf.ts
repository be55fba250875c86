/**
 * The released copy (BK-25): the documents as a PDF (pdfkit) with black boxes where text is
 * masked, and the grounds used listed at the end. Masked text is never handed to the PDF library
 * at all — each box is a filled rectangle the width of what it covers — so no extraction, copy or
 * hidden layer can bring it back. Built-in Helvetica (WinAnsi) covers æøåäö; characters outside
 * WinAnsi are written as "?" rather than as wrong glyphs.
 */
import PDFDocument from 'pdfkit';
import { translate, type Lang } from '../i18n/catalog.ts';
import type { RequestDocument } from './documents.ts';
import type { Span } from './identifiers.ts';
import { messages } from './messages.ts';

export interface ReleasedGround {
  id: string;
  /** The provision and its text, as the catalogue words it in the letter's language. */
  text: string;
}

export interface ReleaseInput {
  requestId: string;
  lang: Lang;
  timeZone: string;
  documents: RequestDocument[];
  masksOf(document: string, part: string): Span[];
  grounds: ReleasedGround[];
  /** BK-29: the mailbox and period of a log extract, for its heading. */
  log?: { mailbox: string; from: string; to: string };
  /** Fixed for reproducible output (tests); default now. */
  createdAt?: Date;
}

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const SIZE = 10;
const MARGIN = 56;

// WinAnsi: printable Latin-1 plus the 0x80–0x9F specials.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
function winAnsi(text: string): string {
  return text.replace(/[^\n]/gu, (c) => {
    const code = c.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(c)) return c;
    return c === '\t' ? ' ' : '?';
  });
}

interface Token {
  text: string;
  masked: boolean;
  space: boolean;
}

/** Words and spaces of one line of text, each marked masked or not. */
function tokens(line: string, offset: number, spans: Span[]): Token[] {
  const out: Token[] = [];
  // Cut the line at every mask edge, then into words and spaces.
  const cuts = new Set<number>([0, line.length]);
  for (const s of spans) {
    if (s.end <= offset || s.start >= offset + line.length) continue;
    cuts.add(Math.max(0, s.start - offset));
    cuts.add(Math.min(line.length, s.end - offset));
  }
  const edges = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < edges.length; i++) {
    const from = edges[i]!;
    const to = edges[i + 1]!;
    const masked = spans.some((s) => s.start <= offset + from && s.end >= offset + to);
    for (const m of line.slice(from, to).matchAll(/\s+|\S+/gu)) out.push({ text: m[0], masked, space: /^\s/u.test(m[0]) });
  }
  return out;
}

interface Piece {
  x: number;
  width: number;
  masked: boolean;
  text: string;
}

export async function renderReleasedPdf(input: ReleaseInput): Promise<{ pdf: Buffer; pages: number; boxes: number }> {
  const t = (key: keyof (typeof messages)['en'], params?: Record<string, string>) => translate(messages, input.lang, key, params);
  const createdAt = input.createdAt ?? new Date();
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: t('pdf.title', { id: input.requestId }), Creator: 'Postvakt', Producer: 'Postvakt', CreationDate: createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN;
  const lineHeight = SIZE * 1.35;
  let y = MARGIN;
  let boxes = 0;
  const newLine = (h = lineHeight) => {
    y += h;
    if (y + lineHeight > bottom()) {
      doc.addPage();
      y = MARGIN;
    }
  };
  const plain = (text: string, font = FONT, size = SIZE) => {
    doc.font(font).fontSize(size);
    const h = doc.heightOfString(winAnsi(text), { width });
    if (y + h > bottom()) {
      doc.addPage();
      y = MARGIN;
    }
    doc.text(winAnsi(text), MARGIN, y, { width });
    y += h + 2;
  };

  /** Text with masked spans, wrapped by hand so that a masked word is measured but never written. */
  const masked = (text: string, spans: Span[], indent = 0) => {
    doc.font(FONT).fontSize(SIZE);
    let offset = 0;
    for (const line of text.split('\n')) {
      let pieces: Piece[] = [];
      let x = indent;
      const flush = () => {
        for (const p of pieces) {
          if (p.masked) {
            doc.rect(MARGIN + p.x, y - 1, Math.max(p.width, 4), SIZE + 2).fill('#000000');
            boxes++;
          } else doc.fillColor('#000000').text(p.text, MARGIN + p.x, y, { lineBreak: false });
        }
        pieces = [];
        x = indent;
        newLine();
      };
      for (const token of tokens(line, offset, spans)) {
        // Words are measured in WinAnsi: what is written, or what the box stands for.
        let text = winAnsi(token.text);
        if (token.space && !token.masked && x === indent) continue;
        let w = doc.widthOfString(text);
        if (!token.space && x + w > width && x > indent) flush();
        // A word longer than the line is cut where the line ends.
        while (!token.space && w > width - indent) {
          let n = text.length - 1;
          while (n > 1 && doc.widthOfString(text.slice(0, n)) > width - x) n--;
          pieces.push({ x, width: doc.widthOfString(text.slice(0, n)), masked: token.masked, text: text.slice(0, n) });
          flush();
          text = text.slice(n);
          w = doc.widthOfString(text);
        }
        const last = pieces.at(-1);
        // Neighbours of one kind become one piece: one box per masked stretch, one text run per line.
        if (last && last.masked === token.masked && Math.abs(last.x + last.width - x) < 0.01) {
          last.text += text;
          last.width += w;
        } else pieces.push({ x, width: w, masked: token.masked, text });
        x += w;
      }
      flush();
      offset += line.length + 1;
    }
  };

  plain(t('pdf.title', { id: input.requestId }), BOLD, 14);
  newLine(4);
  for (const d of input.documents) {
    const spansOf = (part: string) => input.masksOf(d.id, part);
    if (d.id === 'log' && input.log) plain(t('pdf.log', input.log), BOLD, 11);
    for (const p of d.parts) {
      const label =
        p.part === 'from' ? t('pdf.from') : p.part === 'to' ? t('pdf.to') : p.part === 'subject' ? t('pdf.subject') : p.part.startsWith('attachment:') ? `${t('pdf.attachment')}: ${p.label ?? ''}` : p.part.startsWith('log:') ? p.label : undefined;
      if (p.part === 'body') {
        if (d.date) plain(`${t('pdf.date')}: ${new Intl.DateTimeFormat(input.lang === 'sv' ? 'sv-SE' : 'da-DK', { dateStyle: 'long', timeStyle: 'short', timeZone: input.timeZone }).format(d.date)}`);
        newLine(4);
        masked(p.text, spansOf(p.part));
        continue;
      }
      if (label !== undefined) {
        doc.font(BOLD).fontSize(SIZE).text(winAnsi(`${label}:`), MARGIN, y, { lineBreak: false });
      }
      masked(p.text, spansOf(p.part), p.part.startsWith('log:') ? 110 : 70);
    }
    if (d.unreadable.length > 0) plain(t('pdf.unreadable', { names: d.unreadable.join(', ') }));
    newLine(lineHeight);
  }
  plain(input.grounds.length > 0 ? t('pdf.masked') : t('pdf.noMasks'), BOLD);
  for (const g of input.grounds) plain(`• ${g.id}: ${g.text}`);

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // The footer sits in the bottom margin, where pdfkit would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc.font(FONT).fontSize(8).text(winAnsi(`${input.requestId} · ${t('pdf.page', { page: String(i + 1) })}`), MARGIN, doc.page.height - MARGIN / 2, { lineBreak: false });
  }
  doc.end();
  await done;
  return { pdf: Buffer.concat(chunks), pages: range.count, boxes };
}
