/**
 * The inbound front door (issue 17): a second SMTP listener of the gateway's server for mail from
 * outside to the municipality's own domains, from any client. Everything else is the relay's:
 * TLS, limits, the check pool, the durable queue. The spool commits, in one transaction, the queue
 * item that relays the mail to `inbound.deliverTo`, the inbound message row, its waiting items
 * and the mail-log row; the client hears 250 only once that is on disk.
 */
import { translate, isLang } from '../i18n/catalog.ts';
import type { Transaction as KyselyTransaction } from 'kysely';
import type { DB } from '../store/schema.ts';
import type { ServiceStarter } from '../serve/serve.ts';
import type { RunningService } from '../serve/service.ts';
import { startGateway, type RecipientPolicy } from '../gateway/server.ts';
import { loadKeyPair } from '../gateway/tls.ts';
import { smtpText } from '../gateway/pipeline.ts';
import { logAccepted, logRefused } from '../gateway/maillog.ts';
import { GroupCommit } from '../queue/group-commit.ts';
import { createInboundPipeline, type InboundAccepted } from './pipeline.ts';
import { answerClocks, closeAnswered, openWaiting, type Answer } from './waiting.ts';
import { appendMailLog } from '../maillog/index.ts';
import { domainOf, type Mailboxes } from './mailboxes.ts';
import { messages } from './messages.ts';

const disabled: RunningService = { name: 'inbound', address: 'disabled (inbound.enabled is not set)', close: async () => undefined };

/** Only the own domains are accepted, from anyone: this door is the municipality's MX. */
export function ownDomainsOnly(mailboxes: Mailboxes, say: (domain: string) => string): RecipientPolicy {
  return (address) => (mailboxes.isOwn(address) ? undefined : { code: 550, text: `5.7.1 ${say(domainOf(address))}` });
}

/** Write what the pipeline accepted; the caller's transaction also holds the queue items. */
export async function recordInbound(trx: KyselyTransaction<DB>, accepted: InboundAccepted): Promise<void> {
  const r = accepted.inbound;
  await trx
    .insertInto('inbound_messages')
    .values({
      id: r.id,
      received_at: r.receivedAt.getTime(),
      sender: r.sender,
      recipients: JSON.stringify(r.recipients),
      message_id: r.messageId,
      subject: r.subject,
      size: r.size,
      automatic: r.automatic ? 1 : 0,
      sensitive: JSON.stringify(r.sensitive),
      queue_id: r.queueId,
    })
    .execute();
  await openWaiting(trx, r.id, accepted.waiting, r.receivedAt);
  // A journaled message has no queue item to log: its one row is written here.
  if (r.queueId === null) {
    await appendMailLog(trx, {
      at: r.receivedAt,
      event: 'received',
      direction: accepted.direction,
      channel: 'email',
      sender: r.sender || '<>',
      recipients: r.recipients,
      subject: r.subject,
      messageId: r.messageId,
      size: r.size,
      verdict: 'journal',
      queueId: r.id,
    });
  }
}

export const startInbound: ServiceStarter = async (context) => {
  const { config, clock, queue, scheduler, logger, checkers, mailboxes } = context;
  if (!config.inbound.enabled) return disabled;
  const defaultLang = isLang(config.municipality.language) ? config.municipality.language : 'en';
  const clocks = answerClocks(context.calendar, config.inbound);
  const pipeline = createInboundPipeline({
    hostname: config.gateway.hostname,
    defaultLang,
    clock,
    calendar: context.calendar,
    analyse: checkers.analyse,
    mailboxes,
    journal: config.inbound.mode === 'journal',
  });
  return startGateway<InboundAccepted>({
    config: config.gateway,
    keyPair: await loadKeyPair(config.gateway, logger),
    listen: { name: 'inbound', host: config.inbound.host, port: config.inbound.port },
    recipients: ownDomainsOnly(mailboxes, (domain) => smtpText(translate(messages, defaultLang, 'notOurs', { domain }), false)),
    pipeline: async (tx, raw) => {
      const result = await pipeline(tx, raw);
      if (result.kind !== 'accept') return result;
      // Absent recipients (BK-21, BK-22): substitutes, the out-of-office reply, managers' alerts.
      const recipients = result.inbound.recipients;
      const plan = await context.absence.plan({
        envelopeFrom: result.inbound.sender,
        recipients,
        ...(result.message ? { message: result.message } : {}),
        lang: result.textLang ?? defaultLang,
        automatic: result.inbound.automatic,
        fromOutside: result.direction === 'in',
        now: result.inbound.receivedAt,
      });
      if (!plan) return result;
      const [relay] = result.items;
      if (relay) relay.envelope = { ...relay.envelope, to: plan.relayTo };
      return { ...result, absence: plan };
    },
    spool: new GroupCommit(async (accepted: InboundAccepted[]) => {
      await context.store.db.transaction().execute(async (trx) => {
        const items = accepted.flatMap((a) => a.items);
        const ids = await queue.enqueue(items, trx);
        for (const a of accepted) {
          await recordInbound(trx, a);
          if (a.absence) await context.absence.commit(trx, a.absence, clock.now());
        }
        await logAccepted(trx, items.map((item, i) => ({ ...item, id: ids[i]! })), clock.now());
        const answers = accepted.map((a) => a.answer).filter((a): a is Answer => a !== undefined);
        await closeAnswered(trx, answers, mailboxes, clock.now(), clocks);
      });
      await context.store.durable();
      return accepted.map(() => undefined);
    }),
    logger: logger.child({ service: 'inbound' }),
    defaultLang,
    onAccepted: () => scheduler.kick(),
    onRefused: (result, tx, size) =>
      logRefused(
        context.store.db,
        { from: tx.from, to: tx.recipients.map((r) => r.address), subject: '', size, reply: `${result.code} ${result.text}`, session: tx.session.id, direction: 'in' },
        clock.now(),
      ),
  });
};
