/**
 * Prometheus metrics (prom-client) for `postvakt serve`, served on the admin port. One registry
 * per process; front doors, the queue and the scheduler record with one call each. Labels carry
 * only channel, rule id, outcome and who released (schedule | person): never an address, a
 * subject or anything about a flag, so a scrape reveals nothing about any person.
 *
 * Units: accepted and refused count messages; held, released and deliveries count delivery rows
 * (one per group of a message's recipients with the same decision), as the queue does.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';
import type { NewItem } from '../queue/queue.ts';
import type { Outcome, QueueItem } from '../queue/queue.ts';
import type { Transport } from '../queue/transport.ts';

export const registry = new Registry();

const registers = [registry];

const accepted = new Counter({ name: 'postvakt_messages_accepted_total', help: 'Messages accepted (committed to the queue) by front door channel.', labelNames: ['channel'], registers });
const refused = new Counter({ name: 'postvakt_messages_refused_total', help: 'Messages refused at the front door, by the rule (or check) that refused them.', labelNames: ['channel', 'rule'], registers });
const held = new Counter({ name: 'postvakt_deliveries_held_total', help: 'Deliveries held at acceptance (consideration hold).', labelNames: ['channel'], registers });
const attempts = new Counter({ name: 'postvakt_delivery_attempts_total', help: 'Finished delivery attempts by outcome: delivered, deferred (retried), failed, lost-lease.', labelNames: ['channel', 'outcome'], registers });
const checkSeconds = new Histogram({
  name: 'postvakt_check_duration_seconds',
  help: 'Time to read and check one message (parse and rules, in the check pool).',
  labelNames: ['channel'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});
const deliverySeconds = new Histogram({
  name: 'postvakt_delivery_duration_seconds',
  help: 'Time of one delivery attempt to the channel upstream (smart host, Digital Post).',
  labelNames: ['channel', 'result'],
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers,
});

/** Messages committed to the queue by a front door (after the commit is durable). */
export function recordEnqueued(items: readonly NewItem[]): void {
  const origins = new Map<string, NewItem['channel']>();
  for (const item of items) {
    origins.set(item.originId, item.channel);
    if (item.status === 'held') held.inc({ channel: item.channel });
  }
  for (const channel of origins.values()) accepted.inc({ channel });
}

export function recordRefused(channel: NewItem['channel'], rule: string): void {
  refused.inc({ channel, rule });
}

/** A delivery observer (`ServeContext.deliveryObservers`). */
export async function recordOutcome(item: QueueItem, outcome: Outcome): Promise<void> {
  attempts.inc({ channel: item.channel, outcome });
}

/** Wraps a check-pool function so each call's time lands in the check histogram. */
export function timedCheck<A extends unknown[], R>(channel: NewItem['channel'], check: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const end = checkSeconds.startTimer({ channel });
    try {
      return await check(...args);
    } finally {
      end();
    }
  };
}

/** Wraps a channel's transport so each attempt's time lands in the delivery histogram. */
export function timedTransport(channel: NewItem['channel'], transport: Transport): Transport {
  return {
    deliver: async (delivery) => {
      const end = deliverySeconds.startTimer({ channel });
      let result = 'error';
      try {
        const outcome = await transport.deliver(delivery);
        result = outcome.kind;
        return outcome;
      } finally {
        end({ result });
      }
    },
    close: () => transport.close(),
  };
}

/** Process metrics (CPU, memory, event-loop lag): only for the server, not for every CLI command. */
export function collectProcessMetrics(): void {
  if (!registry.getSingleMetric('postvakt_process_cpu_seconds_total')) collectDefaultMetrics({ register: registry, prefix: 'postvakt_' });
}

/**
 * Gauges read from the store at scrape time, so they are right across processes sharing one
 * PostgreSQL queue: deliveries by status, the age of the oldest held delivery, the register's size.
 */
export function watchStore(db: Kysely<DB>, now: () => Date): void {
  const first = watched === undefined;
  // Releases count from now: the newest event so far is where the next scrape starts reading.
  const since = db
    .selectFrom('queue_events')
    .select((eb) => eb.fn.max<number>('id').as('id'))
    .executeTakeFirst()
    .then((row) => Number(row?.id ?? 0));
  watched = { db, now, since };
  if (first) storeGauges();
}

let watched: { db: Kysely<DB>; now: () => Date; since: Promise<number> } | undefined;

function storeGauges(): void {
  /*
   * Releases are read from the queue's events, not counted where they happen: a person releases
   * with `postvakt queue release` in a CLI process as often as in the web app, and the scheduler
   * of another instance on the same PostgreSQL releases too. Each scrape reads only the events
   * added since the last one (by primary key). Every instance reports every release, so
   * aggregate instances with max, not sum.
   */
  new Counter({
    name: 'postvakt_deliveries_released_total',
    help: 'Held deliveries released since this process started, by whom: schedule or person.',
    labelNames: ['by'],
    registers,
    async collect() {
      const state = watched!;
      const read = async (from: number): Promise<number> => {
        const top = Number((await state.db.selectFrom('queue_events').select((eb) => eb.fn.max<number>('id').as('id')).executeTakeFirst())?.id ?? from);
        if (top <= from) return from;
        const rows = await state.db
          .selectFrom('queue_events')
          .select(['actor', (eb) => eb.fn.countAll<number>().as('n')])
          .where('id', '>', from)
          .where('id', '<=', top)
          .where('kind', '=', 'released')
          .groupBy('actor')
          .execute();
        for (const row of rows) this.inc({ by: row.actor === 'scheduler' ? 'schedule' : 'person' }, Number(row.n));
        return top;
      };
      // Scrapes that overlap read one after the other, so no event is counted twice.
      state.since = state.since.then((from) => read(from).catch(() => from));
      await state.since;
    },
  });
  new Gauge({
    name: 'postvakt_queue_depth',
    help: 'Deliveries in the queue by status (held, queued, delivering).',
    labelNames: ['status'],
    registers,
    async collect() {
      const rows = await watched!.db
        .selectFrom('queue_items')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', 'in', ['held', 'queued', 'delivering'])
        .groupBy('status')
        .execute();
      this.reset();
      for (const status of ['held', 'queued', 'delivering'] as const) {
        this.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
      }
    },
  });
  new Gauge({
    name: 'postvakt_queue_oldest_held_seconds',
    help: 'Age of the oldest held delivery (0 when nothing is held).',
    registers,
    async collect() {
      const row = await watched!.db.selectFrom('queue_items').select((eb) => eb.fn.min<number>('created_at').as('oldest')).where('status', '=', 'held').executeTakeFirst();
      const oldest = row?.oldest == null ? undefined : Number(row.oldest);
      this.set(oldest === undefined ? 0 : Math.max(0, (watched!.now().getTime() - oldest) / 1000));
    },
  });
  new Gauge({
    name: 'postvakt_register_flags',
    help: 'Flags in the consideration register (a count only).',
    registers,
    async collect() {
      const row = await watched!.db.selectFrom('register_flags').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      this.set(Number(row?.n ?? 0));
    },
  });
}
