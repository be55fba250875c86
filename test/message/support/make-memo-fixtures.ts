/**
 * Writes the MeMo letters in test/fixtures/memo/. The fixture bytes are committed; this script
 * records how they were made. Run: npx tsx test/message/support/make-memo-fixtures.ts
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePdf } from './pdf-writer.ts';

const DIR = fileURLToPath(new URL('../../fixtures/memo/', import.meta.url));

interface FileSpec {
  filename: string;
  type: string;
  content: Buffer;
  language?: string;
}
interface ActionSpec {
  label: string;
  code: string;
  start?: string;
  end?: string;
  url?: string;
}
interface LetterSpec {
  version: '1.1' | '1.2';
  uuid: string;
  label: string;
  notification?: string;
  replyBy?: string;
  notBefore?: string;
  mandatory?: boolean;
  legal?: boolean;
  sender?: { id: string; label: string; attention?: string; contact?: string };
  recipient: { id: string; idType: 'CPR' | 'CVR'; label: string };
  created: string;
  main: { label: string; files: FileSpec[]; actions?: ActionSpec[] };
  additional?: { label: string; files: FileSpec[] }[];
  technical?: { label: string; files: FileSpec[] }[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const el = (name: string, value: string | undefined) => (value === undefined ? '' : `<memo:${name}>${esc(value)}</memo:${name}>`);
const text = (s: string): FileSpec['content'] => Buffer.from(s, 'utf8');

const aarby = { id: '29189846', label: 'Aarby Kommune' };
const contactPoint = (label: string, phone: string, hours: string, email: string) => `
      <memo:ContactPoint>
        <memo:contactGroup>Borgerservice</memo:contactGroup>
        <memo:label>${esc(label)}</memo:label>
        <memo:ContactInfo><memo:label>Telefon</memo:label><memo:value>${phone}</memo:value></memo:ContactInfo>
        <memo:ContactInfo><memo:label>Telefontid</memo:label><memo:value>${esc(hours)}</memo:value></memo:ContactInfo>
        <memo:ContactInfo><memo:label>E-mail</memo:label><memo:value>${email}</memo:value></memo:ContactInfo>
      </memo:ContactPoint>`;
const attention = (person: string, phone: string, email: string) => `
      <memo:AttentionData>
        <memo:AttentionPerson><memo:personID>sagsbehandler</memo:personID><memo:label>${esc(person)}</memo:label></memo:AttentionPerson>
        <memo:EmailAddress><memo:emailAddress>${email}</memo:emailAddress><memo:relatedAgent>${esc(person)}</memo:relatedAgent></memo:EmailAddress>
        <memo:Telephone><memo:telephoneNumber>${phone}</memo:telephoneNumber><memo:relatedAgent>${esc(person)}</memo:relatedAgent></memo:Telephone>
        <memo:ContentResponsible><memo:contentResponsibleID>${aarby.id}</memo:contentResponsibleID><memo:label>Social og Sundhed</memo:label></memo:ContentResponsible>
        <memo:Address><memo:addressLabel>Rådhustorvet</memo:addressLabel><memo:houseNumber>1</memo:houseNumber><memo:zipCode>8999</memo:zipCode><memo:city>Aarby</memo:city></memo:Address>
      </memo:AttentionData>`;

function file(f: FileSpec): string {
  const b64 = f.content.toString('base64').replace(/.{76}/g, '$&\n          ');
  return `
        <memo:File>
          <memo:encodingFormat>${f.type}</memo:encodingFormat>
          <memo:filename>${esc(f.filename)}</memo:filename>
          <memo:language>${f.language ?? 'da'}</memo:language>
          <memo:content>${b64}</memo:content>
        </memo:File>`;
}

function action(a: ActionSpec): string {
  return `
        <memo:Action>
          ${el('label', a.label)}
          ${el('actionCode', a.code)}
          ${el('startDateTime', a.start)}${el('endDateTime', a.end)}${a.url ? `<memo:EntryPoint><memo:url>${esc(a.url)}</memo:url></memo:EntryPoint>` : ''}
        </memo:Action>`;
}

function document(kind: 'MainDocument' | 'AdditionalDocument' | 'TechnicalDocument', id: string, doc: { label: string; files: FileSpec[]; actions?: ActionSpec[] }): string {
  const idName = `${kind[0]!.toLowerCase()}${kind.slice(1)}ID`;
  return `
      <memo:${kind}>
        <memo:${idName}>${id}</memo:${idName}>
        ${el('label', doc.label)}${doc.files.map(file).join('')}${(doc.actions ?? []).map(action).join('')}
      </memo:${kind}>`;
}

function letter(spec: LetterSpec): string {
  const sender = spec.sender ?? { ...aarby };
  return `<?xml version="1.0" encoding="UTF-8"?>
<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" memoVersion="${spec.version}" memoSchVersion="${spec.version}.0">
  <memo:MessageHeader>
    <memo:messageType>DIGITALPOST</memo:messageType>
    <memo:messageUUID>${spec.uuid}</memo:messageUUID>
    <memo:messageID>${spec.uuid.slice(0, 8).toUpperCase()}-AARBY</memo:messageID>
    ${el('label', spec.label)}
    ${el('notification', spec.notification)}
    <memo:reply>false</memo:reply>
    ${el('replyByDateTime', spec.replyBy)}
    ${el('doNotDeliverUntilDate', spec.notBefore)}
    <memo:mandatory>${spec.mandatory ?? false}</memo:mandatory>
    <memo:legalNotification>${spec.legal ?? false}</memo:legalNotification>
    <memo:postType>MYNDIGHEDSPOST</memo:postType>
    <memo:Sender>
      <memo:senderID>${sender.id}</memo:senderID>
      <memo:idType>CVR</memo:idType>
      <memo:label>${esc(sender.label)}</memo:label>${sender.attention ?? ''}${sender.contact ?? ''}
    </memo:Sender>
    <memo:Recipient>
      <memo:recipientID>${spec.recipient.id}</memo:recipientID>
      <memo:idType>${spec.recipient.idType}</memo:idType>
      <memo:label>${esc(spec.recipient.label)}</memo:label>
    </memo:Recipient>
  </memo:MessageHeader>
  <memo:MessageBody>
    <memo:createdDateTime>${spec.created}</memo:createdDateTime>${document('MainDocument', `${spec.uuid.slice(0, 8)}-main`, spec.main)}${(spec.additional ?? []).map((d, i) => document('AdditionalDocument', `${spec.uuid.slice(0, 8)}-add${i + 1}`, d)).join('')}${(spec.technical ?? []).map((d, i) => document('TechnicalDocument', `${spec.uuid.slice(0, 8)}-tech${i + 1}`, d)).join('')}
  </memo:MessageBody>
</memo:Message>
`;
}

const ydelse = contactPoint('Ydelseskontoret', '+45 70 10 20 30', 'Mandag-torsdag 9-15, fredag 9-12', 'ydelse@kommune.example.dk');
const soc = attention('Mette Lund, sagsbehandler', '+45 70 10 20 41', 'mette.lund@kommune.example.dk');

const afgoerelsePdf = writePdf(
  [
    [
      'Aarby Kommune, Ydelseskontoret',
      '',
      'Afgørelse om boligstøtte',
      '',
      'Kære Jonas Bak',
      '',
      'Du får boligstøtte på 1.850 kr. om måneden fra den 1. januar 2027.',
      'Vi har regnet støtten ud fra din husstands indkomst i 2026.',
      'Hvis din indkomst ændrer sig, skal du give os besked med det samme.',
    ],
    [
      'Klagevejledning',
      '',
      'Du kan klage over afgørelsen inden 4 uger, senest den 5. januar 2027.',
      'Skriv til os på ydelse@kommune.example.dk eller ring på 70 10 20 30.',
      '',
      'Med venlig hilsen',
      'Ydelseskontoret',
    ],
  ],
  'Afgørelse om boligstøtte',
);

const indkaldelsePdf = writePdf(
  [
    [
      'Indkaldelse til samtale om dit sygedagpengeforløb',
      '',
      'Kære Birgitte Holm',
      '',
      'Vi vil gerne tale med dig om, hvordan det går, og hvad der kan hjælpe dig tilbage.',
      'Samtalen er tirsdag den 15. december 2026 kl. 10.00 på Jobcenter Aarby, Torvet 3.',
      'Hvis du ikke kan komme, så ring til mig på 70 10 20 41 senest dagen før.',
      '',
      'Venlig hilsen',
      'Mette Lund, sagsbehandler',
    ],
  ],
  'Indkaldelse',
);

const standardPdf = writePdf(
  [
    [
      'Standardbrev 114-B',
      '',
      'I henhold til lov om social service § 41 meddeles hermed, at ansøgningen',
      'om dækning af merudgifter er under behandling, jf. sagsbehandlingsfristen.',
      'Der henvises i øvrigt til kommunens serviceniveau.',
    ],
  ],
  'Standardbrev 114-B',
);

const letters: Record<string, LetterSpec> = {
  '01-v11-text-boligstoette.xml': {
    version: '1.1',
    uuid: '6f3c2a1e-8b4d-4c6e-9f1a-2b3c4d5e6f70',
    label: 'Send lønsedler senest 10. december, så vi kan beregne din boligstøtte',
    notification: 'Vi mangler dine lønsedler for oktober og november.',
    replyBy: '2026-12-10T22:59:59Z',
    sender: { ...aarby, contact: ydelse },
    recipient: { id: '0101901234', idType: 'CPR', label: 'Jonas Bak' },
    created: '2026-12-03T09:00:00Z',
    main: {
      label: 'Brev om manglende lønsedler',
      files: [
        {
          filename: 'brev.txt',
          type: 'text/plain',
          content: text(
            'Kære Jonas Bak\n\nFor at beregne din boligstøtte mangler vi dine lønsedler for oktober og november 2026.\n' +
              'Send dem senest den 10. december 2026 via kommune.example.dk/upload.\n\n' +
              'Har du spørgsmål, kan du ringe til os på 70 10 20 30 mandag-torsdag kl. 9-15.\n\n' +
              'Med venlig hilsen\nYdelseskontoret\nAarby Kommune\n',
          ),
        },
      ],
      actions: [{ label: 'Upload lønsedler', code: 'SELVBETJENING', end: '2026-12-10T22:59:59Z', url: 'https://kommune.example.dk/upload' }],
    },
  },
  '02-v12-pdf-afgoerelse.xml': {
    version: '1.2',
    uuid: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
    label: 'Afgørelse: du får boligstøtte fra 1. januar 2027',
    notification: 'Du får boligstøtte. Læs afgørelsen og klagevejledningen.',
    legal: true,
    sender: { ...aarby, attention: soc, contact: ydelse },
    recipient: { id: '0101901234', idType: 'CPR', label: 'Jonas Bak' },
    created: '2026-12-08T08:15:00Z',
    main: {
      label: 'Afgørelse om boligstøtte',
      files: [
        {
          filename: 'foelgetekst.txt',
          type: 'text/plain',
          content: text('Du får boligstøtte på 1.850 kr. om måneden. Vil du klage, skal du gøre det senest den 5. januar 2027.\n'),
        },
        { filename: 'afgoerelse-boligstoette.pdf', type: 'application/pdf', content: afgoerelsePdf },
      ],
      actions: [{ label: 'Klagefrist', code: 'INFORMATION', end: '2027-01-05T22:59:59Z' }],
    },
  },
  '03-v11-pdf-indkaldelse.xml': {
    version: '1.1',
    uuid: '0d9e8f7a-6b5c-4d3e-a2f1-0e9d8c7b6a59',
    label: 'Indkaldelse til samtale tirsdag 15. december kl. 10.00',
    notification: 'Du er indkaldt til samtale på jobcentret.',
    mandatory: true,
    sender: { id: aarby.id, label: 'Jobcenter Aarby', attention: soc },
    recipient: { id: '1502851234', idType: 'CPR', label: 'Birgitte Holm' },
    created: '2026-12-01T12:30:00Z',
    main: {
      label: 'Indkaldelse',
      files: [{ filename: 'indkaldelse.pdf', type: 'application/pdf', content: indkaldelsePdf }],
      actions: [{ label: 'Samtale på jobcentret', code: 'AFTALE', start: '2026-12-15T09:00:00Z', end: '2026-12-15T10:00:00Z' }],
    },
  },
  '04-v12-html-venteliste.xml': {
    version: '1.2',
    uuid: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
    label: 'Din plads på ventelisten til ældrebolig',
    notification: 'Du er nummer 4 på ventelisten.',
    sender: { ...aarby, contact: contactPoint('Visitationen', '+45 70 10 20 50', 'Hverdage 8-12', 'visitation@kommune.example.dk') },
    recipient: { id: '2204401234', idType: 'CPR', label: 'Inge Thomsen' },
    created: '2026-12-04T10:00:00Z',
    main: {
      label: 'Venteliste',
      files: [
        {
          filename: 'venteliste.html',
          type: 'text/html',
          content: text(
            '<html><body><p>Kære Inge Thomsen</p><p>Du står som nummer <b>4</b> på ventelisten til en ældrebolig i Aarby. ' +
              'Vi skriver til dig, så snart vi kan tilbyde dig en bolig.</p><p>Ring til Visitationen på 70 10 20 50 på hverdage kl. 8-12, ' +
              'hvis du har spørgsmål.</p><p>Venlig hilsen<br>Visitationen</p></body></html>',
          ),
        },
      ],
    },
  },
  '05-v12-attachments-byggesag.xml': {
    version: '1.2',
    uuid: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    label: 'Tilladelse til carport på Skovvej 12 – læs vilkårene',
    notification: 'Du har fået byggetilladelse med to vilkår.',
    sender: { ...aarby, contact: contactPoint('Byggeri og Miljø', '+45 70 10 20 60', 'Mandag-fredag 10-14', 'byg@kommune.example.dk') },
    recipient: { id: '0101901234', idType: 'CPR', label: 'Jonas Bak' },
    created: '2026-12-09T13:45:00Z',
    main: {
      label: 'Byggetilladelse',
      files: [
        {
          filename: 'byggetilladelse.txt',
          type: 'text/plain',
          content: text(
            'Kære Jonas Bak\n\nDu får tilladelse til at bygge en carport på 30 m² på Skovvej 12.\n' +
              'Tilladelsen har to vilkår, som du kan læse i bilaget. Meld byggeriet færdigt på Byg og Miljø, når carporten står.\n\n' +
              'Med venlig hilsen\nByggeri og Miljø\n',
          ),
        },
      ],
      actions: [{ label: 'Meld byggeriet færdigt', code: 'SELVBETJENING', url: 'https://bygogmiljoe.example.dk/faerdigmelding' }],
    },
    additional: [
      { label: 'Vilkår for tilladelsen', files: [{ filename: 'vilkaar.pdf', type: 'application/pdf', content: writePdf([['Vilkår 1: Carporten må højst være 2,5 m høj.', 'Vilkår 2: Tagvand skal ledes til egen grund.']], 'Vilkår') }] },
      { label: 'Situationsplan', files: [{ filename: 'situationsplan.png', type: 'image/png', content: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64') }] },
    ],
    technical: [{ label: 'Sagsdata', files: [{ filename: 'sag.xml', type: 'application/xml', content: text('<sag><nr>2026-BYG-0412</nr></sag>') }] }],
  },
  '06-v11-cvr-gebyr.xml': {
    version: '1.1',
    uuid: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
    label: 'Betal gebyr for miljøtilsyn senest 4. januar 2027',
    notification: 'Faktura for miljøtilsyn 2026.',
    sender: { ...aarby, contact: contactPoint('Miljø', '+45 70 10 20 70', 'Hverdage 9-14', 'miljoe@kommune.example.dk') },
    recipient: { id: '12345678', idType: 'CVR', label: 'Aarby Autoværksted ApS' },
    created: '2026-12-02T07:00:00Z',
    main: {
      label: 'Faktura',
      files: [{ filename: 'faktura.txt', type: 'text/plain', content: text('Vi har ført miljøtilsyn med jeres værksted den 12. november 2026.\nGebyret er 2.140 kr. Betal senest den 4. januar 2027.\n') }],
      actions: [{ label: 'Betal gebyret', code: 'BETALING', end: '2027-01-04T22:59:59Z', url: 'https://kommune.example.dk/betal' }],
    },
  },
  '07-v12-generic-title-not-before.xml': {
    version: '1.2',
    uuid: 'c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f',
    label: 'Brev fra kommunen',
    notification: 'Du har fået et brev.',
    replyBy: '2026-12-21T10:00:00Z',
    notBefore: '2026-12-07',
    sender: { ...aarby, contact: ydelse },
    recipient: { id: '1502851234', idType: 'CPR', label: 'Birgitte Holm' },
    created: '2026-12-04T15:00:00Z',
    main: {
      label: 'Brev',
      files: [{ filename: 'brev.txt', type: 'text/plain', content: text('Kære Birgitte Holm\n\nVi skal bruge en kopi af din lejekontrakt. Send den senest den 21. december 2026.\n\nVenlig hilsen\nYdelseskontoret\n') }],
    },
  },
  '08-v11-standard-letter-no-cover.xml': {
    version: '1.1',
    uuid: 'd4e5f6a7-b8c9-4d0e-9f2a-3b4c5d6e7f80',
    label: 'Standardbrev 114-B',
    sender: { ...aarby },
    recipient: { id: '2204401234', idType: 'CPR', label: 'Inge Thomsen' },
    created: '2026-12-05T09:30:00Z',
    main: { label: 'Standardbrev', files: [{ filename: 'standardbrev-114b.pdf', type: 'application/pdf', content: standardPdf }] },
  },
  '09-v12-several-actions.xml': {
    version: '1.2',
    uuid: 'e5f6a7b8-c9d0-4e1f-8a3b-4c5d6e7f8091',
    label: 'Underskriv aftalen om praktik og tilmeld dig introduktionsdagen',
    notification: 'To ting, du skal gøre inden 18. december.',
    sender: { ...aarby, attention: soc, contact: ydelse },
    recipient: { id: '0101901234', idType: 'CPR', label: 'Jonas Bak' },
    created: '2026-12-07T08:00:00Z',
    main: {
      label: 'Praktikaftale',
      files: [{ filename: 'praktik.txt', type: 'text/plain', content: text('Kære Jonas Bak\n\nDu skal i praktik hos Aarby Bibliotek fra den 4. januar 2027.\nUnderskriv aftalen og tilmeld dig introduktionsdagen senest den 18. december 2026.\n\nVenlig hilsen\nMette Lund\n') }],
      actions: [
        { label: 'Underskriv praktikaftalen', code: 'UNDERSKRIV', end: '2026-12-18T22:59:59Z', url: 'https://kommune.example.dk/underskriv' },
        { label: 'Tilmeld dig introduktionsdagen', code: 'TILMELDING', start: '2026-12-07T08:00:00Z', end: '2026-12-18T22:59:59Z' },
        { label: 'Bekræft din adresse', code: 'BEKRAEFT' },
      ],
    },
  },
  '10-v12-no-contact.xml': {
    version: '1.2',
    uuid: 'f6a7b8c9-d0e1-4f2a-9b4c-5d6e7f8091a2',
    label: 'Din ansøgning om hjælpemiddel er modtaget',
    notification: 'Vi behandler din ansøgning om en rollator.',
    sender: { ...aarby },
    recipient: { id: '2204401234', idType: 'CPR', label: 'Inge Thomsen' },
    created: '2026-12-10T11:11:00Z',
    main: { label: 'Kvittering', files: [{ filename: 'kvittering.txt', type: 'text/plain', content: text('Vi har modtaget din ansøgning om en rollator den 9. december 2026 og forventer at svare inden for 4 uger.\n') }] },
  },
  '11-v11-short-deadline-legal.xml': {
    version: '1.1',
    uuid: '0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e',
    label: 'Partshøring: svar senest 9. december om ophør af hjemmehjælp',
    notification: 'Vi vil gerne høre dig, før vi træffer afgørelse.',
    replyBy: '2026-12-09T15:00:00Z',
    legal: true,
    sender: { ...aarby, attention: soc, contact: contactPoint('Visitationen', '+45 70 10 20 50', 'Hverdage 8-12', 'visitation@kommune.example.dk') },
    recipient: { id: '2204401234', idType: 'CPR', label: 'Inge Thomsen' },
    created: '2026-12-04T13:00:00Z',
    main: {
      label: 'Partshøring',
      files: [{ filename: 'partshoering.txt', type: 'text/plain', content: text('Kære Inge Thomsen\n\nVi overvejer at stoppe din hjemmehjælp til rengøring, fordi du nu klarer den selv.\nDu kan komme med dine bemærkninger senest onsdag den 9. december 2026 kl. 16.\n\nMed venlig hilsen\nMette Lund\nVisitationen\n') }],
      actions: [{ label: 'Giv dine bemærkninger', code: 'INFORMATION', end: '2026-12-09T15:00:00Z' }],
    },
  },
};

mkdirSync(DIR, { recursive: true });
for (const [name, spec] of Object.entries(letters)) writeFileSync(join(DIR, name), letter(spec));

// Malformed letters: each must give a clear error or a warning, never a crash.
const valid = letter(letters['01-v11-text-boligstoette.xml']!);
const malformed: Record<string, string> = {
  'truncated.xml': valid.slice(0, Math.floor(valid.length * 0.6)),
  'invalid-xml.xml': valid.replace('</memo:label>', '</memo:labl>'),
  'xxe.xml': valid.replace('<memo:Message', '<!DOCTYPE memo:Message [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<memo:Message').replace('Vi mangler dine lønsedler', '&xxe;'),
  'billion-laughs.xml': `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n${Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n')}\n]>\n` + valid.replace(/^<\?xml[^>]*>\n/, '').replace('Vi mangler dine lønsedler', '&lol9;'),
  'not-memo.xml': '<?xml version="1.0"?>\n<Message xmlns="urn:example:other"><MessageHeader><label>Ikke MeMo</label></MessageHeader></Message>\n',
  'invalid-fields.xml': letter({
    ...letters['07-v12-generic-title-not-before.xml']!,
    uuid: '12345678-1234-1234-1234-123456789abc',
    label: 'Brev om '.repeat(40),
    notification: 'Denne notifikation er alt for lang til at kunne vises i en notifikation på en telefon, for den fortsætter og fortsætter, længe efter de 150 tegn, som MeMo tillader.',
    replyBy: '2026-12-21T10:00:00+01:00',
    notBefore: '21-12-2026',
    recipient: { id: '010190123', idType: 'CPR', label: 'Birgitte Holm' },
    main: { label: 'Brev', files: [{ filename: 'brev.txt', type: 'text/plain', content: text('Hej\n') }], actions: [{ label: 'Ring', code: 'RING_OP', end: '2026-12-21' }] },
  }),
  'bad-base64.xml': valid.replace(/<memo:content>[^<]*/, '<memo:content>S2FyZSBKb25hcyBCYWsK!!!'),
};
mkdirSync(join(DIR, 'malformed'), { recursive: true });
for (const [name, xml] of Object.entries(malformed)) writeFileSync(join(DIR, 'malformed', name), xml);
console.log(`wrote ${Object.keys(letters).length} letters and ${Object.keys(malformed).length} malformed ones to ${DIR}`);
