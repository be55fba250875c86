/**
 * A small pool of worker threads that read and check messages off the main thread: `analyse`
 * (parse + rules) for the SMTP relay, and `parse` alone for the Digital Post intake and the web
 * app's draft check. Rules cost tens of milliseconds of CPU per message, and a letter's PDF is
 * read by pdf.js; on the main thread either would stall every SMTP session and every spool
 * commit, and a fault in a parser of hostile input would end the whole process. Requests go to
 * the least busy worker; a worker that dies is replaced and its requests fail (the SMTP client
 * gets 451, the intake 500; both retry), never hang.
 *
 * Every request has a deadline (`gateway.checkTimeout`). Parsers run synchronously, so no timer
 * inside a worker can stop one that is stuck; past the deadline this thread terminates the worker
 * and starts another, the request fails with `CheckTimeout` (SMTP 451, intake 503, draft check
 * 422) and the other requests that were waiting on that worker are sent to the pool again. Each
 * worker's heap is bounded too, so a letter that makes a parser allocate without end ends its
 * worker, not the process.
 *
 * Hand-written rather than a pool library: none is installed, and this needs only least-busy
 * dispatch and crash replacement.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config/schema.ts';
import { isLang, translate, type Lang, type Params } from '../i18n/catalog.ts';
import { MessageError, parseMessage, type Parse, type ParseOptions } from '../message/parse.ts';
import type { ErrorCode } from '../message/messages.ts';
import type { Message } from '../message/types.ts';
import { engineFromConfig } from '../rules/engine.ts';
import { rulesConfigSchema, type RulesSection } from '../rules/config.ts';
import { analyser, UnreadableMessage, type Analyse, type Analysis } from './analyse.ts';
import { messages } from './messages.ts';

/** A request that was not answered within the pool's deadline; its worker was replaced. */
export class CheckTimeout extends Error {
  override readonly name = 'CheckTimeout';

  constructor(readonly seconds: number) {
    super(translate(messages, 'en', 'checkTimeout', { seconds }));
  }

  describe(lang: Lang): string {
    return translate(messages, lang, 'checkTimeout', { seconds: this.seconds });
  }
}

/** What `postvakt serve` hands its front doors for reading and checking messages. */
export interface Checkers {
  analyse: Analyse;
  parse: Parse;
  close(): Promise<void>;
}

/** Worker threads as configured (`gateway.checkWorkers`, default one per CPU); with 0, everything runs in this thread. */
export function startCheckers(config: Config): Checkers {
  const workers = config.gateway.checkWorkers ?? availableParallelism();
  if (workers > 0) return new CheckerPool(config, workers);
  return { analyse: buildAnalyse(config), parse: parseMessage, close: async () => undefined };
}

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

/** What a worker is asked: to analyse an SMTP message, or only to parse a message. */
export type Request = { id: number; raw: Uint8Array } & ({ kind: 'analyse'; now: Date } | { kind: 'parse'; options: ParseOptions });

/** A worker's answer: one result, or the error, marked as the kind the caller distinguishes. */
export type Reply = { id: number } & (
  | { analysis: Analysis }
  | { message: Message }
  | { messageError: { code: ErrorCode; params: Params } }
  | { error: string; unreadable: boolean }
);

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Waiter {
  request: DistributiveOmit<Request, 'id'>;
  /** Epoch ms after which the request fails, kept when it is sent to another worker. */
  deadline: number;
  timer?: NodeJS.Timeout;
  resolve(result: Analysis | Message): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Waiter>;
}

const YOUNG_GENERATION_MB = 96;
// Ten times what the largest letter needs (a 25 MB e-mail, a 50-page PDF); beyond it the worker
// ends with ERR_WORKER_OUT_OF_MEMORY and is replaced.
const OLD_GENERATION_MB = 1024;

// Workers do not inherit the tsx loader of the main thread: register it first, then load.
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.entry); });
`;

export class CheckerPool implements Checkers {
  readonly #config: Config;
  readonly #slots: Slot[] = [];
  readonly #timeoutMs: number;
  #nextId = 0;
  #closing = false;

  constructor(config: Config, size: number, timeoutMs = config.gateway.checkTimeout) {
    this.#config = config;
    this.#timeoutMs = timeoutMs;
    for (let i = 0; i < size; i++) this.#slots.push(this.#spawn());
  }

  #spawn(): Slot {
    const slot: Slot = {
      worker: new Worker(BOOT, {
        eval: true,
        // Checking allocates a lot of short-lived text; a larger young generation means fewer
        // scavenges and less promoted garbage (about 10% less CPU per message, measured).
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: OLD_GENERATION_MB },
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
      clearTimeout(waiter.timer);
      // Structured clone keeps the Dates in a message; nothing needs reviving.
      if ('analysis' in reply) waiter.resolve(reply.analysis);
      else if ('message' in reply) waiter.resolve(reply.message);
      else if ('messageError' in reply) waiter.reject(new MessageError(reply.messageError.code, reply.messageError.params));
      else waiter.reject(reply.unreadable ? new UnreadableMessage(reply.error) : new Error(reply.error));
    });
    slot.worker.on('error', (err) => this.#fail(slot, err));
    slot.worker.on('exit', () => this.#fail(slot, new Error('message checker stopped')));
    return slot;
  }

  #fail(slot: Slot, err: Error): void {
    for (const waiter of slot.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(err);
    }
    this.#replace(slot);
  }

  /** A new worker in the slot's place; its requests are the caller's to settle. */
  #replace(slot: Slot): void {
    slot.pending.clear();
    const index = this.#slots.indexOf(slot);
    if (index !== -1 && !this.#closing) this.#slots[index] = this.#spawn();
  }

  /** The request `id` is past its deadline: replace its worker and resend the others it held up. */
  #expire(slot: Slot, id: number): void {
    const guilty = slot.pending.get(id);
    if (!guilty) return;
    const others = [...slot.pending.entries()].filter(([other]) => other !== id);
    this.#replace(slot);
    void slot.worker.terminate();
    guilty.reject(new CheckTimeout(Math.round(this.#timeoutMs / 1000)));
    for (const [, waiter] of others) {
      clearTimeout(waiter.timer);
      this.#send(waiter);
    }
  }

  readonly analyse: Analyse = (raw, now) => this.#ask({ kind: 'analyse', raw, now }) as Promise<Analysis>;

  readonly parse: Parse = (raw, options) => this.#ask({ kind: 'parse', raw, options }) as Promise<Message>;

  #ask(request: DistributiveOmit<Request, 'id'>): Promise<Analysis | Message> {
    return new Promise((resolve, reject) => {
      this.#send({ request, deadline: Date.now() + this.#timeoutMs, resolve, reject });
    });
  }

  #send(waiter: Waiter): void {
    const slot = this.#slots.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
    const id = this.#nextId++;
    waiter.timer = setTimeout(() => this.#expire(slot, id), Math.max(0, waiter.deadline - Date.now()));
    slot.pending.set(id, waiter);
    slot.worker.postMessage({ id, ...waiter.request });
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }
}
