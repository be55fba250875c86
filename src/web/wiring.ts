/**
 * The web app's ports over the real modules: the durable queue, the consideration register, the
 * rule engine with the message parser. Errors the user caused become the ports' input errors;
 * everything else propagates as a fault.
 */
import type { Lang } from '../i18n/catalog.ts';
import type { RuleEngine } from '../rules/engine.ts';
import { MessageError, type Parse } from '../message/parse.ts';
import { CheckTimeout } from '../gateway/checkers.ts';
import { QueueError, recipientsOf, type Queue, type QueueItem } from '../queue/queue.ts';
import { RegisterError, type Actor, type ConsiderationRegister, type FlagDetails } from '../register/register.ts';
import { IdentifierError } from '../register/identifier.ts';
import { OverrideError } from '../decision/overrides.ts';
import type { DecisionReason, FxQuestion } from '../decision/types.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';
import { readMailLog, verifyMailLog, type MailLogRow as LogRow } from '../maillog/log.ts';
import { exportMailLog } from '../maillog/export.ts';
import {
  DraftInputError,
  NotHeldError,
  OverrideRefusedError,
  RegisterInputError,
  type DraftChecker,
  type FlagView,
  type HeldFinding,
  type HeldLetter,
  type HeldLetterSummary,
  type MailLogPort,
  type MailLogRow,
  type QueuePort,
  type RegisterPort,
  type Viewer,
} from './ports.ts';

const MAX_HELD_LISTED = 500;

interface StoredDecision {
  reasons?: DecisionReason[];
  questions?: FxQuestion[];
  findings?: HeldFinding[];
}

function summary(item: Omit<QueueItem, 'raw'>): HeldLetterSummary {
  return {
    id: item.id,
    channel: item.channel,
    status: item.status,
    subject: item.subject,
    recipients: recipientsOf(item),
    createdAt: item.createdAt,
    releaseAt: item.releaseAt,
    told: item.told,
  };
}

/** A queue refusal on a letter that exists is the user's race with the scheduler, not a fault. */
async function overriding(queue: Queue, id: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (err instanceof QueueError && (await queue.get(id))) throw new NotHeldError(err.message);
    if (err instanceof OverrideError) throw new OverrideRefusedError((lang) => err.describe(lang));
    throw err;
  }
}

export function queuePort(queue: Queue): QueuePort {
  return {
    async listHeld() {
      const items = await queue.list({ status: ['held'], limit: MAX_HELD_LISTED });
      return items.map(summary).sort((a, b) => (a.releaseAt?.getTime() ?? 0) - (b.releaseAt?.getTime() ?? 0));
    },
    async get(id): Promise<HeldLetter | null> {
      const item = await queue.get(id);
      // Only deliveries that carry a hold decision are letters; notices and DSNs are not shown here.
      const decision = item?.decision as StoredDecision | undefined;
      if (!item || !decision?.reasons) return null;
      const from = item.envelope.from;
      return {
        ...summary(item),
        sender: typeof from === 'string' ? from : '',
        reasons: decision.reasons,
        questions: decision.questions ?? [],
        findings: decision.findings ?? [],
        events: (await queue.events(id)).map(({ at, kind, actor, reason }) => ({ at, kind, actor, reason })),
      };
    },
    releaseNow: (id, o) => overriding(queue, id, () => queue.release(id, o)),
    reschedule: (id, at, o) => overriding(queue, id, () => queue.reschedule(id, at, o)),
    cancel: (id, o) => overriding(queue, id, () => queue.cancel(id, o.reason ? o : { actor: o.actor })),
    markToldInAdvance: (id, o) => overriding(queue, id, () => queue.markTold(id, o.reason ? o : { actor: o.actor })),
  };
}

function actorOf(viewer: Viewer): Actor {
  return { user: viewer.username, unit: viewer.unit, role: viewer.role };
}

function flagView(flag: FlagDetails): FlagView {
  return {
    id: flag.id,
    label: flag.label,
    unit: flag.unit,
    reason: flag.reason,
    createdBy: flag.caseWorker,
    createdAt: flag.createdAt,
    reviewDate: flag.reviewOn,
    expiresDate: flag.expiresOn,
    reviewDue: flag.reviewDue,
  };
}

/**
 * Unit scoping (GDPR art. 9, need to know): a case worker reaches only flags of their own unit.
 * The check happens before `view`, so another unit's reason is never even decrypted for them.
 */
function mayView(viewer: Viewer, unit: string): boolean {
  return viewer.role !== 'caseworker' || viewer.unit === unit;
}

export function registerPort(register: ConsiderationRegister): RegisterPort {
  const view = async (viewer: Viewer, id: string) => flagView(await register.view(id, actorOf(viewer)));
  return {
    async list(viewer) {
      const summaries = await register.list(viewer.role === 'caseworker' ? { unit: viewer.unit } : {}, actorOf(viewer));
      // Each flag shown is a view of its reason, audited one by one.
      return Promise.all(summaries.filter((s) => !s.expired).map((s) => view(viewer, s.id)));
    },
    async get(viewer, id) {
      const scoped = await register.list(viewer.role === 'caseworker' ? { unit: viewer.unit } : {}, actorOf(viewer));
      const found = scoped.find((s) => s.id === id.toLowerCase());
      return found && mayView(viewer, found.unit) ? view(viewer, found.id) : null;
    },
    async add(viewer, flag) {
      try {
        const created = await register.add(
          {
            identifier: flag.identifier,
            reason: flag.reason,
            reviewOn: flag.reviewDate,
            expiresOn: flag.expiresDate,
            unit: viewer.unit,
            caseWorker: viewer.username,
          },
          actorOf(viewer),
        );
        return view(viewer, created.id);
      } catch (err) {
        if (err instanceof RegisterError || err instanceof IdentifierError) throw new RegisterInputError(err.message);
        throw err;
      }
    },
    async forRecipients(viewer, recipients) {
      const flags: FlagView[] = [];
      for (const recipient of recipients) {
        let found;
        try {
          found = await register.findFlag(recipient, actorOf(viewer));
        } catch (err) {
          if (err instanceof IdentifierError) continue;
          throw err;
        }
        if (found && !found.expired && mayView(viewer, found.unit)) flags.push(await view(viewer, found.id));
      }
      return flags;
    },
  };
}

/** `parse` reads an uploaded file or pasted draft; `postvakt serve` does it in the check workers, off this thread. */
export function draftChecker(engine: RuleEngine, maxBytes: number, parse: Parse): DraftChecker {
  return {
    async check(input, lang: Lang) {
      try {
        // A pasted draft is outside input too: read in the check pool, like a file.
        const message =
          input.kind === 'text'
            ? await parse(Buffer.from(`${input.subject ? `Subject: ${input.subject}\n` : ''}${input.text}`, 'utf8'), { format: 'text', maxBytes })
            : await parse(input.raw, { maxBytes });
        return { message, findings: engine.check(message, { lang }) };
      } catch (err) {
        if (err instanceof MessageError) throw new DraftInputError(err.describe(lang));
        if (err instanceof CheckTimeout) throw new DraftInputError(err.describe(lang), 422);
        throw err;
      }
    },
  };
}

function logRow({ seq, at, event, direction, sender, recipients, subject, verdict, result }: LogRow): MailLogRow {
  return { seq, at, event, direction, sender, recipients, subject, verdict, result };
}

/** The registrar's extract is the same as `postvakt log export` writes, times in the municipality's zone. */
export function mailLogPort(db: Kysely<DB>, timeZone: string): MailLogPort {
  return {
    search: async (query, limit) => (await readMailLog(db, query, limit)).map(logRow),
    async verify() {
      const v = await verifyMailLog(db);
      return { ok: v.ok, rows: v.rows, ...(v.broken ? { broken: v.broken } : {}) };
    },
    export: (query, format) => exportMailLog(db, { ...query, format, timeZone }),
  };
}
