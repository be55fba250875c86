/**
 * A small pool of worker threads running `analyse` (parse + rules). Rules cost tens of
 * milliseconds of CPU per message; on the main thread they would stall every SMTP session and
 * every spool commit behind them. Requests go to the least busy worker; a worker that dies is
 * replaced and its requests fail (the client gets 451 and retries), never hang.
 *
 * Hand-written rather than a pool library: none is installed, and this needs only round-robin
 * dispatch and crash replacement.
 */
import { Worker } from 'node:worker_threads';
import type { Config } from '../config/schema.ts';
import { isLang } from '../i18n/catalog.ts';
import { parseMessage } from '../message/parse.ts';
import { engineFromConfig } from '../rules/engine.ts';
import { rulesConfigSchema, type RulesSection } from '../rules/config.ts';
import { analyser, UnreadableMessage, type Analyse, type Analysis } from './analyse.ts';

/** The `rules` section, while it is not yet part of every configuration schema. */
export function rulesSection(config: Config): RulesSection {
  return (config as Config & { rules?: RulesSection }).rules ?? rulesConfigSchema.parse(undefined);
}

/** The in-thread analyser a configuration describes (used by each worker, and without workers). */
export function buildAnalyse(config: Config): Analyse {
  const engine = engineFromConfig({ ...config, rules: rulesSection(config) });
  return analyser({
    parse: (raw) => parseMessage(raw, { format: 'eml', maxBytes: config.gateway.maxMessageSize }),
    check: (message, lang) => engine.check(message, { lang }),
    defaultLang: isLang(config.municipality.language) ? config.municipality.language : 'en',
    timeZone: config.calendar.timeZone,
    tone: config.gateway.actions.holdAngry,
  });
}

interface Reply {
  id: number;
  analysis?: Analysis;
  error?: string;
  unreadable?: boolean;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve(a: Analysis): void; reject(e: Error): void }>;
}

const YOUNG_GENERATION_MB = 96;

// Workers do not inherit the tsx loader of the main thread: register it first, then load.
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

export class CheckerPool {
  readonly #config: Config;
  readonly #slots: Slot[] = [];
  #nextId = 0;
  #closing = false;

  constructor(config: Config, size: number) {
    this.#config = config;
    for (let i = 0; i < size; i++) this.#slots.push(this.#spawn());
  }

  #spawn(): Slot {
    const slot: Slot = {
      worker: new Worker(BOOT, {
        eval: true,
        // Checking allocates a lot of short-lived text; a larger young generation means fewer
        // scavenges and less promoted garbage (about 10% less CPU per message, measured).
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
        workerData: {
          tsx: import.meta.resolve('tsx/esm/api'),
          entry: new URL('./check-worker.ts', import.meta.url).href,
          config: this.#config,
        },
      }),
      pending: new Map(),
    };
    slot.worker.on('message', (reply: Reply) => {
      const waiter = slot.pending.get(reply.id);
      slot.pending.delete(reply.id);
      if (!waiter) return;
      // Structured clone keeps the Dates in an analysis; nothing needs reviving.
      if (reply.analysis) waiter.resolve(reply.analysis);
      else waiter.reject(reply.unreadable ? new UnreadableMessage(reply.error) : new Error(reply.error));
    });
    slot.worker.on('error', (err) => this.#fail(slot, err));
    slot.worker.on('exit', () => this.#fail(slot, new Error('message checker stopped')));
    return slot;
  }

  #fail(slot: Slot, err: Error): void {
    for (const waiter of slot.pending.values()) waiter.reject(err);
    slot.pending.clear();
    const index = this.#slots.indexOf(slot);
    if (index !== -1 && !this.#closing) this.#slots[index] = this.#spawn();
  }

  readonly analyse: Analyse = (raw, now) => {
    const slot = this.#slots.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
    const id = this.#nextId++;
    return new Promise<Analysis>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, raw, now });
    });
  };

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }
}
