/**
 * The scheduler: releases held items at their time, claims due deliveries, hands each to its
 * channel's transport and records the result. It polls, and is woken at once when new work is
 * enqueued (`kick`). `runDue(at)` does one complete pass at a given instant (`queue run-due`).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import type { Logger } from '../logging/logger.ts';
import type { RunningService } from '../serve/service.ts';
import type { Finish, Outcome, Queue, QueueItem } from './queue.ts';
import { GroupCommit } from './group-commit.ts';
import type { TransportRegistry } from './registry.ts';
import type { DeliveryResult } from './transport.ts';

/**
 * An upstream reply reduced to its codes ("550 5.1.1", "HTTP 404") for the service log: the
 * text after them often names the recipient ("<citizen@example.dk>: no such user"), and a log
 * line never carries personal data. The full reply stays in the queue's history.
 */
export function replyCode(reply: string): string {
  const smtp = /^(\d{3})(?:[ -](\d\.\d{1,3}\.\d{1,3}))?/.exec(reply);
  if (smtp) return smtp[2] ? `${smtp[1]} ${smtp[2]}` : smtp[1]!;
  const http = /^HTTP \d{3}/.exec(reply);
  if (http) return http[0];
  // A local failure (refused connection, timeout) has no code; keep its words, not an address or number.
  return reply.slice(0, 160).replace(/\S+@\S+/g, '<address>').replace(/\d[\d -]{4,}\d/g, '<number>');
}

/** Told about every finished attempt, e.g. to write the mail log. */
export type OutcomeObserver = (item: QueueItem, outcome: Outcome, result: DeliveryResult) => Promise<void>;

export interface SchedulerOptions {
  queue: Queue;
  registry: TransportRegistry;
  clock: Clock;
  logger: Logger;
  pollMs: number;
  concurrency: number;
  /** An attempt that has not settled by then counts as a transient failure (keep it below the lease). */
  attemptTimeoutMs: number;
  observers?: OutcomeObserver[];
}

export interface PassSummary {
  released: number;
  delivered: number;
  deferred: number;
  failed: number;
}

export class Scheduler {
  /** Unique per process, so a lease names who holds it. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  readonly #o: SchedulerOptions;
  #inFlight = 0;
  #timer: NodeJS.Timeout | undefined;
  #ticking = false;
  #again = false;
  #stopped = true;
  /** Held items are released on the poll timer only: hold times are minutes apart, not milliseconds. */
  #releasePending = true;
  #idle: Array<() => void> = [];
  readonly #results: GroupCommit<Finish, Outcome>;

  constructor(options: SchedulerOptions) {
    this.#o = options;
    this.#results = new GroupCommit((entries) => options.queue.finishAll(entries));
  }

  start(): RunningService {
    this.#stopped = false;
    this.#timer = setInterval(() => {
      this.#releasePending = true;
      this.kick();
    }, this.#o.pollMs);
    this.kick();
    return { name: 'scheduler', address: `owner ${this.owner}`, close: () => this.stop() };
  }

  /** New work may be due: look now (coalesced with a look already running). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#ticking) {
      this.#again = true;
      return;
    }
    this.#ticking = true;
    void this.#tick()
      .catch((err: unknown) => this.#o.logger.error({ err }, 'scheduler pass failed'))
      .finally(() => {
        this.#ticking = false;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  async #tick(): Promise<void> {
    const now = this.#o.clock.now();
    if (this.#releasePending) {
      this.#releasePending = false;
      const released = await this.#o.queue.releaseDue(now);
      if (released.length) this.#o.logger.info({ ids: released }, 'hold ended, released');
    }
    const room = this.#o.concurrency - this.#inFlight;
    // A claim is a write with its own fsync: while deliveries are running, wait until a quarter
    // of the slots are free so that one claim fills many of them.
    if (room <= 0 || (this.#inFlight > 0 && room < Math.ceil(this.#o.concurrency / 4))) return;
    const items = await this.#o.queue.claimDue(this.owner, now, room);
    for (const item of items) {
      this.#inFlight++;
      void this.#deliver(item).finally(() => {
        this.#inFlight--;
        if (this.#inFlight === 0) this.#idle.splice(0).forEach((resolve) => resolve());
        this.kick();
      });
    }
  }

  async #deliver(item: QueueItem, at?: Date): Promise<Outcome> {
    const { registry, logger } = this.#o;
    const registration = registry.get(item.channel);
    let result: DeliveryResult;
    if (!registration) {
      result = { kind: 'transient', error: `no transport registered for channel ${item.channel}` };
    } else {
      let timer: NodeJS.Timeout | undefined;
      // A transport that never answers must not wedge a delivery slot past its lease.
      const timeout = new Promise<DeliveryResult>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'transient', error: `no result within ${this.#o.attemptTimeoutMs} ms` }), this.#o.attemptTimeoutMs);
      });
      try {
        result = await Promise.race([registration.transport.deliver({ id: item.id, channel: item.channel, raw: item.raw, envelope: item.envelope, decision: item.decision }), timeout]);
      } catch (err) {
        result = { kind: 'transient', error: (err as Error).message };
      } finally {
        clearTimeout(timer);
      }
    }
    const outcome = await this.#results.submit({
      item,
      owner: this.owner,
      result,
      ...(registration?.onFailed ? { onFailed: registration.onFailed.bind(registration) } : {}),
      ...(registration?.onPartial ? { onPartial: registration.onPartial.bind(registration) } : {}),
      ...(at ? { at } : {}),
    });
    const detail = replyCode(result.kind === 'delivered' ? result.response : result.error);
    logger[outcome === 'delivered' ? 'info' : 'warn']({ id: item.id, channel: item.channel, attempt: item.attempts, outcome, detail }, 'delivery attempt');
    for (const observe of this.#o.observers ?? []) {
      await observe(item, outcome, result).catch((err: unknown) => logger.error({ err, id: item.id }, 'delivery observer failed'));
    }
    return outcome;
  }

  /**
   * One full pass at instant `at`: release what is due, deliver everything due, return counts.
   * For `queue run-due` and tests; the running service uses `start`.
   */
  async runDue(at: Date): Promise<PassSummary> {
    const summary: PassSummary = { released: 0, delivered: 0, deferred: 0, failed: 0 };
    summary.released = (await this.#o.queue.releaseDue(at)).length;
    for (;;) {
      const items = await this.#o.queue.claimDue(this.owner, at, this.#o.concurrency);
      if (items.length === 0) return summary;
      const outcomes = await Promise.all(items.map((item) => this.#deliver(item, at)));
      for (const outcome of outcomes) if (outcome !== 'lost-lease') summary[outcome]++;
    }
  }

  /** Stop claiming and wait for deliveries in flight to finish (graceful shutdown). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    while (this.#ticking) await new Promise((resolve) => setTimeout(resolve, 10));
    if (this.#inFlight > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
  }
}
