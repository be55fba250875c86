/**
 * What happens to one inbound SMTP transaction between end of DATA and the reply. Mail from
 * outside is never refused for what it says: only bare LF (SMTP smuggling) is refused, as at the
 * relay. It is read in the check pool; the findings BK-27 asks about (identity numbers, secret
 * content) are recorded. The result describes, for the spool to commit in one transaction, the
 * queue item that relays the message to the internal mail system, the inbound message row, and
 * one waiting item per addressed mailbox when the mail is from outside and not automatic (BK-14).
 * A message the parser cannot read is still relayed, and opens nothing.
 */
import type { Clock } from '../clock/clock.ts';
import type { WorkingCalendar } from '../calendar/types.ts';
import type { Lang } from '../i18n/catalog.ts';
import { translate } from '../i18n/catalog.ts';
import { header, type Message } from '../message/types.ts';
import type { Finding } from '../rules/types.ts';
import { newItemId, type NewItem } from '../queue/queue.ts';
import { UnreadableMessage, type Analyse } from '../gateway/analyse.ts';
import { hasBareLf, receivedHeader, smtpText, type PipelineResult, type Transaction } from '../gateway/pipeline.ts';
import { editHeaders } from '../gateway/headers.ts';
import type { SmtpEnvelope } from '../gateway/smarthost.ts';
import { messages as gatewayMessages } from '../gateway/messages.ts';
import { messages } from './messages.ts';
import { publicText } from '../maillog/index.ts';
import received from './data/received.json' with { type: 'json' };
import { messageDirection, type Direction } from './direction.ts';
import type { Mailboxes } from './mailboxes.ts';
import { answerClock } from './clock.ts';
import { answerOf, type Answer, type NewWaiting } from './waiting.ts';
import { NotAJournalReport, readJournalReport } from './journal.ts';
import type { AbsencePlan } from '../absence/watch.ts';

export interface InboundRecord {
  id: string;
  receivedAt: Date;
  sender: string;
  recipients: string[];
  messageId: string | null;
  subject: string;
  size: number;
  automatic: boolean;
  sensitive: Array<{ ruleId: string; clause: string }>;
  /** The relaying queue item; null for a journaled message, which is only recorded. */
  queueId: string | null;
}

export type InboundAccepted = {
  kind: 'accept';
  originId: string;
  items: NewItem[];
  inbound: InboundRecord;
  waiting: NewWaiting[];
  direction: Direction;
  /** A journaled outgoing mail may answer what waits (the outbound door's spool does this for relayed mail). */
  answer?: Answer;
  /** The message as read, and the language it is written in (for absences: src/absence/watch.ts). */
  message?: Message;
  textLang?: Lang;
  /** What the recipients' absences ask for (BK-21, BK-22), added by the door before the spool. */
  absence?: AbsencePlan;
};

export type InboundResult = InboundAccepted | Extract<PipelineResult, { kind: 'refuse' }>;

export interface InboundDeps {
  hostname: string;
  defaultLang: Lang;
  clock: Clock;
  calendar: WorkingCalendar;
  analyse: Analyse;
  mailboxes: Mailboxes;
  /** Read Exchange journal reports and record the message each wraps, relaying nothing. */
  journal?: boolean;
}

const precedence = new Set(received.automatic.precedence);

/** Auto-replies, bounces, lists and bulk (RFC 3834 §2, RFC 2369): nobody waits for an answer to these. */
export function isAutomatic(envelopeFrom: string, message: Message): boolean {
  if (envelopeFrom === '') return true;
  const auto = header(message, 'auto-submitted')?.trim().toLowerCase();
  if (auto && auto !== 'no') return true;
  const prec = header(message, 'precedence')?.trim().toLowerCase();
  if (prec && precedence.has(prec)) return true;
  return received.automatic.presentHeaders.some((name) => header(message, name) !== undefined);
}

function sensitiveFindings(findings: Finding[]): InboundRecord['sensitive'] {
  const seen = new Map<string, string>();
  for (const f of findings) if (received.sensitiveRules.includes(f.ruleId)) seen.set(f.ruleId, f.clause);
  return [...seen].map(([ruleId, clause]) => ({ ruleId, clause }));
}

/** The one who expects the answer: Reply-To, else From, else the envelope sender. */
function correspondent(envelopeFrom: string, message: Message): string {
  return (message.replyTo[0]?.address ?? message.from?.address ?? envelopeFrom).toLowerCase();
}

export function createInboundPipeline(deps: InboundDeps) {
  return async function run(tx: Transaction, raw: Buffer): Promise<InboundResult> {
    const now = deps.clock.now();
    if (hasBareLf(raw)) {
      return { kind: 'refuse', code: 550, rule: 'bare-lf', text: `5.6.0 ${smtpText(translate(gatewayMessages, deps.defaultLang, 'bareLf'), tx.utf8)}` };
    }
    // A journal report carries the real envelope and, inside, the message to record.
    let envelopeFrom = tx.from;
    let recipients = tx.recipients.map((r) => r.address);
    let original = raw;
    if (deps.journal) {
      try {
        const report = readJournalReport(raw);
        ({ sender: envelopeFrom, recipients, original } = report);
      } catch (err) {
        if (!(err instanceof NotAJournalReport)) throw err;
        const text = translate(messages, deps.defaultLang, 'notJournal', { error: err.message });
        return { kind: 'refuse', code: 550, rule: 'not-a-journal-report', text: `5.6.0 ${smtpText(text, tx.utf8)}` };
      }
    }
    let message: Message | undefined;
    let findings: Finding[] = [];
    let textLang = deps.defaultLang;
    try {
      ({ message, findings, textLang } = await deps.analyse(original, now));
    } catch (err) {
      if (!(err instanceof UnreadableMessage)) throw err;
    }
    const originId = tx.session.id;
    const id = newItemId();
    const direction = messageDirection(envelopeFrom, recipients, deps.mailboxes.isOwn);
    const automatic = message === undefined || isAutomatic(envelopeFrom, message);
    const sensitive = sensitiveFindings(findings);
    const subject = message?.subject ?? '';
    const envelope: SmtpEnvelope = { from: envelopeFrom, to: recipients };
    // A journaled message is only recorded: the mail system has delivered it already.
    const items: NewItem[] = deps.journal
      ? []
      : [
          {
            id,
            channel: 'inbound',
            status: 'queued',
            // X-Postvakt-* fields a sender outside wrote are removed at delivery (gateway/verdict-headers.ts).
            raw: editHeaders(raw, { prepend: [receivedHeader(tx, deps.hostname, id, now)] }),
            envelope: envelope as unknown as Record<string, unknown>,
            lang: deps.defaultLang,
            subject,
            ...(message?.messageId ? { messageId: message.messageId } : {}),
            originId,
            decision: { direction, automatic, sensitive, ...(message ? {} : { unreadable: true }) },
          },
        ];

    const waiting: NewWaiting[] = [];
    if (direction === 'in' && !automatic) {
      for (const address of new Set(recipients.map((r) => r.toLowerCase()))) {
        const mailbox = deps.mailboxes.lookup(address);
        if (!mailbox) continue;
        const { startsAt, dueAt } = answerClock(deps.calendar, now, mailbox.answerDays);
        waiting.push({
          id: newItemId(),
          mailbox: mailbox.address,
          unit: mailbox.unit,
          correspondent: correspondent(envelopeFrom, message!),
          subject: publicText(subject),
          messageId: message!.messageId ?? null,
          receivedAt: now,
          startsAt,
          dueAt,
        });
      }
    }
    const inbound: InboundRecord = {
      id: originId,
      receivedAt: now,
      sender: envelopeFrom,
      recipients,
      messageId: message?.messageId ?? null,
      subject: publicText(subject),
      size: original.length,
      automatic,
      sensitive,
      queueId: deps.journal ? null : id,
    };
    const answer = deps.journal && direction !== 'in' && message ? answerOf(originId, envelopeFrom, message, recipients) : undefined;
    return { kind: 'accept', originId, items, inbound, waiting, direction, textLang, ...(message ? { message } : {}), ...(answer ? { answer } : {}) };
  };
}
