/**
 * SF1601 kombi requests built the way the public client libraries build them (see
 * docs/digitalpost-sf1601.md): itk-dev/serviceplatformen (PHP) writes `<kombi_request>` with the
 * MeMo under the `memo:` prefix and ForsendelseISamling in the fjernprint namespace; the Python
 * libraries serialise with ElementTree, which writes an `ns0:` prefix and a single-quoted XML
 * declaration. CPR numbers are made up.
 */
import { randomUUID } from 'node:crypto';
import { memoLetter, type LetterOptions } from './letters.ts';

export type ValgKode = 'Digital Post' | 'Fysisk Post' | 'Automatisk Valg' | 'NemSMS';

export interface KombiOptions {
  valgKode: ValgKode | string;
  /** The MeMo inside; default a Digital Post letter. */
  memo?: Buffer;
  /** Add a ForsendelseISamling (print) part. */
  print?: boolean;
  /** `php` (memo: prefix, declared on the Message) or `python` (ElementTree: ns0 prefix, single-quoted declaration). */
  style?: 'php' | 'python';
  /** Declare the MeMo namespace on kombi_request instead of on the Message. */
  namespaceOnRoot?: boolean;
}

/** A print part with comments and odd spacing, so a byte-identical forward is a real check. */
export function printPart(cpr: string): string {
  return (
    `<ForsendelseISamling xmlns="urn:oio:fjernprint:1.0.0">\n` +
    `  <ForsendelseI>  <!-- fra sagssystemet -->\n` +
    `    <AfsendelseIdentifikator>${randomUUID()}</AfsendelseIdentifikator>\n` +
    `    <ForsendelseModtager><AfsendelseModtager><CPRnummerIdentifikator>${cpr}</CPRnummerIdentifikator></AfsendelseModtager></ForsendelseModtager>\n` +
    `    <DokumentParameter   ><TitelTekst>Afg&#248;relse</TitelTekst></DokumentParameter>\n` +
    `  </ForsendelseI>\n</ForsendelseISamling>`
  );
}

/** An NemSMS as MeMo has it: messageType NEMSMS, the text in notification, no MessageBody. */
export function nemsms(options: { uuid?: string; recipientCpr: string; notification: string }): Buffer {
  return Buffer.from(
    `<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="1.2" memoSchVersion="1.2.0">` +
      `<memo:MessageHeader><memo:messageType>NEMSMS</memo:messageType><memo:messageUUID>${options.uuid ?? randomUUID()}</memo:messageUUID>` +
      `<memo:label>Påmindelse</memo:label><memo:notification>${options.notification}</memo:notification>` +
      `<memo:mandatory>false</memo:mandatory><memo:legalNotification>false</memo:legalNotification>` +
      `<memo:Sender><memo:senderID>29189978</memo:senderID><memo:idType>CVR</memo:idType><memo:label>Eksempel Kommune</memo:label></memo:Sender>` +
      `<memo:Recipient><memo:recipientID>${options.recipientCpr}</memo:recipientID><memo:idType>CPR</memo:idType></memo:Recipient>` +
      `</memo:MessageHeader></memo:Message>`,
    'utf8',
  );
}

export function kombiRequest(options: KombiOptions, letter: LetterOptions = {}): Buffer {
  let memo = (options.memo ?? memoLetter(letter)).toString('utf8').replace(/^<\?xml[^>]*\?>\s*/, '');
  let root = '<kombi_request>';
  if (options.namespaceOnRoot) {
    memo = memo.replace(' xmlns:memo="https://DigitalPost.dk/MeMo-1"', '');
    root = '<kombi_request xmlns:memo="https://DigitalPost.dk/MeMo-1">';
  }
  const print = options.print ? printPart(letter.recipientCpr ?? '0101901234') : '';
  if (options.style === 'python') {
    memo = memo.replaceAll('memo:', 'ns0:').replace('xmlns:memo=', 'xmlns:ns0=');
    return Buffer.from(`<?xml version='1.0' encoding='utf8'?>\n${root}<KombiValgKode>${options.valgKode}</KombiValgKode>${memo}${print}</kombi_request>`, 'utf8');
  }
  return Buffer.from(`${root}\n <KombiValgKode>${options.valgKode}</KombiValgKode>\n ${memo}\n ${print}\n</kombi_request>\n`, 'utf8');
}
