import type { Migration } from 'kysely';
import * as m0001_register from './0001_register.ts';
import * as m0002_queue from './0002_queue.ts';
import * as m0003_maillog from './0003_maillog.ts';
import * as m0004_digitalpost from './0004_digitalpost.ts';
import * as m0005_web from './0005_web.ts';
import * as m0006_register_reminders from './0006_register_reminders.ts';
import * as m0007_inbound from './0007_inbound.ts';
import * as m0008_answers from './0008_answers.ts';
import * as m0009_absence from './0009_absence.ts';
import * as m0010_records from './0010_records.ts';
import * as m0011_requests from './0011_requests.ts';
import * as m0012_retention from './0012_retention.ts';
import * as m0013_sf1601 from './0013_sf1601.ts';

/**
 * The one migration set for SQLite and PostgreSQL, applied in name order at every start and by
 * `postvakt migrate`. Never edit a migration that has shipped; add the next one.
 */
export const migrations: Record<string, Migration> = {
  '0001_register': m0001_register,
  '0002_queue': m0002_queue,
  '0003_maillog': m0003_maillog,
  '0004_digitalpost': m0004_digitalpost,
  '0005_web': m0005_web,
  '0006_register_reminders': m0006_register_reminders,
  '0007_inbound': m0007_inbound,
  '0008_answers': m0008_answers,
  '0009_absence': m0009_absence,
  '0010_records': m0010_records,
  '0011_requests': m0011_requests,
  '0012_retention': m0012_retention,
  '0013_sf1601': m0013_sf1601,
};
