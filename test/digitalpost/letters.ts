/**
 * MeMo letters for the Digital Post tests and bench, built to order: a recipient, a title,
 * deadlines, and a main document as text or as a real PDF (with an optional padding stream so
 * the file reaches a given size, as letters with logos and fonts do). CPR numbers are made up.
 */
import { randomUUID } from 'node:crypto';
import { writePdf } from '../message/support/pdf-writer.ts';

export interface LetterOptions {
  uuid?: string;
  version?: '1.1' | '1.2';
  recipientCpr?: string;
  label?: string;
  notification?: string;
  replyByDateTime?: string;
  legalNotification?: boolean;
  /** An Action whose endDateTime is this instant. */
  actionEnd?: string;
  /** The letter's text; in a PDF when `pdfSize` is set, else as text/plain. */
  text?: string;
  /** Make the main document a PDF of at least this many bytes. */
  pdfSize?: number;
  /** Make the main document this PDF, as it is. */
  pdf?: Buffer;
}

const DEFAULT_TEXT = [
  'Kære borger',
  'Vi har modtaget din ansøgning om boligstøtte og har nu behandlet den.',
  'Du får 1.250 kr. om måneden fra 1. januar.',
  'Har du spørgsmål, er du velkommen til at ringe til os på 70 00 00 00 mandag til fredag kl. 8-13.',
  'Venlig hilsen',
  'Ydelsesservice, Eksempel Kommune',
].join('\n');

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function memoLetter(options: LetterOptions = {}): Buffer {
  const uuid = options.uuid ?? randomUUID();
  const text = options.text ?? DEFAULT_TEXT;
  const pdf = options.pdf ?? (options.pdfSize ? writePdf([text.split('\n')], 'Brev', options.pdfSize) : undefined);
  const file = pdf
    ? { format: 'application/pdf', name: 'brev.pdf', content: pdf }
    : { format: 'text/plain', name: 'brev.txt', content: Buffer.from(text, 'utf8') };
  const header = [
    `<memo:messageType>DIGITALPOST</memo:messageType>`,
    `<memo:messageUUID>${uuid}</memo:messageUUID>`,
    `<memo:label>${xmlEscape(options.label ?? 'Afgørelse om boligstøtte fra 1. januar')}</memo:label>`,
    options.notification ? `<memo:notification>${xmlEscape(options.notification)}</memo:notification>` : '',
    options.replyByDateTime ? `<memo:replyByDateTime>${options.replyByDateTime}</memo:replyByDateTime>` : '',
    `<memo:mandatory>false</memo:mandatory>`,
    `<memo:legalNotification>${options.legalNotification ? 'true' : 'false'}</memo:legalNotification>`,
    `<memo:Sender><memo:senderID>29189978</memo:senderID><memo:idType>CVR</memo:idType><memo:label>Eksempel Kommune</memo:label>` +
      `<memo:ContactPoint><memo:label>Ydelsesservice</memo:label><memo:ContactInfo><memo:label>Telefon</memo:label><memo:value>70 00 00 00</memo:value></memo:ContactInfo>` +
      `<memo:ContactInfo><memo:label>Telefontid</memo:label><memo:value>Mandag-fredag kl. 8-13</memo:value></memo:ContactInfo></memo:ContactPoint></memo:Sender>`,
    `<memo:Recipient><memo:recipientID>${options.recipientCpr ?? '0101901234'}</memo:recipientID><memo:idType>CPR</memo:idType></memo:Recipient>`,
  ].filter(Boolean);
  const action = options.actionEnd
    ? `\n      <memo:Action><memo:label>Send dokumentation</memo:label><memo:actionCode>SELVBETJENING</memo:actionCode>` +
      `<memo:endDateTime>${options.actionEnd}</memo:endDateTime></memo:Action>`
    : '';
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
      `<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="${options.version ?? '1.1'}">\n` +
      `  <memo:MessageHeader>\n${header.map((h) => `    ${h}\n`).join('')}  </memo:MessageHeader>\n` +
      `  <memo:MessageBody>\n    <memo:createdDateTime>2026-11-20T09:00:00Z</memo:createdDateTime>\n    <memo:MainDocument>\n` +
      `      <memo:File><memo:encodingFormat>${file.format}</memo:encodingFormat><memo:filename>${file.name}</memo:filename>` +
      `<memo:language>da</memo:language><memo:content>${file.content.toString('base64')}</memo:content></memo:File>${action}\n` +
      `    </memo:MainDocument>\n  </memo:MessageBody>\n</memo:Message>\n`,
    'utf8',
  );
}

/** A letter whose label is a CDATA section of `count` unclosed `<?` (2 bytes each): cheap to parse, quadratic for a lazy pattern. */
export function piFlood(count: number): Buffer {
  return Buffer.from(
    memoLetter({ label: 'X' }).toString('utf8').replace('<memo:label>X</memo:label>', `<memo:label><![CDATA[${'<?'.repeat(count)}]]></memo:label>`),
    'utf8',
  );
}
