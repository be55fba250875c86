/**
 * The database's tables as Kysely types. Each module declares its own tables in its
 * `tables.ts` and they are joined here, so the whole schema is visible in one place.
 */
import type { WebTables } from '../web/tables.ts';
import type { RegisterTables } from '../register/tables.ts';
import type { QueueTables } from '../queue/tables.ts';
import type { DigitalPostTables } from '../digitalpost/tables.ts';
import type { MailLogTables } from '../maillog/tables.ts';
import type { InboundTables } from '../inbound/tables.ts';
import type { RecordsTables } from '../records/tables.ts';
import type { RequestTables } from '../requests/tables.ts';

export interface DB extends RegisterTables, WebTables, QueueTables, DigitalPostTables, MailLogTables, InboundTables, RecordsTables, RequestTables {}
