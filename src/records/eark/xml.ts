/**
 * XML for the E-ARK export, built with fast-xml-parser's XMLBuilder (which escapes & < > " ').
 * Values come from e-mail (subjects, names, file names) and may hold what XML 1.0 cannot carry
 * at all, such as control characters or lone surrogates; `text` and `attr` drop those, so no
 * value can make a document ill-formed. Every value passes through one of them.
 */
import { XMLBuilder } from 'fast-xml-parser';

// Characters XML 1.0 allows (§2.2); everything else is removed.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Element text: XML-safe, line breaks as "\n". */
export function text(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(NOT_XML_CHAR, '');
}

/** Attribute value: XML-safe and on one line (parsers would turn breaks into spaces anyway). */
export function attr(value: string): string {
  return text(value).replace(/\s+/g, ' ').trim();
}

export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | number | XmlNode | XmlNode[] | string[];

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  processEntities: true,
});

/** A whole document with its XML declaration. Attribute keys start with "@". */
export function buildDocument(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(root) as string}`;
}
