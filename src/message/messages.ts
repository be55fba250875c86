/**
 * User-facing text of the message module: parse warnings (by their stable code) and the
 * errors for input that cannot be read at all.
 */
import { defineCatalog, translate, type Lang } from '../i18n/catalog.ts';
import type { ParseWarning } from './types.ts';

export const messages = defineCatalog({
  en: {
    'warning.unknown-charset': 'The character set "{detail}" is unknown; the text was read as UTF-8 where it could be, otherwise as Windows-1252, so some letters may be wrong.',
    'warning.bad-base64': 'A base64-encoded part is damaged ({detail}); what could be decoded was kept.',
    'warning.truncated-mime': 'The message ends before its last MIME part is closed; it may have been cut off.',
    'warning.no-headers': 'The message has no e-mail headers; it was read as plain text.',
    'warning.no-body': 'The message has no readable text.',
    'warning.bad-date': 'The date "{detail}" could not be read.',
    'warning.memo-invalid': 'The letter does not follow MeMo at {path}: {detail}.',
    'warning.memo-unknown-version': 'The MeMo version "{detail}" is unknown; the letter was read as MeMo 1.2.',
    'warning.pdf-unreadable': 'The text of the PDF "{detail}" could not be read.',
    'warning.pdf-pages-skipped': 'Only the first pages of the PDF "{detail}" were read.',
    'error.empty-input': 'The message is empty.',
    'error.too-large': 'The message is {size} bytes; the limit is {limit} bytes.',
    'error.header-too-large': 'The message headers are larger than the limit of {limit} bytes.',
    'error.unreadable-mime': 'The e-mail cannot be read: {reason}.',
    'error.doctype-forbidden': 'The XML document has a DOCTYPE; MeMo letters must not have one (DTDs and entities are refused for safety).',
    'error.invalid-xml': 'The XML document is not well-formed: {reason}.',
    'error.pdf-too-large': 'The PDF "{filename}" decodes to more than {limit} bytes; it is refused so that it cannot exhaust memory. Save it with images compressed as JPEG, or split it.',
    'error.not-memo': 'The XML document is not a MeMo letter (root element "{root}", expected Message in the namespace https://DigitalPost.dk/MeMo-1).',
    'error.kombi-not-request': 'Expected a kombi_request with KombiValgKode, a MeMo Message and optionally ForsendelseISamling (urn:oio:fjernprint:1.0.0); found "{root}".',
    'error.kombi-unknown-code': 'KombiValgKode "{code}" is not one of: {allowed}.',
    'error.kombi-memo-required': 'The kombi_request must carry one MeMo Message (https://DigitalPost.dk/MeMo-1): Postvakt checks the letter before it is sent.',
  },
  da: {
    'warning.unknown-charset': 'Tegnsættet "{detail}" er ukendt; teksten er læst som UTF-8, hvor det var muligt, ellers som Windows-1252, så nogle bogstaver kan være forkerte.',
    'warning.bad-base64': 'En base64-kodet del er beskadiget ({detail}); det, der kunne afkodes, er bevaret.',
    'warning.truncated-mime': 'Meddelelsen slutter, før den sidste MIME-del er lukket; den kan være afkortet.',
    'warning.no-headers': 'Meddelelsen har ingen e-mail-headere; den er læst som almindelig tekst.',
    'warning.no-body': 'Meddelelsen har ingen tekst, der kan læses.',
    'warning.bad-date': 'Datoen "{detail}" kunne ikke læses.',
    'warning.memo-invalid': 'Brevet følger ikke MeMo ved {path}: {detail}.',
    'warning.memo-unknown-version': 'MeMo-versionen "{detail}" er ukendt; brevet er læst som MeMo 1.2.',
    'warning.pdf-unreadable': 'Teksten i PDF-filen "{detail}" kunne ikke læses.',
    'warning.pdf-pages-skipped': 'Kun de første sider af PDF-filen "{detail}" er læst.',
    'error.empty-input': 'Meddelelsen er tom.',
    'error.too-large': 'Meddelelsen fylder {size} byte; grænsen er {limit} byte.',
    'error.header-too-large': 'Meddelelsens headere er større end grænsen på {limit} byte.',
    'error.unreadable-mime': 'E-mailen kan ikke læses: {reason}.',
    'error.doctype-forbidden': 'XML-dokumentet har en DOCTYPE; et MeMo-brev må ikke have en (DTD’er og entiteter afvises af sikkerhedshensyn).',
    'error.invalid-xml': 'XML-dokumentet er ikke velformet: {reason}.',
    'error.pdf-too-large': 'PDF-filen "{filename}" fylder mere end {limit} byte, når den pakkes ud; den afvises, så den ikke kan opbruge hukommelsen. Gem den med billeder komprimeret som JPEG, eller del den op.',
    'error.not-memo': 'XML-dokumentet er ikke et MeMo-brev (rodelementet er "{root}"; forventet Message i navnerummet https://DigitalPost.dk/MeMo-1).',
    'error.kombi-not-request': 'Forventede en kombi_request med KombiValgKode, en MeMo Message og eventuelt ForsendelseISamling (urn:oio:fjernprint:1.0.0); fandt "{root}".',
    'error.kombi-unknown-code': 'KombiValgKode "{code}" er ikke en af: {allowed}.',
    'error.kombi-memo-required': 'kombi_request skal indeholde én MeMo Message (https://DigitalPost.dk/MeMo-1): Postvakt kontrollerer brevet, før det sendes.',
  },
  sv: {
    'warning.unknown-charset': 'Teckenuppsättningen "{detail}" är okänd; texten lästes som UTF-8 där det gick, annars som Windows-1252, så vissa bokstäver kan bli fel.',
    'warning.bad-base64': 'En base64-kodad del är skadad ({detail}); det som gick att avkoda har behållits.',
    'warning.truncated-mime': 'Meddelandet tar slut innan den sista MIME-delen är avslutad; det kan ha klippts av.',
    'warning.no-headers': 'Meddelandet saknar e-posthuvuden; det lästes som vanlig text.',
    'warning.no-body': 'Meddelandet innehåller ingen läsbar text.',
    'warning.bad-date': 'Datumet "{detail}" gick inte att läsa.',
    'warning.memo-invalid': 'Brevet följer inte MeMo vid {path}: {detail}.',
    'warning.memo-unknown-version': 'MeMo-versionen "{detail}" är okänd; brevet lästes som MeMo 1.2.',
    'warning.pdf-unreadable': 'Texten i PDF-filen "{detail}" gick inte att läsa.',
    'warning.pdf-pages-skipped': 'Bara de första sidorna i PDF-filen "{detail}" lästes.',
    'error.empty-input': 'Meddelandet är tomt.',
    'error.too-large': 'Meddelandet är {size} byte; gränsen är {limit} byte.',
    'error.header-too-large': 'Meddelandets huvuden är större än gränsen på {limit} byte.',
    'error.unreadable-mime': 'E-postmeddelandet går inte att läsa: {reason}.',
    'error.doctype-forbidden': 'XML-dokumentet har en DOCTYPE; ett MeMo-brev får inte ha någon (DTD:er och entiteter avvisas av säkerhetsskäl).',
    'error.invalid-xml': 'XML-dokumentet är inte välformat: {reason}.',
    'error.pdf-too-large': 'PDF-filen "{filename}" blir större än {limit} byte när den packas upp; den avvisas så att den inte kan förbruka minnet. Spara den med bilder komprimerade som JPEG, eller dela upp den.',
    'error.not-memo': 'XML-dokumentet är inte ett MeMo-brev (rotelementet är "{root}", väntat Message i namnrymden https://DigitalPost.dk/MeMo-1).',
    'error.kombi-not-request': 'Förväntade en kombi_request med KombiValgKode, ett MeMo Message och eventuellt ForsendelseISamling (urn:oio:fjernprint:1.0.0); hittade "{root}".',
    'error.kombi-unknown-code': 'KombiValgKode "{code}" är inte en av: {allowed}.',
    'error.kombi-memo-required': 'kombi_request ska innehålla ett MeMo Message (https://DigitalPost.dk/MeMo-1): Postvakt kontrollerar brevet innan det skickas.',
  },
});

export type MessageKey = keyof (typeof messages)['en'];
type CodesOf<K, Prefix extends string> = K extends `${Prefix}.${infer Code}` ? Code : never;
export type WarningCode = CodesOf<MessageKey, 'warning'>;
export type ErrorCode = CodesOf<MessageKey, 'error'>;

/** A parse warning as one sentence in the reader's language. */
export function describeWarning(warning: ParseWarning, lang: Lang): string {
  const key = `warning.${warning.code}`;
  if (!(key in messages[lang])) return warning.detail ? `${warning.code}: ${warning.detail}` : warning.code;
  return translate(messages, lang, key as MessageKey, {
    detail: warning.detail ?? '',
    path: warning.path ?? '',
  });
}
