/**
 * Splits a body into new text, quoted history, forwarded parts and the signature block.
 *
 * Line by line: a separator or a mail-client header block ("Fra: … Sendt: …") starts
 * top-posted history that runs to the end, one level deeper each time; "> " lines are quoted
 * at their own level; an attribution ("On … wrote:", "Den … skrev …:") belongs to the quote
 * below it. Whether a header block opens a forward or a reply is read from the subject above
 * it (VS:/VB:/Fwd:). The signature is looked for at the end of the sender's own new text.
 * The cues are data (`cues.json`), so a new client's or language's variant is a line there.
 */
import cues from './cues.json' with { type: 'json' };
import type { BodySegment } from './types.ts';

type Kind = BodySegment['kind'];

interface Line {
  start: number;
  end: number; // after the line break
  text: string; // trimmed
}

interface Role {
  kind: Kind;
  depth: number;
}

const regex = (source: string) => new RegExp(source, 'iu');
const QUOTED_SEPARATORS = cues.quotedSeparators.map(regex);
const FORWARD_SEPARATORS = cues.forwardSeparators.map(regex);
const ATTRIBUTIONS = cues.attributions.map(regex);
const FROM = regex(cues.headerBlock.from);
const SENT = regex(cues.headerBlock.sent);
const SUBJECT = regex(cues.headerBlock.subject);
const FIELD = regex(cues.headerBlock.field);
const FORWARD_SUBJECT = regex(cues.forwardSubjectPrefix);
const SIGNATURE_DELIMITER = regex(cues.signatureDelimiter);
const CLOSING = new RegExp(
  `^(?:${cues.closings.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})[,.!]?(?:\\s+\\S.{0,60})?$`,
  'iu',
);
// One pass over all marker cues first, so ordinary lines cost a single regex test.
const ANY_MARKER = new RegExp([...cues.quotedSeparators, ...cues.forwardSeparators, cues.headerBlock.from].map((c) => `(?:${c})`).join('|'), 'iu');
// Lines longer than this are prose, never a cue; keeps every regex on short input.
const MAX_CUE_LENGTH = 300;

/** Segments covering `text` from 0 to its length, in order. `subject` tells forwards from replies. */
export function segmentBody(text: string, subject = ''): BodySegment[] {
  const lines = splitLines(text);
  const roles = classify(lines, FORWARD_SUBJECT.test(subject));
  markSignature(lines, roles);
  return merge(lines, roles);
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline + 1;
    lines.push({ start, end, text: text.slice(start, Math.min(end, start + MAX_CUE_LENGTH + 1)).trim() });
    start = end;
  }
  return lines;
}

function classify(lines: Line[], subjectIsForward: boolean): Role[] {
  const roles: Role[] = [];
  let depth = 0; // levels of top-posted history above this line
  let historyKind: Kind = 'new';
  let nextIsForward = subjectIsForward;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.text;
    const marker = markerAt(lines, i, nextIsForward);
    if (marker) {
      depth++;
      historyKind = marker;
      // The marker's own header lines ("Fra:", "Sendt:", "Emne:") belong to it, not to a new level.
      // Apple puts a blank line between "Begin forwarded message:" and the fields.
      let last = i;
      nextIsForward = false;
      for (let j = i + 1; j < lines.length && j <= i + 10; j++) {
        const field = lines[j]!.text;
        if (field === '' && last === i) continue;
        if (field === '' || !FIELD.test(field)) break;
        const subject = SUBJECT.exec(field);
        if (subject) nextIsForward = FORWARD_SUBJECT.test(subject[2] ?? '');
        last = j;
      }
      for (let j = i; j <= last; j++) roles.push({ kind: historyKind, depth });
      i = last;
      continue;
    }
    const quoteLevel = quoteLevelOf(line);
    const attribution = quoteLevel ? 0 : attributionLines(lines, i);
    if (quoteLevel) roles.push({ kind: 'quoted', depth: depth + quoteLevel });
    else if (attribution) {
      for (let j = 0; j < attribution; j++) roles.push({ kind: 'quoted', depth: depth + 1 });
      i += attribution - 1;
    } else if (line === '' && roles.length) roles.push({ ...roles[roles.length - 1]! });
    else roles.push({ kind: historyKind, depth });
  }
  return roles;
}

/** A line that opens top-posted history (a separator, or "From:" with "Sent:" just below), and which kind. */
function markerAt(lines: Line[], i: number, nextIsForward: boolean): Kind | undefined {
  const line = lines[i]!.text;
  if (line.length > MAX_CUE_LENGTH || !ANY_MARKER.test(line)) return undefined;
  if (FORWARD_SEPARATORS.some((re) => re.test(line))) return 'forwarded';
  const replyKind: Kind = nextIsForward ? 'forwarded' : 'quoted';
  if (QUOTED_SEPARATORS.some((re) => re.test(line))) {
    // A bare rule (Outlook's underscores, the dashes around an inlined message/rfc822) only
    // counts when a header block follows it.
    if (/^[_-]+$/.test(line) && !isHeaderBlock(lines, i + 1)) return undefined;
    return replyKind;
  }
  return isHeaderBlock(lines, i) ? replyKind : undefined;
}

function isHeaderBlock(lines: Line[], i: number): boolean {
  if (!FROM.test(lines[i]?.text ?? '')) return false;
  for (let j = i + 1; j < lines.length && j <= i + cues.headerBlock.within; j++) {
    if (SENT.test(lines[j]!.text)) return true;
  }
  return false;
}

/**
 * How many lines an attribution ("On … wrote:") takes here: 0, 1, or 2 when Gmail wrapped a
 * long name. It only counts when quoted lines follow, so prose such as "I 2025 skrev vi:" is not one.
 */
function attributionLines(lines: Line[], i: number): number {
  const line = lines[i]!.text;
  if (!line || line.length > MAX_CUE_LENGTH) return 0;
  // Every attribution ends in a colon; checking that first keeps prose lines off the regexes.
  if (line.endsWith(':')) return ATTRIBUTIONS.some((re) => re.test(line)) && quotedBelow(lines, i + 1) ? 1 : 0;
  const next = lines[i + 1]?.text;
  if (!next?.endsWith(':') || next.length > MAX_CUE_LENGTH || ATTRIBUTIONS.some((re) => re.test(next))) return 0;
  return ATTRIBUTIONS.some((re) => re.test(`${line} ${next}`)) && quotedBelow(lines, i + 2) ? 2 : 0;
}

/** The first non-blank line from `from` (looking two lines ahead) is a "> " quote. */
function quotedBelow(lines: Line[], from: number): boolean {
  for (let j = from; j < lines.length && j <= from + 2; j++) {
    const text = lines[j]!.text;
    if (text) return quoteLevelOf(text) > 0;
  }
  return false;
}

function quoteLevelOf(line: string): number {
  if (line[0] !== '>') return 0;
  let level = 0;
  for (const ch of line) {
    if (ch === '>') level++;
    else if (ch !== ' ') break;
  }
  return level;
}

/** The signature ends the sender's last stretch of new text: a "-- " line, or a closing with a short block. */
function markSignature(lines: Line[], roles: Role[]): void {
  let end = roles.length;
  while (end > 0 && roles[end - 1]!.kind !== 'new') end--;
  let begin = end;
  while (begin > 0 && roles[begin - 1]!.kind === 'new') begin--;
  while (end > begin && lines[end - 1]!.text === '') end--;
  if (end === begin) return;

  let windowEnd = end;
  let start: number | undefined;
  for (let i = end - 1; i >= begin; i--) {
    if (SIGNATURE_DELIMITER.test(lines[i]!.text)) {
      start = i;
      windowEnd = i;
      break;
    }
  }
  let contentLines = 0;
  for (let i = windowEnd - 1; i >= begin && contentLines <= cues.signatureMaxLines; i--) {
    const line = lines[i]!.text;
    if (line.length <= MAX_CUE_LENGTH && CLOSING.test(line)) start = i;
    if (line) contentLines++;
  }
  if (start === undefined) return;
  for (let i = start; i < roles.length && roles[i]!.kind === 'new'; i++) roles[i] = { kind: 'signature', depth: 0 };
}

function merge(lines: Line[], roles: Role[]): BodySegment[] {
  const segments: BodySegment[] = [];
  lines.forEach((line, i) => {
    const role = roles[i]!;
    const last = segments[segments.length - 1];
    const depth = role.kind === 'quoted' || role.kind === 'forwarded' ? role.depth : undefined;
    if (last && last.kind === role.kind && last.depth === depth) last.end = line.end;
    else segments.push({ kind: role.kind, start: line.start, end: line.end, ...(depth ? { depth } : {}) });
  });
  return segments;
}
