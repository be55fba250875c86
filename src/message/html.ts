/**
 * HTML body → readable text, keeping where each stretch of text came from.
 *
 * Written here on htmlparser2's tokenizer (fb55's well-kept, forgiving parser) rather than
 * taken from html-to-text or postal-mime's converter, because neither reports source
 * positions, and a finding in a HTML-only mail must point back into the HTML. Blockquotes
 * become "> " lines so the body segmenter sees HTML replies the same way as plain ones.
 */
import { Parser } from 'htmlparser2';
import type { SourceAnchor } from './types.ts';

export interface HtmlText {
  text: string;
  sourceMap: SourceAnchor[];
}

const SKIP = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'xml']);
const LINE = new Set(['blockquote', 'div', 'tr', 'li', 'dt', 'dd', 'table', 'ul', 'ol', 'dl', 'section', 'article', 'header', 'footer', 'center', 'address', 'hr']);
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'figure']);
const CELL = new Set(['td', 'th']);

export function htmlToText(html: string): HtmlText {
  const out = new TextBuilder();
  let skipDepth = 0;
  let preDepth = 0;

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (SKIP.has(name)) skipDepth++;
        if (skipDepth) return;
        if (name === 'br') out.lineBreak();
        else if (name === 'p' && /\bMsoNormal\b/.test(attrs.class ?? '')) out.newline(1); // Outlook's one-line paragraphs
        else if (PARAGRAPH.has(name)) out.newline(2);
        else if (LINE.has(name)) out.newline(1);
        else if (CELL.has(name)) out.space();
        if (name === 'li') out.write('- ', parser.startIndex);
        if (name === 'hr') out.write('----------', parser.startIndex);
        if (name === 'blockquote') out.quoteDepth++;
        if (name === 'pre') preDepth++;
      },
      onclosetag(name) {
        if (SKIP.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (skipDepth) return;
        if (name === 'blockquote') out.quoteDepth = Math.max(0, out.quoteDepth - 1);
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        if (name === 'p' || PARAGRAPH.has(name)) out.newline(name === 'p' ? 1 : 2);
        else if (LINE.has(name)) out.newline(1);
      },
      ontext(data) {
        if (skipDepth) return;
        if (preDepth) out.writePre(data, parser.startIndex);
        else out.writeFlowing(data, parser.startIndex);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return out.finish();
}

/**
 * Map an offset in the converted text back to the HTML it came from: exact inside the text,
 * approximate inside the line breaks and "> " marks that the conversion added.
 */
export function sourceOffset(sourceMap: readonly SourceAnchor[], textOffset: number): number | undefined {
  let lo = 0;
  let hi = sourceMap.length - 1;
  let best: SourceAnchor | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const anchor = sourceMap[mid]!;
    if (anchor.text <= textOffset) {
      best = anchor;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best && best.source + (textOffset - best.text);
}

/** Collects text with collapsed whitespace, pending line breaks and quote prefixes. */
class TextBuilder {
  quoteDepth = 0;
  private parts: string[] = [];
  private length = 0;
  private anchors: SourceAnchor[] = [];
  private pendingNewlines = 0;
  private pendingSpace = false;
  private atLineStart = true;

  newline(count: number): void {
    if (this.length === 0) return;
    this.pendingNewlines = Math.max(this.pendingNewlines, count);
    this.pendingSpace = false;
  }

  /** <br> always ends a line, so "<div><br></div>" is the empty line it shows as. */
  lineBreak(): void {
    if (this.length === 0) return;
    this.pendingNewlines++;
    this.pendingSpace = false;
  }

  space(): void {
    if (!this.atLineStart) this.pendingSpace = true;
  }

  writeFlowing(data: string, source: number): void {
    // A line holding only a no-break space is how Outlook and others write an empty line.
    if (this.pendingNewlines && /^\u00a0+$/.test(data)) {
      this.pendingNewlines++;
      return;
    }
    // Runs of words with single spaces keep their HTML positions; other white space collapses to
    // one space between runs, so each run gets its own anchor and offsets stay exact.
    let end = 0;
    for (const run of data.matchAll(/\S+(?: \S+)*/g)) {
      if (run.index > 0) this.space();
      this.write(run[0], source + run.index);
      end = run.index + run[0].length;
    }
    if (end < data.length) this.space();
  }

  writePre(data: string, source: number): void {
    const lines = data.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (i > 0) this.pendingNewlines = Math.max(this.pendingNewlines, 1);
      if (line) this.write(line, source);
    });
  }

  write(text: string, source: number): void {
    if (this.pendingNewlines) {
      this.emit('\n'.repeat(this.pendingNewlines));
      this.atLineStart = true;
    } else if (this.pendingSpace && !this.atLineStart) this.emit(' ');
    this.pendingNewlines = 0;
    this.pendingSpace = false;
    if (this.atLineStart && this.quoteDepth) this.emit('>'.repeat(this.quoteDepth) + ' ');
    this.anchors.push({ text: this.length, source });
    this.emit(text);
    this.atLineStart = false;
  }

  private emit(s: string): void {
    // Blank lines inside a blockquote keep their quote mark, so the quote stays one block.
    if (this.quoteDepth && s.startsWith('\n')) s = s.replace(/\n(?=\n)/g, `\n${'>'.repeat(this.quoteDepth)}`);
    this.parts.push(s);
    this.length += s.length;
  }

  finish(): HtmlText {
    return { text: this.parts.join(''), sourceMap: this.anchors };
  }
}
