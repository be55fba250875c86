/**
 * The intake pipeline for MeMo letters: read and validate every letter of a request, run the
 * checks (FX-8, FX-10, FX-11), decide with the consideration register (FX-3, FX-6), and commit
 * the letters to the durable queue together with their receipts — all letters of a request or
 * none. Only after that commit does the case system get its 202, so an accepted letter cannot
 * be lost, and each letter's mail-log row commits with it.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../store/schema.ts';
import type { Clock } from '../clock/clock.ts';
import type { Lang } from '../i18n/catalog.ts';
import type { Logger } from '../logging/logger.ts';
import type { Message } from '../message/types.ts';
import { MessageError, type Parse } from '../message/parse.ts';
import type { RuleEngine } from '../rules/engine.ts';
import type { Finding } from '../rules/types.ts';
import type { Decider, RecipientDecision } from '../decision/types.ts';
import { newItemId, type NewItem, type Queue } from '../queue/queue.ts';
import { appendMailLog } from '../maillog/log.ts';
import type { DigitalPostConfig } from './config.ts';
import { withDoNotDeliverUntilDate } from './defer.ts';
import { findLetter, insertLetter, receiptOf, type LetterDetails, type LetterRow, type Receipt, type ReceiptFinding } from './letters.ts';
import { IntakeProblem, type ElementError } from './problem.ts';
import type { Intake } from './server.ts';
import type { KombiEnvelope, MemoEnvelope } from './transport.ts';
import { intakeEntry, recipientLabel, type IntakeAction } from './maillog.ts';
import { recordEnqueued, recordRefused } from '../metrics/metrics.ts';
import { publicVerdict, storedDecision, type DecisionKeeper } from '../queue/stored-decision.ts';

export interface IntakeDeps {
  db: Kysely<DB>;
  /** Resolves once what was committed is on disk (`Store.durable`): the 202 waits for it. */
  durable(): Promise<void>;
  queue: Queue;
  /** Reads a letter, PDF included; `postvakt serve` does it in the check workers, off this thread. */
  parse: Parse;
  engine: RuleEngine;
  decider: Decider;
  clock: Clock;
  config: DigitalPostConfig;
  /** The municipality's time zone: receipts show local times, doNotDeliverUntilDate is a local date. */
  timeZone: string;
  logger: Logger;
  /** New work is in the queue: wake the scheduler so an unheld letter goes out at once. */
  onEnqueued?: () => void;
  /** Seals the decision's details and names a held letter's recipient by pseudonym (the register's keys). */
  keeper: DecisionKeeper;
}

export interface Letter {
  /** What is forwarded: the MeMo, or for SF1601 the whole kombi_request around it. */
  raw: Buffer;
  message: Message;
  memo: NonNullable<Message['memo']>;
  uuid: string;
  sha256: string;
  /** Set for an SF1601 kombi request: its transaction and route (issue 24). */
  kombi?: KombiEnvelope;
}

/** Extra work in the commit that queues letters (the SF1601 transaction row). */
export type InTransaction = (trx: Transaction<DB>, rows: Map<string, LetterRow>) => Promise<void>;

function toReceiptFinding(f: Finding): ReceiptFinding {
  return { ruleId: f.ruleId, clause: f.clause, level: f.level, message: f.message };
}

export function createIntake(deps: IntakeDeps) {
  const { db, queue, parse, engine, decider, clock, config, timeZone, logger } = deps;
  const formatTime = (t: Date) => DateTime.fromJSDate(t, { zone: timeZone }).toISO({ suppressMilliseconds: true }) ?? t.toISOString();

  /** Parse and validate every letter (MeMo, or SF1601 kombi requests); all problems of all letters in one 400. */
  async function read(files: Buffer[], format: 'memo' | 'kombi' = 'memo'): Promise<Letter[]> {
    const letters: Letter[] = [];
    const errors: ElementError[] = [];
    for (const [index, raw] of files.entries()) {
      const file = files.length > 1 ? { file: index } : {};
      let message: Message;
      try {
        message = await parse(raw, { format, maxBytes: config.maxBodyBytes });
      } catch (err) {
        // A kombi request's refusals have the service's own codes: its intake maps them.
        if (!(err instanceof MessageError) || format === 'kombi') throw err;
        throw new IntakeProblem(400, 'problem.invalid-memo', 'problem.unreadable-memo.detail', { reason: err.message }, [
          { ...file, path: '/', expected: err.message },
        ]);
      }
      // The parser (in the check pool) notes every MeMo violation with its path, so the letter is read once.
      const invalid = message.warnings.filter((w) => w.code === 'memo-invalid');
      if (invalid.length > 0) {
        for (const issue of invalid) {
          errors.push({ ...file, path: issue.path ?? '/', expected: issue.expected ?? issue.detail ?? '', ...(issue.got !== undefined ? { found: issue.got } : {}) });
        }
        continue;
      }
      const memo = message.memo!;
      letters.push({ raw, message, memo, uuid: memo.messageUuid.toLowerCase(), sha256: createHash('sha256').update(raw).digest('hex') });
    }
    if (errors.length > 0) throw new IntakeProblem(400, 'problem.invalid-memo', 'problem.invalid-memo.detail', {}, errors);
    return letters;
  }

  async function decide(letter: Letter, lang: Lang, now: Date): Promise<RecipientDecision> {
    const route = letter.kombi?.route;
    const [decision] = await decider.decide({ message: letter.message, recipients: [letter.memo.recipient.id], now, lang, ...(route ? { route } : {}) });
    if (!decision) throw new Error(`the decider returned no decision for letter ${letter.uuid}`);
    return decision;
  }

  async function accept(files: Buffer[], request: { client: string; lang: Lang; queryUuid?: string }) {
    const letters = await read(files);
    const { queryUuid, lang, client } = request;
    if (queryUuid !== undefined && letters.length === 1 && letters[0]!.uuid !== queryUuid.toLowerCase()) {
      throw new IntakeProblem(400, 'problem.uuid-mismatch', 'problem.uuid-mismatch.detail', { query: queryUuid, uuid: letters[0]!.uuid });
    }
    const seen = new Set<string>();
    for (const letter of letters) {
      if (seen.has(letter.uuid)) throw new IntakeProblem(400, 'problem.invalid-memo', 'problem.duplicate-in-request.detail', { uuid: letter.uuid });
      seen.add(letter.uuid);
    }

    // A resent letter (same uuid, same bytes) is answered with its receipt, never queued twice.
    const repeats = new Map<string, LetterRow>();
    for (const letter of letters) {
      const existing = await findLetter(db, letter.uuid);
      if (!existing) continue;
      if (existing.sha256 !== letter.sha256 || existing.client !== client) {
        throw new IntakeProblem(409, 'problem.duplicate-uuid', 'problem.duplicate-uuid.detail', { uuid: letter.uuid });
      }
      repeats.set(letter.uuid, existing);
    }

    const fresh = letters.filter((l) => !repeats.has(l.uuid));
    const { rows, created, decisions } = await commit(fresh, { client, lang }, repeats);
    const receipts: Receipt[] = [];
    for (const letter of letters) {
      const receipt = await receiptOf(rows.get(letter.uuid)!, { queue, lang, formatTime });
      // The answer to this request may say all (the case system asked, and it is its letter); the
      // stored row keeps only what a hold shows, so a later read no longer says "flagged".
      const decision = decisions.get(letter.uuid);
      receipts.push(decision ? { ...receipt, verdict: decision.verdict, reasons: decision.reasons } : receipt);
    }
    return { receipts, created };
  }

  /**
   * Check, decide and queue new letters in one transaction (with `inTransaction`'s rows); a
   * blocking finding refuses them all. Returns every letter's row, with `known` (repeats) added.
   */
  async function commit(fresh: Letter[], request: { client: string; lang: Lang; inTransaction?: InTransaction }, known = new Map<string, LetterRow>()) {
    const { client, lang } = request;
    const now = clock.now();
    const planned: Array<ReturnType<typeof plan>> = [];
    for (const letter of fresh) {
      const findings = engine.check(letter.message, { lang, reference: now });
      const blocking = findings.find((f) => f.level === 'error' && config.blockingRules.includes(f.ruleId));
      if (blocking) {
        recordRefused('digitalpost', blocking.ruleId);
        throw new IntakeProblem(422, 'problem.refused', 'problem.refused.detail', { finding: blocking.message, clause: blocking.clause, rule: blocking.ruleId });
      }
      const decision = await decide(letter, lang, now);
      planned.push(plan(letter, decision, findings.map(toReceiptFinding), client, lang, now));
    }

    const rows = new Map<string, LetterRow>(known);
    if (planned.length > 0) {
      try {
        // Queue items, receipts and mail-log rows commit together: an accepted letter is never unlogged.
        await db.transaction().execute(async (trx) => {
          const ids = await queue.enqueue(planned.map((p) => p.item), trx);
          for (const [i, p] of planned.entries()) {
            const row = { ...p.row, queue_id: ids[i]! };
            await insertLetter(trx, row);
            rows.set(row.memo_uuid, row);
          }
          const entries = planned.map((p) =>
            intakeEntry({
              at: now,
              client,
              memo: p.letter.memo,
              size: p.letter.raw.length,
              decision: p.decision,
              action: p.action,
              recipient: String(p.item.envelope.recipient),
              queueId: rows.get(p.letter.uuid)!.queue_id,
              ...(p.deferredTo ? { doNotDeliverUntilDate: p.deferredTo } : {}),
            }),
          );
          await appendMailLog(trx, entries);
          await request.inTransaction?.(trx, rows);
        });
      } catch (err) {
        // Two requests raced with the same uuid: the loser is told as if it had come second.
        for (const p of planned) {
          if (p.letter.kombi) throw err;
          if (await findLetter(db, p.row.memo_uuid)) {
            throw new IntakeProblem(409, 'problem.duplicate-uuid', 'problem.duplicate-uuid.detail', { uuid: p.row.memo_uuid });
          }
        }
        throw err;
      }
      await deps.durable();
      recordEnqueued(planned.map((p) => p.item));
      deps.onEnqueued?.();
      for (const p of planned) {
        logger.info({ memoMessageUuid: p.letter.uuid, queueId: rows.get(p.letter.uuid)!.queue_id, verdict: publicVerdict(p.decision.verdict), action: p.action }, 'digital post letter accepted');
      }
    }

    return { rows, created: planned.length > 0, decisions: new Map(planned.map((p) => [p.letter.uuid, p.decision])) };
  }

  /** The queue item and receipt row for one new letter, from its decision and the hold mode. */
  function plan(letter: Letter, decision: RecipientDecision, findings: ReceiptFinding[], client: string, lang: Lang, now: Date) {
    const held = decision.verdict === 'hold' && decision.holdUntil !== undefined;
    const details: LetterDetails = { reasons: held ? decision.reasons : [], findings };
    let raw = letter.raw;
    let action: IntakeAction = held ? 'held' : 'queued';
    // A kombi request is always held here: doNotDeliverUntilDate means nothing to NemSMS or print.
    if (held && config.holdMode === 'doNotDeliverUntilDate' && !letter.kombi) {
      details.doNotDeliverUntilDate = DateTime.fromJSDate(decision.holdUntil!, { zone: timeZone }).toISODate()!;
      raw = withDoNotDeliverUntilDate(raw, details.doNotDeliverUntilDate);
      action = 'deferred';
    }
    // The mail log names the recipient of a hold by pseudonym, so no row pairs a citizen with a hold.
    const recipient = decision.verdict === 'hold' ? deps.keeper.pseudonym(letter.memo.recipient.id) : recipientLabel(letter.memo.recipient);
    const envelope: MemoEnvelope = { memoMessageUuid: letter.uuid, client, recipient, ...(letter.kombi ? { kombi: letter.kombi } : {}) };
    const id = newItemId();
    const item: NewItem = {
      id,
      channel: 'digitalpost',
      status: action === 'held' ? 'held' : 'queued',
      raw,
      envelope: { ...envelope },
      lang,
      subject: letter.memo.label,
      messageId: letter.memo.messageId ?? letter.uuid,
      originId: letter.uuid,
      ...(action === 'held' ? { releaseAt: decision.holdUntil! } : {}),
      decision: storedDecision({ id, decision, recipients: [letter.memo.recipient.id], keeper: deps.keeper, findings }),
    };
    const row: LetterRow = {
      memo_uuid: letter.uuid,
      client,
      sha256: letter.sha256,
      verdict: publicVerdict(decision.verdict),
      queue_id: '',
      hold_until: decision.holdUntil ? decision.holdUntil.getTime() : null,
      details: JSON.stringify(details),
      received_at: now.getTime(),
    };
    return { letter, decision, item, row, action, deferredTo: details.doNotDeliverUntilDate };
  }

  const intake: Intake = {
    accept,
    async receipt(uuid, { client, lang }) {
      const row = await findLetter(db, uuid);
      // A client sees only its own letters; another's uuid is "not found", not "forbidden".
      if (!row || row.client !== client) return undefined;
      return receiptOf(row, { queue, lang, formatTime });
    },
  };
  return { ...intake, commit, read };
}

export type LetterIntake = ReturnType<typeof createIntake>;
