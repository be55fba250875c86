/**
 * SF1601 KombiPostAfsend's request and answer (issue 24), as KOMBIT's Serviceplatformen has them:
 *
 *   <kombi_request>
 *     <KombiValgKode>Digital Post | Fysisk Post | Automatisk Valg | NemSMS</KombiValgKode>
 *     <memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" …>…</memo:Message>
 *     [<ForsendelseISamling xmlns="urn:oio:fjernprint:1.0.0">…</ForsendelseISamling>]
 *   </kombi_request>
 *
 * answered by `<kombi_response><Result>true|false</Result>…</kombi_response>`. The request is
 * read without building a tree of it: a DOCTYPE is refused outright (no DTD, no entity can be
 * declared, so neither XXE nor entity expansion is possible), fast-xml-parser's validator checks
 * that it is well-formed, and one linear scan finds the top-level children. The MeMo inside is
 * cut out as text for the check pool to read; what is forwarded is always the request's own
 * bytes, so ForsendelseISamling stays byte-identical.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { DeliveryRoute } from '../decision/config.ts';
import { translate, type Lang, type Params } from '../i18n/catalog.ts';
import { MEMO_NAMESPACE } from '../message/memo.ts';
import { maskNonMarkup } from './defer.ts';
import { messages, type MessageKey } from './messages.ts';

export const FJERNPRINT_NAMESPACE = 'urn:oio:fjernprint:1.0.0';

/**
 * Each KombiValgKode and the route whose delay decides a hold (FX-2). Digital Post and NemSMS
 * reach the citizen at once (FX-1); print takes days; Automatisk Valg is Digital Post when the
 * citizen can receive it, so it uses the digital delay (issue 24).
 */
export const KOMBI_ROUTES: Readonly<Record<string, DeliveryRoute>> = {
  'Digital Post': 'digitalpost',
  NemSMS: 'nemsms',
  'Fysisk Post': 'physicalpost',
  'Automatisk Valg': 'digitalpost',
};

export type KombiErrorCode =
  | 'unauthorized'
  | 'invalid-transaction'
  | 'transaction-conflict'
  | 'unsupported-media-type'
  | 'too-large'
  | 'invalid-xml'
  | 'doctype-forbidden'
  | 'not-kombi-request'
  | 'unknown-kombivalgkode'
  | 'memo-required'
  | 'invalid-memo'
  | 'duplicate-uuid'
  | 'refused'
  | 'check-timeout'
  | 'internal';

/** A refusal in the service's own shape: HTTP status, a stable FejlId and a FejlTekst in the client's language. */
export class KombiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: KombiErrorCode,
    readonly params: Params = {},
  ) {
    super(translate(messages, 'en', `kombi.error.${code}` as MessageKey, params));
  }

  render(lang: Lang): string {
    return kombiError(this.code, translate(messages, lang, `kombi.error.${this.code}` as MessageKey, this.params));
  }
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** `Result` true, with an Advis that says what a receipt would (held until…, or forwarded), nothing more. */
export function kombiSuccess(advis: { id: string; text: string }): string {
  return (
    `${DECLARATION}<kombi_response><Result>true</Result><HovedoplysningerSvarREST><SvarReaktion><Advis>` +
    `<AdvisId>${xmlText(advis.id)}</AdvisId><AdvisTekst>${xmlText(advis.text)}</AdvisTekst>` +
    `</Advis></SvarReaktion></HovedoplysningerSvarREST></kombi_response>\n`
  );
}

export function kombiError(code: string, text: string): string {
  return (
    `${DECLARATION}<kombi_response><Result>false</Result><HovedoplysningerSvarREST><SvarReaktion><Fejl>` +
    `<FejlId>${xmlText(code)}</FejlId><FejlTekst>${xmlText(text)}</FejlTekst>` +
    `</Fejl></SvarReaktion></HovedoplysningerSvarREST></kombi_response>\n`
  );
}

export interface KombiRequest {
  valgKode: string;
  route: DeliveryRoute;
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

/** Read a kombi_request. Every refusal is a `KombiProblem` (400) naming what is wrong. */
export function readKombiRequest(body: Buffer): KombiRequest {
  const xml = body.toString('utf8').replace(/^\uFEFF/, '');
  // Refused outright rather than parsed with entities off: a kombi request never has a DTD.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new KombiProblem(400, 'doctype-forbidden');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new KombiProblem(400, 'invalid-xml', { reason: `${msg.replace(/\.$/, '')} (line ${line}, column ${col})` });
  }
  const masked = maskNonMarkup(xml);
  const { root, children } = topLevel(masked);
  if (!root || localName(root.name) !== 'kombi_request') throw new KombiProblem(400, 'not-kombi-request', { root: root?.name ?? '' });
  const rootAttributes = attributes(root);
  const inScope = (element: Element) => attributes(element)[xmlnsOf(element.name)] ?? rootAttributes[xmlnsOf(element.name)];

  const named = (local: string) => children.filter((c) => localName(c.name) === local);
  const unknown = children.find((c) => !['KombiValgKode', 'Message', 'ForsendelseISamling'].includes(localName(c.name)));
  if (unknown) throw new KombiProblem(400, 'not-kombi-request', { root: unknown.name });

  const codes = named('KombiValgKode');
  const code = codes.length === 1 ? xml.slice(codes[0]!.contentStart, codes[0]!.contentEnd).trim() : '';
  const route = Object.hasOwn(KOMBI_ROUTES, code) ? KOMBI_ROUTES[code] : undefined;
  if (!route) throw new KombiProblem(400, 'unknown-kombivalgkode', { code: code.slice(0, 40), allowed: Object.keys(KOMBI_ROUTES).join(', ') });

  const prints = named('ForsendelseISamling');
  if (prints.length > 1 || (prints[0] && inScope(prints[0]) !== FJERNPRINT_NAMESPACE)) {
    throw new KombiProblem(400, 'not-kombi-request', { root: prints[0]!.name });
  }
  // Postvakt checks and decides on the MeMo: a print-only request has nothing it can read.
  const memos = named('Message');
  if (memos.length !== 1 || inScope(memos[0]!) !== MEMO_NAMESPACE) throw new KombiProblem(400, 'memo-required');
  const memo = memos[0]!;
  let text = xml.slice(memo.start, memo.end);
  const declaration = xmlnsOf(memo.name);
  if (attributes(memo)[declaration] === undefined) {
    // Declared on kombi_request: copied onto the cut-out MeMo so it reads alone.
    const at = 1 + memo.name.length;
    text = `${text.slice(0, at)} ${declaration}="${MEMO_NAMESPACE}"${text.slice(at)}`;
  }
  return { valgKode: code, route, memo: Buffer.from(text, 'utf8'), printPart: prints.length === 1 };
}
