/**
 * What an absence does to mail (BK-21, BK-22). For a received mail (`plan`, before the spool
 * commits; `commit`, inside it): the substitute gets a copy, or the mail instead (per unit); the
 * absent person's waiting items move to the substitute; the sender gets one out-of-office reply
 * per absence, built here and sent through the outbound door's own pipeline (rules, blocking
 * findings, the hold decision), unless the mail system sends its own (`absence.autoReply:
 * mailSystem`); and when nobody stands in, the unit's managers are told that mail arrived. On a
 * timer (`sweep`): managers are told before an absence without a substitute starts, and the
 * waiting items of absences that have started move to their substitutes. Alerts go through the
 * notice layer (BK-10).
 */
import type { Kysely, Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { DB } from '../store/schema.ts';
import type { WorkingCalendar } from '../calendar/types.ts';
import type { Config } from '../config/schema.ts';
import { translate, type Lang } from '../i18n/catalog.ts';
import type { Logger } from '../logging/logger.ts';
import type { Message } from '../message/types.ts';
import type { NewItem, Queue } from '../queue/queue.ts';
import type { PipelineResult, Transaction as SmtpTransaction } from '../gateway/pipeline.ts';
import { logAccepted } from '../gateway/maillog.ts';
import type { Mailboxes } from '../inbound/mailboxes.ts';
import { reassignWaiting } from '../inbound/waiting.ts';
import type { Units } from '../units/units.ts';
import { enqueueNotices } from '../notices/delivery.ts';
import { formatWhen, plainNotice } from '../notices/mime.ts';
import { activeAbsences, getAbsence, type Absence } from './absences.ts';
import type { AbsenceConfig } from './config.ts';
import { messages } from './messages.ts';
import { buildOutOfOffice } from './reply.ts';

export interface AbsenceWatchDeps {
  db: Kysely<DB>;
  queue: Queue;
  config: AbsenceConfig;
  calendar: WorkingCalendar;
  mailboxes: Mailboxes;
  units: Units;
  municipality: Config['municipality'];
  hostname: string;
  /** The outbound door's pipeline: the reply goes out through the same checks as any mail. */
  outbound(tx: SmtpTransaction, raw: Buffer): Promise<PipelineResult>;
  logger: Logger;
}

export interface ReceivedMail {
  envelopeFrom: string;
  recipients: string[];
  message?: Message;
  /** The language the mail is written in (text/language.ts). */
  lang: Lang;
  automatic: boolean;
  fromOutside: boolean;
  now: Date;
}

export interface AbsencePlan {
  /** The relay's recipients with the substitutes' copies or forwards. */
  relayTo: string[];
  replies: Array<{ absenceId: string; sender: string; items: NewItem[] }>;
  /** Running absences with a substitute among the recipients: their waiting items move. */
  moves: Absence[];
  /** Running absences without a substitute that this mail reached. */
  unwatched: Absence[];
}

/** Addresses that are lists or robots by name (RFC 3834 §2: never answer those). */
const ROBOT = /^(mailer-daemon|postmaster|listserv|majordomo|noreply|no-reply|do-not-reply|owner-.*|.*-request|.*-bounces?)@/i;

export function createAbsenceWatch(deps: AbsenceWatchDeps) {
  const { db, config, calendar } = deps;
  const zone = calendar.timeZone;

  const deliveryOf = (a: Absence) => config.units[a.unit] ?? config.delivery;
  const day = (t: Date) => DateTime.fromJSDate(t, { zone }).toISODate()!;
  /** Back on the first opening at or after the end. */
  const returnOn = (a: Absence) => day(calendar.nextOpening(a.endsAt));

  async function reply(a: Absence, mail: ReceivedMail): Promise<NewItem[] | undefined> {
    const message = mail.message!;
    const raw = await buildOutOfOffice({
      lang: mail.lang,
      person: a.person,
      to: mail.envelopeFrom,
      subject: message.subject,
      ...(message.messageId ? { messageId: message.messageId } : {}),
      references: message.references,
      returnOn: returnOn(a),
      substitute: a.substitute,
      municipality: deps.municipality,
      hostname: deps.hostname,
      date: mail.now,
    });
    // RFC 3834 §3.3: the null reverse path, so nothing ever answers the reply.
    const tx: SmtpTransaction = {
      from: '',
      recipients: [{ address: mail.envelopeFrom }],
      session: { id: `auto-reply:${a.id}:${mail.now.getTime()}`, remoteAddress: '127.0.0.1', clientHostname: 'localhost', helo: deps.hostname, secure: false, authenticated: true },
      utf8: false,
    };
    const result = await deps.outbound(tx, raw);
    if (result.kind === 'refuse') {
      deps.logger.warn({ absence: a.id, rule: result.rule }, 'the out-of-office reply was refused by the outbound checks; none sent');
      return undefined;
    }
    return result.items.map((item) => ({ ...item, decision: { ...item.decision, autoReply: a.id } }));
  }

  async function alert(a: Absence, kind: 'before' | 'unwatched', now: Date): Promise<NewItem | undefined> {
    const unit = deps.units.get(a.unit);
    if (unit.managers.length === 0) {
      deps.logger.warn({ absence: a.id, unit: a.unit }, 'an absence without a substitute, and its unit names no manager to tell (units[].managers)');
      return undefined;
    }
    const lang = unit.language;
    const params = { person: a.person, unit: unit.name, start: formatWhen(a.startsAt, lang, zone), end: formatWhen(a.endsAt, lang, zone) };
    const subject = translate(messages, lang, kind === 'before' ? 'alertBeforeSubject' : 'alertUnwatchedSubject', params);
    const text = [translate(messages, lang, kind === 'before' ? 'alertBefore' : 'alertUnwatched', params), '', '-- ', translate(messages, lang, 'alertFooter', params)];
    return plainNotice({
      hostname: deps.hostname,
      to: unit.managers,
      lang,
      subject,
      lines: text,
      date: now,
      originId: `absence-${kind}:${a.id}:${now.getTime()}`,
      notice: kind === 'before' ? 'absence-unsubstituted' : 'absence-unwatched',
    });
  }

  return {
    /** What the absences of a received mail's recipients ask for; undefined when nobody is away. */
    async plan(mail: ReceivedMail): Promise<AbsencePlan | undefined> {
      const absent = await activeAbsences(db, mail.now, mail.recipients);
      if (absent.length === 0) return undefined;
      const byPerson = new Map(absent.map((a) => [a.person, a]));
      const relayTo = [
        ...new Set(
          mail.recipients.flatMap((r) => {
            const a = byPerson.get(r.toLowerCase());
            if (!a?.substitute) return [r];
            return deliveryOf(a) === 'forward' ? [a.substitute] : [r, a.substitute];
          }),
        ),
      ];
      const watched = mail.fromOutside && !mail.automatic && mail.message !== undefined;
      const sender = mail.envelopeFrom.toLowerCase();
      const replies: AbsencePlan['replies'] = [];
      if (watched && config.autoReply === 'postvakt' && !ROBOT.test(sender)) {
        for (const a of absent) {
          // Checked here to spare the checks; the claim in `commit` decides under concurrency.
          const sent = await db.selectFrom('absence_replies').select('sender').where('absence_id', '=', a.id).where('sender', '=', sender).executeTakeFirst();
          if (sent) continue;
          const items = await reply(a, mail);
          if (items) replies.push({ absenceId: a.id, sender, items });
        }
      }
      return {
        relayTo,
        replies,
        moves: absent.filter((a) => a.substitute !== null),
        unwatched: watched ? absent.filter((a) => a.substitute === null) : [],
      };
    },

    /** Inside the spool's transaction, after the waiting items are opened. */
    async commit(trx: Transaction<DB>, plan: AbsencePlan, now: Date): Promise<void> {
      for (const r of plan.replies) {
        // At most one reply per sender per absence (RFC 3834 §2), across sessions and instances.
        const claimed = await trx
          .insertInto('absence_replies')
          .values({ absence_id: r.absenceId, sender: r.sender, sent_at: now.getTime() })
          .onConflict((oc) => oc.columns(['absence_id', 'sender']).doNothing())
          .returning('sender')
          .executeTakeFirst();
        if (!claimed) continue;
        const ids = await deps.queue.enqueue(r.items, trx);
        await logAccepted(trx, r.items.map((item, i) => ({ ...item, id: ids[i]! })), now);
      }
      for (const a of plan.moves) await reassignWaiting(trx, a.person, a.substitute!, { absence: a.id }, now);
      for (const a of plan.unwatched) {
        const claimed = await trx
          .updateTable('absences')
          .set({ unwatched_alert_at: now.getTime() })
          .where('id', '=', a.id)
          .where((eb) => eb.or([eb('unwatched_alert_at', 'is', null), eb('unwatched_alert_at', '<=', now.getTime() - config.unwatchedAlertEvery)]))
          .executeTakeFirst();
        const item = Number(claimed.numUpdatedRows) > 0 ? await alert(a, 'unwatched', now) : undefined;
        if (item) await enqueueNotices(trx, deps.queue, [item], now);
      }
    },

    /** On the timer: alerts before unsubstituted absences start; waiting items of started ones move. */
    async sweep(now: Date): Promise<void> {
      const soon = await db
        .selectFrom('absences')
        .select('id')
        .where('removed_at', 'is', null)
        .where('substitute', 'is', null)
        .where('alerted_before_at', 'is', null)
        .where('starts_at', '<=', now.getTime() + config.alertBefore)
        .where('ends_at', '>', now.getTime())
        .execute();
      const started = (await activeAbsences(db, now)).filter((a) => a.substitute !== null);
      await db.transaction().execute(async (trx) => {
        for (const { id } of soon) {
          const claimed = await trx
            .updateTable('absences')
            .set({ alerted_before_at: now.getTime() })
            .where('id', '=', id)
            .where('alerted_before_at', 'is', null)
            .executeTakeFirst();
          if (Number(claimed.numUpdatedRows) === 0) continue;
          const item = await alert((await getAbsence(trx, id))!, 'before', now);
          if (item) await enqueueNotices(trx, deps.queue, [item], now);
        }
        for (const a of started) await reassignWaiting(trx, a.person, a.substitute!, { absence: a.id }, now);
      });
    },
  };
}

export type AbsenceWatch = ReturnType<typeof createAbsenceWatch>;
