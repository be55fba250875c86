/**
 * Where retention learns record statuses and legal holds: the one list both `serve` and the
 * CLI use. Requests for documents (BK-23…BK-26) and the records module's statuses join here.
 */
import { manualHolds } from './holds.ts';
import type { RetentionSources } from './sources.ts';

export function retentionSources(): RetentionSources {
  return { holds: [{ name: 'manual', holds: manualHolds }] };
}
