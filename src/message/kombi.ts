/**
 * SF1601 KombiPostAfsend's request (issue 24), as KOMBIT's Serviceplatformen takes it:
 *
 *   <kombi_request>
 *     <KombiValgKode>Digital Post | Fysisk Post | Automatisk Valg | NemSMS</KombiValgKode>
 *     <memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" …>…</memo:Message>
 *     [<ForsendelseISamling xmlns="urn:oio:fjernprint:1.0.0">…</ForsendelseISamling>]
 *   </kombi_request>
 *
 * Read without building a tree of it, in the check pool like every parser of outside input: a
 * DOCTYPE is refused outright (no DTD, no entity can be declared, so neither XXE nor entity
 * expansion is possible), fast-xml-parser's validator checks that it is well-formed, and one
 * linear scan finds the top-level children. The MeMo inside is cut out as text and read by
 * `parseMemo`; what the intake forwards is always the request's own bytes, so
 * ForsendelseISamling stays byte-identical.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MessageError } from './errors.ts';
import { MEMO_NAMESPACE, parseMemo } from './memo.ts';
import { maskNonMarkup } from './markup.ts';
import type { ParseOptions } from './input.ts';
import type { Message } from './types.ts';

export const FJERNPRINT_NAMESPACE = 'urn:oio:fjernprint:1.0.0';
export const KOMBI_VALG_KODER = ['Digital Post', 'Fysisk Post', 'Automatisk Valg', 'NemSMS'] as const;
export type KombiValgKode = (typeof KOMBI_VALG_KODER)[number];

const isValgKode = (code: string): code is KombiValgKode => (KOMBI_VALG_KODER as readonly string[]).includes(code);

/** A kombi request as a Message: its MeMo read as any letter, with the request's own fields on `kombi`. */
export async function parseKombi(bytes: Buffer, options: ParseOptions): Promise<Message> {
  const request = readKombiRequest(bytes);
  const message = await parseMemo(request.memo, options);
  message.kombi = { valgKode: request.valgKode, printPart: request.printPart };
  message.size = bytes.length;
  return message;
}

export interface KombiRequest {
  valgKode: KombiValgKode;
  /** The MeMo, cut out and standing alone (namespace declarations it inherited copied onto it), for reading only. */
  memo: Buffer;
  /** Whether a ForsendelseISamling (print) part came along; it is forwarded as it is. */
  printPart: boolean;
}

interface Element {
  /** Qualified name as written. */
  name: string;
  startTag: string;
  start: number;
  /** Where its content starts (after the start tag) and where its end tag starts. */
  contentStart: number;
  contentEnd: number;
  end: number;
}

/** The end of the tag opened at `at` (its `>`), skipping quoted attribute values, which may hold `>`. */
function tagEnd(text: string, at: number): number {
  let quote = '';
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return text.length - 1;
}

/** The root's start tag and its element children, by one scan over well-formed, masked XML. */
function topLevel(masked: string): { root: Element | undefined; children: Element[] } {
  const children: Element[] = [];
  let root: Element | undefined;
  let open: Element | undefined;
  let depth = 0;
  for (let at = masked.indexOf('<'); at !== -1; at = masked.indexOf('<', at + 1)) {
    if (masked[at + 1] === '/') {
      const end = tagEnd(masked, at);
      depth -= 1;
      if (depth === 1 && open) children.push({ ...open, contentEnd: at, end: end + 1 });
      at = end;
      continue;
    }
    const end = tagEnd(masked, at);
    const startTag = masked.slice(at, end + 1);
    const name = /^<([^\s/>]+)/.exec(startTag)?.[1] ?? '';
    const selfClosing = masked[end - 1] === '/';
    const element = { name, startTag, start: at, contentStart: end + 1, contentEnd: end + 1, end: end + 1 };
    if (depth === 0) root = element;
    else if (depth === 1) {
      if (selfClosing) children.push(element);
      else open = element;
    }
    if (!selfClosing) depth += 1;
    at = end;
  }
  return { root, children };
}

const attributeParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, processEntities: true, htmlEntities: false });

/** The attributes of one start tag, read by the same parser as a lone empty element. */
function attributes(element: Element): Record<string, string> {
  const empty = element.startTag.replace(/\/?>$/, '/>');
  const parsed = attributeParser.parse(empty) as Record<string, unknown>;
  const node = parsed[element.name];
  return node && typeof node === 'object' ? (node as Record<string, string>) : {};
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);
const prefixOf = (name: string) => (name.includes(':') ? name.slice(0, name.indexOf(':')) : '');
const xmlnsOf = (name: string) => (prefixOf(name) ? `xmlns:${prefixOf(name)}` : 'xmlns');

/** Read a kombi_request. What is not one throws `MessageError` naming what is wrong. */
export function readKombiRequest(body: Buffer): KombiRequest {
  const xml = body.toString('utf8').replace(/^\uFEFF/, '');
  // Refused outright rather than parsed with entities off: a kombi request never has a DTD.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new MessageError('doctype-forbidden');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new MessageError('invalid-xml', { reason: `${msg.replace(/\.$/, '')} (line ${line}, column ${col})` });
  }
  const masked = maskNonMarkup(xml);
  const { root, children } = topLevel(masked);
  if (!root || localName(root.name) !== 'kombi_request') throw new MessageError('kombi-not-request', { root: root?.name ?? '' });
  const rootAttributes = attributes(root);
  const inScope = (element: Element) => attributes(element)[xmlnsOf(element.name)] ?? rootAttributes[xmlnsOf(element.name)];

  const named = (local: string) => children.filter((c) => localName(c.name) === local);
  const unknown = children.find((c) => !['KombiValgKode', 'Message', 'ForsendelseISamling'].includes(localName(c.name)));
  if (unknown) throw new MessageError('kombi-not-request', { root: unknown.name });

  const codes = named('KombiValgKode');
  const code = codes.length === 1 ? xml.slice(codes[0]!.contentStart, codes[0]!.contentEnd).trim() : '';
  if (!isValgKode(code)) throw new MessageError('kombi-unknown-code', { code: code.slice(0, 40), allowed: KOMBI_VALG_KODER.join(', ') });

  const prints = named('ForsendelseISamling');
  if (prints.length > 1 || (prints[0] && inScope(prints[0]) !== FJERNPRINT_NAMESPACE)) {
    throw new MessageError('kombi-not-request', { root: prints[0]!.name });
  }
  // Postvakt checks and decides on the MeMo: a print-only request has nothing it can read.
  const memos = named('Message');
  if (memos.length !== 1 || inScope(memos[0]!) !== MEMO_NAMESPACE) throw new MessageError('kombi-memo-required');
  const memo = memos[0]!;
  let text = xml.slice(memo.start, memo.end);
  const declaration = xmlnsOf(memo.name);
  if (attributes(memo)[declaration] === undefined) {
    // Declared on kombi_request: copied onto the cut-out MeMo so it reads alone.
    const at = 1 + memo.name.length;
    text = `${text.slice(0, at)} ${declaration}="${MEMO_NAMESPACE}"${text.slice(at)}`;
  }
  return { valgKode: code, memo: Buffer.from(text, 'utf8'), printPart: prints.length === 1 };
}
