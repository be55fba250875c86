/**
 * `metadata/descriptive/erms.xml`: the export in E-ARK CITS ERMS 3.0 (FGS Ärendehantering 2.0
 * in Sweden). Each case is an aggregation of type caseFile and each message a record in it, with
 * its direction, agents (sender and recipients from the message's own headers), dates, the
 * registrar's title and classification, the record status (BK-18/BK-19) and, for a secret
 * record, the provision as a restriction. The metadata subject is the mail log's, with identity
 * numbers and sensitive terms masked: an archive may publish its catalogue, the .eml keeps the
 * original. Element order follows ERMS_v3.xsd's sequences.
 */
import { DateTime } from 'luxon';
import { v5 as uuidv5 } from 'uuid';
import type { Mailbox, ExportInput, ExportRecord, Direction } from './model.ts';
import { href, type PackageFile } from './files.ts';
import { attr, text, type XmlNode } from './xml.ts';

export const ERMS_NS = 'https://DILCIS.eu/XML/ERMS';

/** Namespace for Postvakt's name-based UUIDs, so a record keeps its systemIdentifier across exports. */
const UUID_NAMESPACE = '3f1e8f5c-6a0b-4c55-9a43-2d7b9d6f0e21';

export function recordUuid(itemId: string): string {
  return uuidv5(`record:${itemId}`, UUID_NAMESPACE);
}

export function aggregationUuid(key: string): string {
  return uuidv5(`aggregation:${key}`, UUID_NAMESPACE);
}

/** What the writer learnt from one stored message while writing its files. */
export interface WrittenRecord {
  record: ExportRecord;
  /** The message file first, then its attachments. */
  files: PackageFile[];
  from?: Mailbox;
  to: Mailbox[];
  cc: Mailbox[];
  /** The message's Date header. */
  date?: Date;
}

export interface ErmsContext {
  input: ExportInput;
  objid: string;
  software: string;
  /** The written records of each case, in the order of `input.cases`, and of the unregistered ones. */
  cases: WrittenRecord[][];
  unregistered: WrittenRecord[];
}

export function buildErms(ctx: ErmsContext): XmlNode {
  const { input } = ctx;
  const when = dateTime(input.timeZone);
  const aggregations: XmlNode[] = input.cases.map((c, i) => ({
    '@systemIdentifier': aggregationUuid(`case:${c.caseNumber}`),
    '@aggregationType': 'caseFile',
    objectId: text(c.caseNumber),
    identification: { '@identificationType': 'caseNumber', '#text': text(c.caseNumber) },
    ...classificationsOf(ctx.cases[i]!),
    ...lastAddition(ctx.cases[i]!, when),
    record: ctx.cases[i]!.map((w) => record(w, when)),
  }));
  if (ctx.unregistered.length > 0 && input.scope.kind === 'period') {
    const period = `${input.scope.from}/${input.scope.to}`;
    aggregations.push({
      '@systemIdentifier': aggregationUuid(`unregistered:${ctx.objid}`),
      '@aggregationType': 'own_aggregation_definition',
      '@otherAggregationType': 'unregistered_messages',
      objectId: text(`unregistered ${period}`),
      title: text(`Unregistered messages ${period}`),
      record: ctx.unregistered.map((w) => record(w, when)),
    });
  }
  return {
    erms: {
      '@xmlns': ERMS_NS,
      '@xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@xsi:schemaLocation': `${ERMS_NS} ../../schemas/ERMS_v3.xsd`,
      control: {
        identification: { '@identificationType': 'packageId', '#text': text(ctx.objid) },
        ...(input.classificationScheme
          ? {
              classificationSchema: {
                '@classificationSchemaId': 'classification-scheme',
                '@classificationSchemaStatus': 'current',
                textualDescriptionOfClassificationSchema: { p: text(input.classificationScheme) },
              },
            }
          : {}),
        maintenanceInformation: {
          maintenanceStatus: { '@value': 'new' },
          maintenanceAgency: { agencyName: text(input.municipality.name) },
          maintenanceHistory: {
            maintenanceEvent: {
              eventType: { '@value': 'created' },
              eventDateTime: when(input.createdAt),
              agent: { '@agentType': 'creator', name: text(ctx.software) },
            },
          },
        },
      },
      aggregations: { aggregation: aggregations },
    },
  };
}

function classificationsOf(records: WrittenRecord[]): XmlNode {
  const codes = [...new Set(records.flatMap((w) => (w.record.registration?.classification ? [w.record.registration.classification] : [])))];
  return codes.length > 0 ? { classification: codes.map(classification) } : {};
}

function classification(code: string): XmlNode {
  return { '@classificationCode': attr(code), '#text': text(code) };
}

function lastAddition(records: WrittenRecord[], when: (d: Date) => string): XmlNode {
  const dates = records.map((w) => (w.record.registration?.date ?? w.record.storedAt).getTime());
  return dates.length > 0 ? { dates: { date: { '@dateType': 'last_addition', '#text': when(new Date(Math.max(...dates))) } } } : {};
}

const DIRECTION: Record<Direction, XmlNode> = {
  in: { '@directionDefinition': 'incoming' },
  out: { '@directionDefinition': 'outgoing' },
  internal: { '@directionDefinition': 'other', '@otherDirectionDefinition': 'internal' },
};

function record(w: WrittenRecord, when: (d: Date) => string): XmlNode {
  const r = w.record;
  const direction = r.registration?.direction ?? r.direction;
  const subject = text(r.logSubject);
  const title = r.registration ? text(r.registration.title) : subject;
  const agents = [
    ...(w.from ? [agent('sender', w.from)] : r.logSender ? [agent('sender', { address: r.logSender })] : []),
    ...(w.from ? [...w.to, ...w.cc] : r.logRecipients.map((address) => ({ address }))).map((m) => agent('recipient', m)),
    ...(r.registration ? [person('registrar', r.registration.registeredBy)] : []),
    ...(r.status ? [person('record_status_decided_by', r.status.decidedBy)] : []),
  ];
  const dates: [string, Date][] = [
    ...(w.date ? [['created', w.date] as [string, Date]] : []),
    direction === 'in' ? ['received', r.storedAt] : ['sent', r.deliveredAt ?? r.storedAt],
    ...(r.registration ? [['captured', r.registration.date] as [string, Date]] : []),
    ...(r.status ? [['confidentiality_assessed', r.status.decidedAt] as [string, Date]] : []),
  ];
  const status = direction === 'in' ? 'received' : direction === 'out' ? 'expedited' : undefined;
  return {
    '@systemIdentifier': recordUuid(r.itemId),
    '@recordType': 'e-mail',
    '@recordPhysicalOrDigital': 'digital',
    objectId: text(r.itemId),
    ...(r.messageId ? { extraId: { '@extraIdType': 'messageId', '#text': text(r.messageId) } } : {}),
    ...(r.registration?.caseNumber ? { identification: { '@identificationType': 'caseNumber', '#text': text(r.registration.caseNumber) } } : {}),
    ...(r.registration?.classification ? { classification: classification(r.registration.classification) } : {}),
    title,
    ...(r.registration && subject && subject !== title ? { otherTitle: { '@titleType': 'subject', '#text': subject } } : {}),
    ...(status ? { status: { '@value': status } } : {}),
    ...(r.status?.status === 'secret'
      ? { restriction: { '@restrictionType': 'confidential', regulation: text(r.status.ground ?? '') } }
      : {}),
    direction: DIRECTION[direction],
    ...(agents.length > 0 ? { agents: { agent: agents } } : {}),
    dates: { date: dates.map(([type, at]) => ({ '@dateType': type, '#text': when(at) })) },
    ...(w.files.length === 0
      ? { notes: { note: { '@noteType': 'original', '#text': 'Postvakt keeps no copy of this message (journal mode); the original is in the mail system.' } } }
      : {}),
    additionalInformation: {
      appendix: w.files.map((f, i) => ({
        '@name': attr(f.path.slice(f.path.lastIndexOf('/') + 1)),
        '@description': i === 0 ? 'original message' : 'attachment',
        '@fileFormat': attr(f.mimetype),
        '@path': attr(href(f.path)),
      })),
      ...(r.status ? { ownElement: statusElement(r.status.status, r.status.ground) } : {}),
    },
  };
}

/** Record status as an own element: ERMS has no field for public / not public (BK-18, BK-19). */
function statusElement(status: string, ground: string | undefined): XmlNode {
  return {
    ownElementDescription: 'Record status decided in Postvakt: public, not-public (with its BK-19 ground), secret (with its provision) or little-importance',
    ownElement: [
      { '@name': 'recordStatus', value: text(status) },
      ...(ground ? [{ '@name': 'recordStatusGround', value: text(ground) }] : []),
    ],
  };
}

function agent(type: 'sender' | 'recipient', box: Mailbox): XmlNode {
  return {
    '@agentType': type,
    name: text(box.name?.trim() || box.address),
    addressContactInformation: { contactLine: { '@contactType': 'email', '#text': text(box.address) } },
  };
}

function person(role: string, who: string): XmlNode {
  return { '@agentType': 'other', '@otherAgentType': role, name: text(who) };
}

function dateTime(zone: string): (d: Date) => string {
  return (d) => DateTime.fromJSDate(d, { zone }).toISO({ suppressMilliseconds: true }) ?? d.toISOString();
}
