/**
 * The outgoing path of the SMTP relay (issue 6): the pipeline (read, rules, decision), the spool
 * that commits queue items, mail-log rows and the waiting items an answer closes (BK-14) in one
 * transaction, and what follows a refusal or an acceptance. The relay's SMTP listener uses it,
 * and so does Postvakt itself when it sends mail a person wrote in the web app (a template
 * answer, BK-15, BK-17): `submit` takes the same path as a message from an allow-listed client,
 * with the same checks, holds, notices and log rows.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema.ts';
import { isLang, type Lang } from '../i18n/catalog.ts';
import { createPipeline, type PipelineResult, type Transaction } from '../gateway/pipeline.ts';
import { GroupCommit } from '../queue/group-commit.ts';
import { logAccepted, logRefused } from '../gateway/maillog.ts';
import type { SmtpEnvelope } from '../gateway/smarthost.ts';
import { noticeLink } from '../web/links.ts';
import { noteReminderLanguage } from '../register/reminders.ts';
import { recordEnqueued, recordRefused, timedCheck } from '../metrics/metrics.ts';
import { answerClocks, answerOf, closeAnswered } from '../inbound/waiting.ts';
import { messageDirection } from '../inbound/direction.ts';
import { routeNotices } from '../notices/delivery.ts';
import type { ServeContext } from './context.ts';
import type { Checkers } from '../gateway/checkers.ts';

export type Accepted = Extract<PipelineResult, { kind: 'accept' }>;
export type Refused = Extract<PipelineResult, { kind: 'refuse' }>;

/** The municipality's language, for text with no sender to ask. */
export function municipalityLang(config: Config): Lang {
  return isLang(config.municipality.language) ? config.municipality.language : 'en';
}

export interface Outgoing {
  defaultLang: Lang;
  pipeline: ReturnType<typeof createPipeline>;
  spool: GroupCommit<Accepted, void>;
  onAccepted(): void;
  onRefused(result: Refused, tx: Transaction, size: number): Promise<void>;
  /** Send a message Postvakt composed for a signed-in person: checked, decided, spooled durably like relayed mail. */
  submit(envelope: SmtpEnvelope, raw: Buffer, who: string): Promise<PipelineResult>;
}

export function createOutgoing(context: ServeContext & { checkers: Checkers }): Outgoing {
  const { config, clock, decider, queue, scheduler, logger, checkers, mailboxes } = context;
  const defaultLang = municipalityLang(config);
  const clocks = answerClocks(context.calendar, config.inbound);
  const pipeline = createPipeline({
    config: config.gateway,
    defaultLang,
    timeZone: config.calendar.timeZone,
    clock,
    analyse: timedCheck('email', checkers.analyse),
    decider,
    isOwn: mailboxes.isOwn,
    noticeLink: config.web ? (queueId) => noticeLink(context.store.db, clock, config.web, queueId) : undefined,
    keeper: context.register,
    onReviewOverdue: (flagId, lang) =>
      void noteReminderLanguage(context.store.db, flagId, lang).catch((err: unknown) => logger.error({ err, flagId }, 'could not note the reminder language')),
  });
  const spool = new GroupCommit(async (messages: Accepted[]) => {
    let items = messages.flatMap((m) => m.items);
    await context.store.db.transaction().execute(async (trx) => {
      // Sender notices go now, or wait for the sender's digest (BK-10).
      items = await routeNotices(trx, items, clock.now());
      const ids = await queue.enqueue(items, trx);
      await logAccepted(trx, items.map((item, i) => ({ ...item, id: ids[i]! })), clock.now());
      // An answer closes (or acknowledges) what waited for it, in the same commit (BK-14).
      const answers = messages.map((m) => {
        const envelope = m.items[0]!.envelope as unknown as SmtpEnvelope;
        return answerOf(m.originId, envelope.from, m.message, m.items.flatMap((i) => (i.envelope as unknown as SmtpEnvelope).to));
      });
      await closeAnswered(trx, answers, mailboxes, clock.now(), clocks);
    });
    // The client's 250 promises the message survives a crash (RFC 5321 §6.1).
    await context.store.durable();
    recordEnqueued(items);
    return messages.map(() => undefined);
  });
  const onRefused = (result: Refused, tx: Transaction, size: number) => {
    recordRefused('email', result.rule);
    return logRefused(
      context.store.db,
      {
        from: tx.from,
        to: tx.recipients.map((r) => r.address),
        subject: result.subject ?? '',
        ...(result.messageId ? { messageId: result.messageId } : {}),
        size,
        reply: `${result.code} ${result.text}`,
        session: tx.session.id,
        direction: messageDirection(tx.from, tx.recipients.map((r) => r.address), mailboxes.isOwn),
      },
      clock.now(),
    );
  };
  const onAccepted = () => scheduler.kick();
  return {
    defaultLang,
    pipeline,
    spool,
    onAccepted,
    onRefused,
    async submit(envelope, raw, who) {
      const tx: Transaction = {
        from: envelope.from,
        recipients: envelope.to.map((address) => ({ address })),
        // The Received header names Postvakt's web app and the person who sent it from there.
        session: { id: `web-${randomBytes(6).toString('hex')}`, remoteAddress: '127.0.0.1', clientHostname: 'localhost', helo: 'postvakt-web', secure: true, authenticated: true },
        utf8: true,
      };
      const result = await pipeline(tx, raw);
      if (result.kind === 'refuse') {
        await onRefused(result, tx, raw.length);
        return result;
      }
      await spool.submit(result);
      logger.info({ session: tx.session.id, user: who }, 'message from the web app queued');
      onAccepted();
      return result;
    },
  };
}
