/**
 * Where retention learns record statuses and legal holds: the one list both `serve` and the
 * CLI use: the records module's statuses (issue 18), manual legal holds and the holds of requests
 * for documents (issue 19, `requests/legal-hold.ts`), and documents awaiting registration
 * (issue 18, `records/holds.ts`).
 */
import { requestLegalHolds } from '../requests/legal-hold.ts';
import { registrationHolds } from '../records/holds.ts';
import { manualHolds } from './holds.ts';
import { recordsStatusSource } from './records.ts';
import type { RetentionSources } from './sources.ts';

export function retentionSources(): RetentionSources {
  return {
    recordStatus: recordsStatusSource,
    holds: [
      { name: 'manual', holds: manualHolds },
      // BK-23…BK-26: documents of an open request, or of a decision within its appeal period.
      { name: 'request', holds: requestLegalHolds },
      // BK-20, BK-27: a document decided public or secret stays until it is registered.
      { name: 'records', holds: registrationHolds },
    ],
  };
}
