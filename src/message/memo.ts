/**
 * Digital Post MeMo 1.1 / 1.2 letters → Message, and their validation.
 *
 * Safety first: any DOCTYPE is refused before parsing (no DTD, no entity of any kind can be
 * declared, so neither XXE nor billion-laughs is possible), the input size is bounded by
 * `readInput`, and fast-xml-parser only decodes the five predefined entities and character
 * references. Validation returns every problem with the element path and what was expected,
 * so the Digital Post intake can answer HTTP 400 with something a case system can fix.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MessageError } from './errors.ts';
import { fileText } from './file-text.ts';
import { blankMessage, readInput, type ParseOptions } from './input.ts';
import { segmentBody } from './segment.ts';
import type { Attachment, ContactInfo, MemoAction, MemoData, MemoFile, Message } from './types.ts';

export const MEMO_NAMESPACE = 'https://DigitalPost.dk/MeMo-1';
export const MEMO_VERSIONS = ['1.1', '1.2'] as const;
export const ACTION_CODES = ['AFTALE', 'BETALING', 'SELVBETJENING', 'INFORMATION', 'UNDERSKRIV', 'BEKRAEFT', 'FORBEREDELSE', 'TILMELDING'] as const;

/** One way a letter breaks MeMo: where (element path, 1-based index on repeated elements), what was expected, what was there. */
export interface MemoIssue {
  path: string;
  expected: string;
  got?: string;
}

type Node = Record<string, unknown>;

const REPEATED = new Set(['Action', 'File', 'ContactPoint', 'ContactInfo', 'AdditionalDocument', 'TechnicalDocument', 'EmailAddress', 'Telephone', 'AttentionPerson']);

/** The raw name of the first element the parser opened in the current parse: the document's root. */
const opened: { root?: string } = {};
const localName = (name: string) => name.slice(name.indexOf(':') + 1);

// Prefixes are dropped by hand rather than by `removeNSPrefix`, which also drops the xmlns
// attributes: the root's namespace declaration is read from the parsed tree, so no pattern ever
// runs over the whole document to find the root.
const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  transformTagName: (name) => {
    opened.root ??= name;
    return localName(name);
  },
  transformAttributeName: (name) => (name.startsWith('@xmlns') ? name : `@${localName(name.slice(1))}`),
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(name),
});

/** Parse a MeMo letter. Unreadable XML throws `MessageError`; MeMo rule breaks become `memo-invalid` warnings. */
export async function parseMemo(raw: Buffer | string, options: ParseOptions = {}): Promise<Message> {
  const bytes = readInput(raw, options);
  const root = readMemoXml(bytes);
  const message = blankMessage('memo', bytes.length);
  for (const issue of checkMemo(root)) {
    const detail = issue.got === undefined ? issue.expected : `${issue.expected} (got "${issue.got}")`;
    message.warnings.push({ code: 'memo-invalid', detail, ...issue });
  }

  const header = child(root, 'MessageHeader');
  const body = child(root, 'MessageBody');
  const version = attr(root, 'memoVersion');
  if (version && !(MEMO_VERSIONS as readonly string[]).includes(version)) message.warnings.push({ code: 'memo-unknown-version', detail: version });

  const sender = child(header, 'Sender');
  const recipient = child(header, 'Recipient');
  const mainDocs = child(body, 'MainDocument') ? [child(body, 'MainDocument')] : [];
  const additional = list(body, 'AdditionalDocument');
  const technical = list(body, 'TechnicalDocument');

  const files: MemoFile[] = [];
  for (const [role, docs] of [['main', mainDocs], ['additional', additional], ['technical', technical]] as const) {
    for (const doc of docs) {
      for (const file of list(doc, 'File')) files.push(await readFile(file, role, options, message));
    }
  }
  markCover(files);

  const memo: MemoData = {
    version: version === '1.1' ? '1.1' : '1.2',
    messageUuid: text(header, 'messageUUID') ?? '',
    messageId: text(header, 'messageID'),
    label: text(header, 'label') ?? '',
    notification: text(header, 'notification'),
    mandatory: text(header, 'mandatory') === 'true',
    legalNotification: text(header, 'legalNotification') === 'true',
    replyByDateTime: instant(text(header, 'replyByDateTime')),
    doNotDeliverUntilDate: text(header, 'doNotDeliverUntilDate'),
    sender: {
      id: text(sender, 'senderID') ?? '',
      idType: text(sender, 'idType') ?? '',
      label: text(sender, 'label'),
      attention: child(sender, 'AttentionData') ? attentionContact(child(sender, 'AttentionData')) : undefined,
    },
    recipient: { id: text(recipient, 'recipientID') ?? '', idType: text(recipient, 'idType') ?? '', label: text(recipient, 'label') },
    contactPoints: [...list(sender, 'ContactPoint'), ...list(recipient, 'ContactPoint')].map(contactPoint),
    actions: [...mainDocs, ...additional].flatMap((doc) => list(doc, 'Action')).map(action),
    files,
  };

  message.memo = memo;
  message.subject = memo.label;
  message.messageId = memo.messageId;
  message.date = instant(text(body, 'createdDateTime'));
  const senderEmail = memo.sender.attention?.email;
  if (senderEmail) message.from = { address: senderEmail, ...(memo.sender.label ? { name: memo.sender.label } : {}) };
  message.attachments = files.filter((f) => f.role !== 'main').map(toAttachment);
  const documentText = files.filter((f) => f.role === 'main' && f.text).sort((a, b) => Number(!!b.cover) - Number(!!a.cover)).map((f) => f.text!.trim()).join('\n\n');
  // An NemSMS says what it says in its notification, so the rules read that (issue 24).
  const bodyText = documentText || (text(header, 'messageType') === 'NEMSMS' ? (memo.notification ?? '') : '');
  message.body = { text: bodyText, source: bodyText ? 'memo' : 'none', segments: segmentBody(bodyText, memo.label) };
  if (!bodyText) message.warnings.push({ code: 'no-body' });
  return message;
}

/** Every way the letter breaks MeMo 1.1/1.2. Throws `MessageError` only when it is not readable XML or not MeMo. */
export function validateMemo(raw: Buffer | string, options: ParseOptions = {}): MemoIssue[] {
  return checkMemo(readMemoXml(readInput(raw, options)));
}

/** The root `Message` element, after refusing DOCTYPEs, malformed XML and other documents. */
function readMemoXml(bytes: Buffer): Node {
  const xml = bytes.toString('utf8').replace(/^\uFEFF/, '');
  // Refused outright rather than parsed with entities off: a MeMo letter never has a DTD.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new MessageError('doctype-forbidden');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new MessageError('invalid-xml', { reason: `${msg.replace(/\.$/, '')} (line ${line}, column ${col})` });
  }
  let tree: Node;
  delete opened.root;
  try {
    tree = xmlParser.parse(xml) as Node;
  } catch (err) {
    // The validator and the parser disagree on a few oddities (found by fuzzing); both are "not well-formed".
    throw new MessageError('invalid-xml', { reason: err instanceof Error ? err.message.replace(/\.$/, '').slice(0, 200) : String(err) });
  }
  const name = opened.root ?? '';
  const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : undefined;
  const root = tree[localName(name)];
  if (localName(name) !== 'Message' || !isNode(root) || root[prefix ? `@xmlns:${prefix}` : '@xmlns'] !== MEMO_NAMESPACE) {
    throw new MessageError('not-memo', { root: name });
  }
  return root;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID_FORMATS: Record<string, { pattern: RegExp; expected: string }> = {
  CPR: { pattern: /^\d{10}$/, expected: 'a CPR number of 10 digits' },
  CVR: { pattern: /^\d{8}$/, expected: 'a CVR number of 8 digits' },
};

function checkMemo(root: Node): MemoIssue[] {
  const issues: MemoIssue[] = [];
  const report = (path: string, expected: string, got?: string) =>
    issues.push(got === undefined ? { path, expected } : { path, expected, got: got.length > 80 ? `${got.slice(0, 80)}…` : got });

  const version = attr(root, 'memoVersion');
  if (!version || !(MEMO_VERSIONS as readonly string[]).includes(version)) report('Message/@memoVersion', 'MeMo version 1.1 or 1.2', version);

  const header = child(root, 'MessageHeader');
  if (!header) report('MessageHeader', 'a MessageHeader element');
  else checkHeader(header, report);

  const body = child(root, 'MessageBody');
  // An NemSMS (SF1601 KombiValgKode NemSMS) is its notification text alone: MeMo has no body for it.
  const sms = text(header, 'messageType') === 'NEMSMS';
  if (body) checkBody(body, report);
  else if (!sms) report('MessageBody', 'a MessageBody element');
  else if (!text(header, 'notification')) report('MessageHeader/notification', 'the text of the NemSMS (a NEMSMS message has no MessageBody)');
  return issues;
}

type Report = (path: string, expected: string, got?: string) => void;

function checkHeader(header: Node, report: Report): void {
  const at = (name: string) => `MessageHeader/${name}`;
  const messageType = text(header, 'messageType');
  if (!messageType || !['DIGITALPOST', 'NEMSMS'].includes(messageType)) report(at('messageType'), 'DIGITALPOST or NEMSMS', messageType);
  const uuid = text(header, 'messageUUID');
  if (!uuid || !UUID_V4.test(uuid)) report(at('messageUUID'), 'a UUID version 4, e.g. 3f1c9a52-8a7e-4d1b-9c4e-2b7d5e6f8a90', uuid);
  checkText(header, 'label', 256, true, at('label'), report);
  checkText(header, 'notification', 150, false, at('notification'), report);
  checkDateTime(text(header, 'replyByDateTime'), at('replyByDateTime'), report);
  const notBefore = text(header, 'doNotDeliverUntilDate');
  if (notBefore !== undefined && (!DATE.test(notBefore) || Number.isNaN(Date.parse(`${notBefore}T00:00:00Z`)))) {
    report(at('doNotDeliverUntilDate'), 'a date YYYY-MM-DD without time of day', notBefore);
  }
  for (const flag of ['mandatory', 'legalNotification', 'reply']) {
    const value = text(header, flag);
    if (value !== undefined && value !== 'true' && value !== 'false') report(at(flag), 'true or false', value);
  }

  const sender = child(header, 'Sender');
  if (!sender) report(at('Sender'), 'a Sender element');
  else checkParty(sender, 'senderID', at('Sender'), report);
  const recipient = child(header, 'Recipient');
  if (!recipient) report(at('Recipient'), 'a Recipient element');
  else checkParty(recipient, 'recipientID', at('Recipient'), report);
}

function checkParty(party: Node, idElement: string, path: string, report: Report): void {
  const id = text(party, idElement);
  const idType = text(party, 'idType');
  const format = idType ? ID_FORMATS[idType] : undefined;
  if (!format) report(`${path}/idType`, 'CPR or CVR', idType);
  if (!id) report(`${path}/${idElement}`, format ? format.expected : 'an identifier');
  // Only the length is echoed: a recipient id is personal data.
  else if (format && !format.pattern.test(id)) report(`${path}/${idElement}`, format.expected, `${id.length} characters`);
  checkText(party, 'label', 256, false, `${path}/label`, report);
}

function checkBody(body: Node, report: Report): void {
  checkDateTime(text(body, 'createdDateTime'), 'MessageBody/createdDateTime', report, true);
  const main = child(body, 'MainDocument');
  if (!main) report('MessageBody/MainDocument', 'a MainDocument element');
  else checkDocument(main, 'MessageBody/MainDocument', report);
  list(body, 'AdditionalDocument').forEach((doc, i) => checkDocument(doc, `MessageBody/AdditionalDocument[${i + 1}]`, report));
  list(body, 'TechnicalDocument').forEach((doc, i) => checkDocument(doc, `MessageBody/TechnicalDocument[${i + 1}]`, report));
}

function checkDocument(doc: Node, path: string, report: Report): void {
  const files = list(doc, 'File');
  if (files.length === 0) report(`${path}/File`, 'at least one File element');
  files.forEach((file, i) => {
    const at = `${path}/File[${i + 1}]`;
    if (!text(file, 'encodingFormat')) report(`${at}/encodingFormat`, 'a MIME type, e.g. application/pdf');
    if (!text(file, 'filename')) report(`${at}/filename`, 'a file name');
    const language = text(file, 'language');
    if (language !== undefined && !/^[a-z]{2}$/.test(language)) report(`${at}/language`, 'a two-letter language code, e.g. da', language);
    const content = text(file, 'content');
    if (!content) report(`${at}/content`, 'the file content in base64');
    else if (!isBase64(content)) report(`${at}/content`, 'the file content in base64', 'characters or length that are not base64');
  });
  list(doc, 'Action').forEach((act, i) => {
    const at = `${path}/Action[${i + 1}]`;
    checkText(act, 'label', 256, true, `${at}/label`, report);
    const code = text(act, 'actionCode');
    if (!code || !(ACTION_CODES as readonly string[]).includes(code)) report(`${at}/actionCode`, `one of ${ACTION_CODES.join(', ')}`, code);
    const start = text(act, 'startDateTime');
    const end = text(act, 'endDateTime');
    checkDateTime(start, `${at}/startDateTime`, report);
    checkDateTime(end, `${at}/endDateTime`, report);
    if (start && end && UTC_DATE_TIME.test(start) && UTC_DATE_TIME.test(end) && Date.parse(end) < Date.parse(start)) {
      report(`${at}/endDateTime`, 'an end at or after startDateTime', end);
    }
  });
}

function checkText(node: Node, name: string, max: number, required: boolean, path: string, report: Report): void {
  const value = text(node, name);
  if (value === undefined || value === '') {
    if (required) report(path, `a text of 1 to ${max} characters`);
  } else if ([...value].length > max) report(path, `at most ${max} characters`, `${[...value].length} characters`);
}

function checkDateTime(value: string | undefined, path: string, report: Report, required = false): void {
  if (value === undefined) {
    if (required) report(path, 'a UTC date-time such as 2026-12-03T09:00:00Z');
  } else if (!UTC_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    report(path, 'a UTC date-time ending in Z, such as 2026-12-03T09:00:00Z', value);
  }
}

async function readFile(file: Node, role: MemoFile['role'], options: ParseOptions, message: Message): Promise<MemoFile> {
  const filename = text(file, 'filename') ?? '';
  const contentType = (text(file, 'encodingFormat') ?? 'application/octet-stream').toLowerCase();
  const language = text(file, 'language');
  const encoded = text(file, 'content') ?? '';
  if (encoded && !isBase64(encoded)) message.warnings.push({ code: 'bad-base64', detail: filename || contentType });
  const content = Buffer.from(encoded, 'base64');
  const out: MemoFile = { role, filename, contentType, size: content.length, ...(language ? { language } : {}) };

  // A technical file (a PDF meant for machines) is carried, not read.
  if (role !== 'technical' || contentType !== 'application/pdf') {
    const read = await fileText(contentType, content, {
      filename,
      ...(options.maxPdfPages !== undefined ? { maxPages: options.maxPdfPages } : {}),
      ...(options.maxPdfDecodedBytes !== undefined ? { maxDecodedBytes: options.maxPdfDecodedBytes } : {}),
    });
    if (read.text !== undefined) out.text = read.text;
    if (read.pdfUnreadable) message.warnings.push({ code: 'pdf-unreadable', detail: filename });
    if (read.pagesSkipped) message.warnings.push({ code: 'pdf-pages-skipped', detail: filename });
  }
  return out;
}

/** Text beside a PDF in the main document is the letter's cover text, shown first. */
function markCover(files: MemoFile[]): void {
  const main = files.filter((f) => f.role === 'main');
  if (!main.some((f) => f.contentType === 'application/pdf')) return;
  for (const f of main) if (f.contentType.startsWith('text/')) f.cover = true;
}

function toAttachment(file: MemoFile): Attachment {
  return { filename: file.filename, contentType: file.contentType, size: file.size, disposition: 'attachment' };
}

function action(node: Node): MemoAction {
  return {
    label: text(node, 'label') ?? '',
    actionCode: text(node, 'actionCode') ?? '',
    startDateTime: instant(text(node, 'startDateTime')),
    endDateTime: instant(text(node, 'endDateTime')),
  };
}

/** ContactPoint: a label and free ContactInfo label/value pairs, sorted into the fields rules read. */
function contactPoint(node: Node): ContactInfo {
  const info: ContactInfo = {};
  const label = text(node, 'label');
  if (label) info.label = label;
  for (const entry of list(node, 'ContactInfo')) {
    const name = (text(entry, 'label') ?? '').toLowerCase();
    const value = text(entry, 'value');
    if (!value) continue;
    if (/åbningstid|öppettid|telefontid|opening|hours|træffetid/.test(name)) info.openingHours = value;
    else if (value.includes('@') && !/\s/.test(value)) info.email = value;
    else if (/^https?:\/\//i.test(value)) info.url = value;
    else if (/telefon|tlf|phone|mobil/.test(name) || /^\+?[\d\s-]{6,}$/.test(value)) info.phone = value;
    else if (/adresse|adress|address/.test(name)) info.address = value;
    else if (/navn|namn|name|kontakt/.test(name)) info.name = value;
  }
  return info;
}

/** AttentionData: the person, e-mail, telephone and address the letter is sent on behalf of. */
function attentionContact(node: Node | undefined): ContactInfo {
  const info: ContactInfo = {};
  const person = list(node, 'AttentionPerson')[0];
  const responsible = child(node, 'ContentResponsible');
  const name = text(person, 'label');
  if (name) info.name = name;
  const label = text(responsible, 'label');
  if (label) info.label = label;
  const email = text(list(node, 'EmailAddress')[0], 'emailAddress');
  if (email) info.email = email;
  const phone = text(list(node, 'Telephone')[0], 'telephoneNumber');
  if (phone) info.phone = phone;
  const address = child(node, 'Address');
  const unstructured = text(child(node, 'UnstructuredAddress'), 'unstructured');
  if (address) {
    const street = [text(address, 'addressLabel'), text(address, 'houseNumber')].filter(Boolean).join(' ');
    const town = [text(address, 'zipCode'), text(address, 'city')].filter(Boolean).join(' ');
    info.address = [street, town].filter(Boolean).join(', ');
  } else if (unstructured) info.address = unstructured;
  return info;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(node: Node | undefined, name: string): Node | undefined {
  const value = node?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return isNode(first) ? first : undefined;
}

function list(node: Node | undefined, name: string): Node[] {
  const value = node?.[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(isNode);
}

/** An element's text, whether it came out as a string or as an object with attributes. */
function text(node: Node | undefined, name: string): string | undefined {
  const value = node?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (typeof first === 'number' || typeof first === 'boolean') return String(first);
  if (isNode(first)) return typeof first['#text'] === 'string' ? first['#text'] : first['#text'] === undefined ? '' : String(first['#text']);
  return undefined;
}

function attr(node: Node, name: string): string | undefined {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

function instant(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function isBase64(value: string): boolean {
  const compact = value.replace(/\s+/g, '');
  return compact.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact);
}
