/** What the request workflow needs from the configuration and the store, built once per command or service. */
import type { Kysely } from 'kysely';
import { createCalendar } from '../calendar/calendar.ts';
import type { Config } from '../config/schema.ts';
import { createMailboxes } from '../inbound/mailboxes.ts';
import { describeGround, groundsFor } from '../records/grounds.ts';
import type { Lang } from '../i18n/catalog.ts';
import type { DB } from '../store/schema.ts';
import type { RequestContext } from './requests.ts';

export function requestContext(config: Config, db: Kysely<DB>): RequestContext & { describeGround(id: string, lang: Lang): string } {
  const calendar = createCalendar(config.calendar);
  const catalogue = groundsFor(calendar.country, config.records.grounds);
  const byId = new Map(catalogue.map((g) => [g.id, g]));
  return {
    db,
    calendar,
    config: config.requests,
    isOwn: createMailboxes(config).isOwn,
    grounds: { has: (id) => byId.has(id), ids: () => [...byId.keys()] },
    describeGround: (id, lang) => {
      const g = byId.get(id);
      return g ? describeGround(g, lang) : id;
    },
  };
}
