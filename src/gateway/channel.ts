/**
 * The e-mail channel as the queue sees it: the smart-host transport (Postvakt's headers written
 * as each delivery leaves, `verdict-headers.ts`), and on final failure an
 * RFC 3464 DSN to the envelope sender — never to the null sender `<>` (which is what DSNs and
 * notices are sent from, so a failing DSN can never cause another), and not when the client
 * asked for NOTIFY without FAILURE.
 */
import { isLang } from '../i18n/catalog.ts';
import type { Clock } from '../clock/clock.ts';
import type { NewItem, QueueItem } from '../queue/queue.ts';
import type { ChannelRegistration } from '../queue/registry.ts';
import type { Transport } from '../queue/transport.ts';
import { buildDsn, dsnSubject } from '../notices/dsn.ts';
import { recordedDirection } from '../inbound/direction.ts';
import type { SmtpEnvelope } from './smarthost.ts';
import { outgoingRaw, type VerdictHeaderOptions } from './verdict-headers.ts';

export function wantsFailureDsn(envelope: SmtpEnvelope): boolean {
  if (envelope.from === '') return false;
  const notify = envelope.dsn?.notify;
  return !notify || notify.includes('FAILURE');
}

/** `channel`: the queue channel whose items this delivers (e-mail out, or inbound mail to the internal system). */
export function emailChannel(
  transport: Transport,
  options: { hostname: string; clock: Clock; verdictHeaders: VerdictHeaderOptions; channel?: 'email' | 'inbound' },
): ChannelRegistration {
  async function dsn(item: QueueItem, recipients: string[], error: string): Promise<NewItem[]> {
    const envelope = item.envelope as unknown as SmtpEnvelope;
    if (!wantsFailureDsn(envelope) || recipients.length === 0) return [];
    const lang = isLang(item.lang) ? item.lang : 'en';
    const raw = await buildDsn({
      lang,
      hostname: options.hostname,
      from: `Mail Delivery System <MAILER-DAEMON@${options.hostname}>`,
      to: envelope.from,
      subject: item.subject,
      ...(envelope.dsn?.envid ? { envid: envelope.dsn.envid } : {}),
      ...(envelope.dsn?.orcpt ? { orcpt: envelope.dsn.orcpt } : {}),
      ...(envelope.dsn?.ret ? { ret: envelope.dsn.ret } : {}),
      arrivalDate: item.createdAt,
      date: options.clock.now(),
      recipients,
      error,
      original: item.raw,
    });
    const dsnEnvelope: SmtpEnvelope = { from: '', to: [envelope.from] };
    return [
      {
        channel: 'email',
        status: 'queued',
        raw,
        envelope: dsnEnvelope as unknown as Record<string, unknown>,
        lang: item.lang,
        subject: dsnSubject({ lang, subject: item.subject }),
        originId: item.originId,
        // A message of its own, back to the sender: out to one outside, internal to one of ours (issue 17).
        decision: { notice: 'dsn', for: item.id, direction: recordedDirection(item.decision, 'out') === 'in' ? 'out' : 'internal' },
      },
    ];
  }

  return {
    // Postvakt's headers are settled as the message leaves: none for anyone outside (FX-4).
    transport: {
      deliver: (item) => transport.deliver({ ...item, raw: outgoingRaw(item, options.verdictHeaders) }),
      close: () => transport.close(),
    },
    onFailed: (item, error) => dsn(item, (item.envelope as unknown as SmtpEnvelope).to, error),
    async onPartial(item, rejected) {
      const envelope = item.envelope as unknown as SmtpEnvelope;
      const permanent = rejected.filter((r) => r.permanent);
      const temporary = rejected.filter((r) => !r.permanent).map((r) => r.recipient);
      const items = await dsn(item, permanent.map((r) => r.recipient), permanent.map((r) => r.error).join('; '));
      if (temporary.length) {
        // The refused-for-now recipients travel on as a delivery of their own.
        items.push({
          channel: options.channel ?? 'email',
          status: 'queued',
          raw: item.raw,
          envelope: { ...envelope, to: temporary } as unknown as Record<string, unknown>,
          lang: item.lang,
          subject: item.subject,
          ...(item.messageId ? { messageId: item.messageId } : {}),
          originId: item.originId,
          decision: item.decision,
        });
      }
      return items;
    },
  };
}
