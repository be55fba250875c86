/**
 * Where retention learns record statuses and legal holds: the one list both `serve` and the
 * CLI use: the records module's statuses (issue 18) and the legal holds; requests for documents
 * (BK-23…BK-26, `requests/legal-hold.ts`) join here.
 */
import { manualHolds } from './holds.ts';
import { recordsStatusSource } from './records.ts';
import type { RetentionSources } from './sources.ts';

export function retentionSources(): RetentionSources {
  return { recordStatus: recordsStatusSource, holds: [{ name: 'manual', holds: manualHolds }] };
}
