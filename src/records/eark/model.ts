/**
 * What an E-ARK export is made from: one case (or one period) and its records, as plain data.
 * The loader (`load.ts`) fills it from the store; the package writer (`package.ts`) reads
 * only this, so the package format does not depend on the tables.
 */
import type { Lang } from '../../i18n/catalog.ts';

export type Direction = 'in' | 'out' | 'internal';

/** Record status (issue 18, BK-18/BK-19/BK-20), decided once per message by a person. */
export type RecordStatus = 'public' | 'not-public' | 'secret' | 'little-importance';

export interface StatusDecision {
  status: RecordStatus;
  /** The BK-19 ground (not-public) or the provision from the catalogue (secret); never content. */
  ground?: string;
  decidedBy: string;
  decidedAt: Date;
}

/** A registration into a case (BK-20), made by a registrar. */
export interface Registration {
  caseNumber: string;
  title: string;
  /** KLE number (DK) or the municipality's own classification code (SE). */
  classification?: string;
  direction: Direction;
  /** The registration date the registrar gave. */
  date: Date;
  registeredBy: string;
}

export interface Mailbox {
  address: string;
  name?: string;
}

export interface ExportRecord {
  /** The queue item whose stored bytes are the record (`queue_bodies.item_id`). */
  itemId: string;
  /** `inbound`: mail from outside through the inbound door or a journal report. */
  channel: 'email' | 'inbound';
  direction: Direction;
  messageId?: string;
  /** The mail log's subject (identity numbers masked), used when the message has none. */
  logSubject: string;
  /** The mail log's sender and recipients, used when the stored message cannot be read. */
  logSender: string;
  logRecipients: string[];
  /** When Postvakt received (in) or accepted (out) the message. */
  storedAt: Date;
  /** When it was handed on (delivered), if it was. */
  deliveredAt?: Date;
  registration?: Registration;
  status?: StatusDecision;
  /**
   * The exact stored bytes, read when the writer gets to this record (one message at a time);
   * undefined for journaled mail, of which Postvakt keeps no copy.
   */
  body(): Promise<Buffer | undefined>;
}

export interface ExportCase {
  caseNumber: string;
  records: ExportRecord[];
}

export type ExportScope = { kind: 'case'; caseNumber: string } | { kind: 'period'; from: string; to: string };

export interface ExportInput {
  scope: ExportScope;
  municipality: { name: string; language: Lang };
  /** Zone for the date-times written into the metadata (the calendar's zone). */
  timeZone: string;
  /** Name of the classification scheme the codes come from, e.g. "KLE". */
  classificationScheme?: string;
  /** One aggregation per case; a period export may hold several. */
  cases: ExportCase[];
  /** Period export: messages in the period not registered into any case. */
  unregistered: ExportRecord[];
  createdAt: Date;
}
