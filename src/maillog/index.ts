/** The mail log's public API (BK-28, BK-29). */
export { appendMailLog, readMailLog, verifyMailLog, publicText, publicSubject } from './log.ts';
export type { MailLogEntry, MailLogEvent, MailLogRow, MailLogQuery, MailLogVerification, MailLogBreak } from './log.ts';
export { exportMailLog, type ExportFormat, type ExportOptions } from './export.ts';
export { describeVerification } from './describe.ts';
export { appendCheckpoint } from './checkpoint.ts';
export { loadSigningKey, type SigningKey, type SigningKeyConfig } from './signing.ts';
