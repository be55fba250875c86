/**
 * Extracts of the mail log per mailbox and period (BK-29), as CSV (RFC 4180) or JSON. Identity
 * numbers are already masked in the table; hashes are included so a recipient of the extract
 * can check each row against the chain.
 */
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { DB } from '../store/schema.ts';
import { readMailLog, type MailLogQuery, type MailLogRow } from './log.ts';

export type ExportFormat = 'csv' | 'json';

export interface ExportOptions extends MailLogQuery {
  format: ExportFormat;
  /** Times are written with this zone's offset; default UTC. */
  timeZone?: string;
}

const COLUMNS = [
  'seq',
  'time',
  'event',
  'direction',
  'channel',
  'sender',
  'recipients',
  'subject',
  'messageId',
  'size',
  'verdict',
  'releaseAt',
  'result',
  'queueId',
  'recordClass',
  'caseNumber',
  'retentionClass',
  'prevHash',
  'hash',
] as const;

type ExportRow = Record<(typeof COLUMNS)[number], string | number | string[] | null>;

function exportRow(row: MailLogRow, zone: string): ExportRow {
  const time = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone }).toISO() : null);
  return {
    seq: row.seq,
    time: time(row.at),
    event: row.event,
    direction: row.direction,
    channel: row.channel,
    sender: row.sender,
    recipients: row.recipients,
    subject: row.subject,
    messageId: row.messageId,
    size: row.size,
    verdict: row.verdict,
    releaseAt: time(row.releaseAt),
    result: row.result,
    queueId: row.queueId,
    recordClass: row.recordClass,
    caseNumber: row.caseNumber,
    retentionClass: row.retentionClass,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/**
 * One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). A leading = + - @
 * or tab would start a formula when a registrar opens the file in a spreadsheet, so such a field
 * gets a leading apostrophe (OWASP's advice against CSV injection).
 */
export function csvField(value: string | number | string[] | null): string {
  if (value === null) return '';
  let text = Array.isArray(value) ? value.join('; ') : String(value);
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatRows(rows: MailLogRow[], format: ExportFormat, timeZone = 'UTC'): string {
  const out = rows.map((r) => exportRow(r, timeZone));
  if (format === 'json') return `${JSON.stringify(out, null, 2)}\n`;
  const lines = [COLUMNS.join(','), ...out.map((r) => COLUMNS.map((c) => csvField(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export async function exportMailLog(db: Kysely<DB>, options: ExportOptions): Promise<string> {
  const { format, timeZone, ...query } = options;
  return formatRows(await readMailLog(db, query), format, timeZone);
}
