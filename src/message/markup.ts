/** Where XML markup is: the parts of a document that are not comments, CDATA or processing instructions. */

const NON_MARKUP: Array<[open: string, close: string]> = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
];

/**
 * Comments, CDATA and processing instructions blanked out (same length), so tag searches skip
 * them. A scan by indexOf, not a lazy pattern: on a letter with many unclosed `<?` a pattern
 * costs the square of the letter's length.
 */
export function maskNonMarkup(text: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let at = text.indexOf('<'); at !== -1; at = text.indexOf('<', at + 1)) {
    const kind = NON_MARKUP.find(([open]) => text.startsWith(open, at));
    if (!kind) continue;
    const close = text.indexOf(kind[1], at + kind[0].length);
    const end = close === -1 ? text.length : close + kind[1].length;
    parts.push(text.slice(from, at), ' '.repeat(end - at));
    from = end;
    at = end - 1;
  }
  parts.push(text.slice(from));
  return parts.join('');
}
