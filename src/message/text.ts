/**
 * A pasted draft → Message: the text is the body; a first line "Subject:", "Emne:" or "Ämne:"
 * becomes the subject, so a draft copied from a mail client keeps its title.
 */
import { blankMessage, normaliseNewlines, readInput, type ParseOptions } from './input.ts';
import { segmentBody } from './segment.ts';
import type { Message } from './types.ts';

const SUBJECT_LINE = /^(?:subject|emne|ämne)[ \t]*:[ \t]*(.*)\n/i;

export function parseText(raw: Buffer | string, options: ParseOptions = {}): Message {
  const bytes = readInput(raw, options);
  let text = normaliseNewlines(bytes.toString('utf8')).replace(/^\uFEFF/, '');
  const message = blankMessage('text', bytes.length);
  const subject = SUBJECT_LINE.exec(text);
  if (subject) {
    message.subject = subject[1]!.trim();
    message.headers.push({ name: 'Subject', value: message.subject });
    text = text.slice(subject[0].length).replace(/^\n/, '');
  }
  message.body = { text, source: 'plain', segments: segmentBody(text, message.subject) };
  return message;
}
