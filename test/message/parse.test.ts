import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseMessage, parseText } from '../../src/message/parse.ts';
import { htmlToText, sourceOffset } from '../../src/message/html.ts';

describe('parseMessage format detection', () => {
  it('reads MeMo by its namespace or XML declaration, everything else as e-mail', async () => {
    const memo = readFileSync(new URL('../fixtures/memo/06-v11-cvr-gebyr.xml', import.meta.url));
    expect(detectFormat(memo)).toBe('memo');
    expect(detectFormat(Buffer.from(memo.toString('utf8').replace(/^<\?xml[^>]*>\n/, '')))).toBe('memo');
    expect(detectFormat(Buffer.from('\uFEFF  <?xml version="1.0"?><a/>'))).toBe('memo');
    expect(detectFormat(Buffer.from('Subject: Hej\r\n\r\nTekst'))).toBe('eml');
    expect(detectFormat(Buffer.from('<!DOCTYPE html><html><body>Hej</body></html>'))).toBe('eml');
    expect((await parseMessage(memo)).format).toBe('memo');
  });

  it('an explicit format wins over detection', async () => {
    const m = await parseMessage('Subject: ikke en header\n\nBrødtekst', { format: 'text' });
    expect(m.format).toBe('text');
    expect(m.headers).toEqual([{ name: 'Subject', value: 'ikke en header' }]);
  });
});

describe('parseText (a pasted draft)', () => {
  it('takes a first "Emne:"/"Ämne:"/"Subject:" line as the subject', () => {
    const m = parseText('Ämne: Din ansökan om bygglov\n\nHej Sven,\n\nVi har tagit emot din ansökan.\n\nVänliga hälsningar\nBygglov\n');
    expect(m.subject).toBe('Din ansökan om bygglov');
    expect(m.body.text).toMatch(/^Hej Sven,\n/);
    expect(m.body.segments.map((s) => s.kind)).toEqual(['new', 'signature']);
    expect(m.channel).toBe('email');
  });

  it('keeps a draft without a subject line whole and normalises CRLF', () => {
    const m = parseText('Hej\r\nTak for i dag.\r\n');
    expect(m.subject).toBe('');
    expect(m.body.text).toBe('Hej\nTak for i dag.\n');
  });
});

describe('htmlToText', () => {
  it('keeps paragraphs and line breaks, drops scripts and styles, decodes entities', () => {
    const { text } = htmlToText('<style>p{}</style><p>Kære&nbsp;Anna</p><p>Linje 1<br>Linje 2</p><script>x()</script><ul><li>et</li><li>to</li></ul>');
    expect(text).toBe('Kære Anna\n\nLinje 1\nLinje 2\n- et\n- to');
  });

  it('keeps Outlook one-line paragraphs on one line each', () => {
    const { text } = htmlToText('<p class=MsoNormal>Hej<o:p></o:p></p><p class=MsoNormal>Venlig hilsen</p><p class=MsoNormal>Mette</p>');
    expect(text).toBe('Hej\nVenlig hilsen\nMette');
  });

  it('reads a paragraph holding only a no-break space as an empty line', () => {
    expect(htmlToText('<div>A</div><div>&nbsp;</div><div>B&nbsp;C</div>').text).toBe('A\n\nB C');
  });

  it('marks nested blockquotes with ">" per level', () => {
    const { text } = htmlToText('<div>Svar</div><blockquote><div>Første</div><blockquote><div>Ældste</div></blockquote></blockquote>');
    expect(text).toBe('Svar\n> Første\n>> Ældste');
  });

  it('maps text offsets back to the HTML, after entities and collapsed white space', () => {
    const html = '<p>A &amp; B</p>\n\n   <p>Second  \n  paragraph</p>';
    const { text, sourceMap } = htmlToText(html);
    expect(text).toBe('A & B\n\nSecond paragraph');
    const at = sourceOffset(sourceMap, text.indexOf('Second'))!;
    expect(html.slice(at, at + 6)).toBe('Second');
    expect(sourceOffset(sourceMap, 0)).toBe(3);
    for (const word of ['B', 'paragraph']) {
      const source = sourceOffset(sourceMap, text.indexOf(word))!;
      expect(html.slice(source, source + word.length)).toBe(word);
    }
    expect(sourceOffset([], 5)).toBeUndefined();
  });
});
