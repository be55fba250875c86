/** Real messages for decision tests: e-mails and MeMo letters built as text and parsed. */
import { parseMessage } from '../../src/message/parse.ts';
import type { Message } from '../../src/message/types.ts';

export interface EmailSpec {
  to: string[];
  subject?: string;
  body?: string;
  headers?: Record<string, string>;
}

export async function email(spec: EmailSpec): Promise<Message> {
  const headers = {
    From: 'Jobcenter <jobcenter@eksempel-kommune.dk>',
    To: spec.to.join(', '),
    Subject: spec.subject ?? 'Din aktivitetsplan',
    'Message-ID': '<t1@eksempel-kommune.dk>',
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...spec.headers,
  };
  const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n');
  const body = (spec.body ?? 'Kære borger\n\nHer er din nye plan.\n\nVenlig hilsen\nJobcenter\n').replace(/\n/g, '\r\n');
  return parseMessage(Buffer.from(`${head}\r\n\r\n${body}`, 'utf8'));
}

export interface MemoSpec {
  recipient: string;
  label?: string;
  text?: string;
  replyByDateTime?: string;
  doNotDeliverUntilDate?: string;
  legalNotification?: boolean;
  actionEnd?: string;
}

/** A MeMo 1.1 letter with a text/plain main document, in the schema's element order. */
export async function memo(spec: MemoSpec): Promise<Message> {
  const text = Buffer.from(spec.text ?? 'Kære borger\n\nHer er din afgørelse.\n\nMed venlig hilsen\nYdelseskontoret\n', 'utf8').toString('base64');
  const el = (name: string, value: string | undefined) => (value === undefined ? '' : `<memo:${name}>${value}</memo:${name}>`);
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="1.1" memoSchVersion="1.1.0">
  <memo:MessageHeader>
    <memo:messageType>DIGITALPOST</memo:messageType>
    <memo:messageUUID>6f3c2a1e-8b4d-4c6e-9f1a-2b3c4d5e6f71</memo:messageUUID>
    <memo:label>${spec.label ?? 'Afgørelse om boligstøtte'}</memo:label>
    <memo:reply>false</memo:reply>
    ${el('replyByDateTime', spec.replyByDateTime)}
    ${el('doNotDeliverUntilDate', spec.doNotDeliverUntilDate)}
    <memo:mandatory>false</memo:mandatory>
    <memo:legalNotification>${spec.legalNotification ? 'true' : 'false'}</memo:legalNotification>
    <memo:postType>MYNDIGHEDSPOST</memo:postType>
    <memo:Sender>
      <memo:senderID>29189846</memo:senderID>
      <memo:idType>CVR</memo:idType>
      <memo:label>Eksempel Kommune</memo:label>
    </memo:Sender>
    <memo:Recipient>
      <memo:recipientID>${spec.recipient}</memo:recipientID>
      <memo:idType>${/^\d{8}$/.test(spec.recipient) ? 'CVR' : 'CPR'}</memo:idType>
    </memo:Recipient>
  </memo:MessageHeader>
  <memo:MessageBody>
    <memo:createdDateTime>2026-11-20T09:00:00Z</memo:createdDateTime>
    <memo:MainDocument>
      <memo:mainDocumentID>main-1</memo:mainDocumentID>
      <memo:label>Brev</memo:label>
      <memo:File>
        <memo:encodingFormat>text/plain</memo:encodingFormat>
        <memo:filename>brev.txt</memo:filename>
        <memo:language>da</memo:language>
        <memo:content>${text}</memo:content>
      </memo:File>
      ${
        spec.actionEnd
          ? `<memo:Action><memo:label>Upload dokumentation</memo:label><memo:actionCode>SELVBETJENING</memo:actionCode><memo:endDateTime>${spec.actionEnd}</memo:endDateTime></memo:Action>`
          : ''
      }
    </memo:MainDocument>
  </memo:MessageBody>
</memo:Message>
`;
  return parseMessage(Buffer.from(xml, 'utf8'));
}
