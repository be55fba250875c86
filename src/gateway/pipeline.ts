/**
 * What happens to one SMTP transaction between end of DATA and the reply: analyse (parse, rules),
 * refuse on a configured blocking finding (550 5.7.x in the sender's language, naming finding
 * and clause), decide per recipient, split the recipients into deliveries by decision (and DSN
 * parameters, which nodemailer sends once per transaction, and by whether every recipient is
 * internal, since only internal deliveries may carry verdict headers, added at delivery by
 * `verdict-headers.ts`), apply the configured header actions, and describe the queue items to
 * commit. Nothing is written here: the spool commits, and only then does the client get 250.
 */
import type { Clock } from '../clock/clock.ts';
import type { Decider, RecipientDecision, Verdict } from '../decision/types.ts';
import { translate, type Lang } from '../i18n/catalog.ts';
import type { Message } from '../message/types.ts';
import type { Finding } from '../rules/types.ts';
import { newItemId, type NewItem } from '../queue/queue.ts';
import { storedDecision, withoutFlagDetails, type DecisionKeeper } from '../queue/stored-decision.ts';
import { buildHeldNotice, buildNotHeldNotice, heldNoticeSubject, notHeldNoticeSubject } from '../notices/held.ts';
import headerData from '../rules/data/headers.json' with { type: 'json' };
import type { GatewayConfig } from './config.ts';
import { UnreadableMessage, type Analyse, type Analysis } from './analyse.ts';
import type { SmtpEnvelope } from './smarthost.ts';
import { editHeaders, headerValue } from './headers.ts';
import { allInternal } from './verdict-headers.ts';
import { messages } from './messages.ts';
import { messageDirection } from '../inbound/direction.ts';

export interface Recipient {
  address: string;
  notify?: string[];
  orcpt?: string;
}

export interface Transaction {
  /** '' for the null sender. */
  from: string;
  recipients: Recipient[];
  ret?: 'FULL' | 'HDRS';
  envid?: string;
  /** For the Received header. */
  session: { id: string; remoteAddress: string; clientHostname: string; helo: string; secure: boolean; authenticated: boolean };
  /** The client announced SMTPUTF8, so replies may carry UTF-8. */
  utf8: boolean;
}

export type PipelineResult =
  /** `rule`: the rule id or check that refused (bare-lf, unreadable), for metrics; never personal. */
  | { kind: 'refuse'; code: number; text: string; rule: string; subject?: string; messageId?: string }
  | { kind: 'accept'; originId: string; items: NewItem[]; message: Message; lang: Lang; verdicts: Verdict[]; findings: Finding[] };

export interface PipelineDeps {
  config: GatewayConfig;
  defaultLang: Lang;
  timeZone: string;
  clock: Clock;
  /** Parse and run the rules (in worker threads when serving). */
  analyse: Analyse;
  decider: Decider;
  /** The municipality's own addresses, for the message's direction in the mail log (issue 17). */
  isOwn(address: string): boolean;
  /** A one-time web link to a held message for the sender notice (the web app provides it). */
  noticeLink?(queueId: string): Promise<string | undefined>;
  /** Seals the decision's details and names held recipients by pseudonym (the register's keys). */
  keeper: DecisionKeeper;
  /** A message was held for a flag past its review date: the reminder goes in this sender's language. */
  onReviewOverdue?(flagId: string, lang: Lang): void;
}

/** SMTP replies are ASCII unless the client speaks SMTPUTF8 (RFC 6531): spell Nordic letters out. */
export function smtpText(text: string, utf8: boolean): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  if (utf8) return oneLine;
  const spelled: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', ä: 'ae', ö: 'oe', Æ: 'Ae', Ø: 'Oe', Å: 'Aa', Ä: 'Ae', Ö: 'Oe' };
  return oneLine
    .replace(/[æøåäöÆØÅÄÖ]/g, (c) => spelled[c]!)
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '');
}

function groupKey(decision: RecipientDecision, recipient: Recipient, internal: boolean): string {
  return JSON.stringify([decision.verdict, decision.holdUntil?.getTime() ?? null, recipient.notify ?? null, recipient.orcpt ?? null, internal]);
}

/** A line feed not preceded by a carriage return (SMTP smuggling, RFC 5321 §2.3.8). */
export function hasBareLf(raw: Buffer): boolean {
  // Buffer.indexOf is a byte search: no string copy of the whole message per transaction.
  for (let at = raw.indexOf(0x0a); at !== -1; at = raw.indexOf(0x0a, at + 1)) {
    if (at === 0 || raw[at - 1] !== 0x0d) return true;
  }
  return false;
}

function rfc5322Date(t: Date): string {
  return t.toUTCString().replace('GMT', '+0000');
}

/** Our Received header (RFC 5321 §4.4) for a message of this transaction. */
export function receivedHeader(tx: Transaction, hostname: string, id: string, now: Date): string {
  const s = tx.session;
  const proto = `ESMTP${s.secure ? 'S' : ''}${s.authenticated ? 'A' : ''}`;
  return headerValue(
    `Received: from ${s.helo || 'unknown'} (${s.clientHostname} [${s.remoteAddress}]) by ${hostname} (Postvakt) with ${proto} id ${id}; ${rfc5322Date(now)}`,
  );
}

export function createPipeline(deps: PipelineDeps) {
  const { config, clock } = deps;

  const received = (tx: Transaction, id: string, now: Date) => receivedHeader(tx, config.hostname, id, now);

  return async function run(tx: Transaction, raw: Buffer): Promise<PipelineResult> {
    const now = clock.now();
    const reply = (key: keyof (typeof messages)['en'], lang: Lang, params?: Record<string, string | number>) =>
      smtpText(translate(messages, lang, key, params), tx.utf8);

    if (hasBareLf(raw)) {
      return { kind: 'refuse', code: 550, rule: 'bare-lf', text: `5.6.0 ${reply('bareLf', deps.defaultLang)}` };
    }
    let analysis: Analysis;
    try {
      analysis = await deps.analyse(raw, now);
    } catch (err) {
      if (!(err instanceof UnreadableMessage)) throw err;
      return { kind: 'refuse', code: 550, rule: 'unreadable', text: `5.6.0 ${reply('unreadable', deps.defaultLang, { error: err.message })}` };
    }
    const { message, lang, findings } = analysis;
    const blocking = findings.find((f) => f.level === 'error' && config.blockingRules.includes(f.ruleId));
    if (blocking) {
      const text = reply('refused', lang, { finding: blocking.message, clause: blocking.clause, rule: blocking.ruleId });
      return { kind: 'refuse', code: 550, rule: blocking.ruleId, text: `5.7.1 ${text}`, subject: message.subject, ...(message.messageId ? { messageId: message.messageId } : {}) };
    }

    const addresses = tx.recipients.map((r) => r.address);
    // The angry hold (FX-5) is the decision's to make: it obeys the same FX-3 refusals as any hold.
    const angry = config.actions.holdAngry && analysis.angry === true;
    const decisions = await deps.decider.decide({ message, recipients: addresses, now, lang, signals: analysis.signals, angry });

    // Recipients with the same decision and DSN parameters travel as one delivery.
    const groups = new Map<string, { decision: RecipientDecision; recipients: Recipient[] }>();
    for (const recipient of tx.recipients) {
      const decision = decisions.find((d) => d.recipient === recipient.address);
      if (!decision) throw new Error(`the decider returned no decision for a recipient of ${tx.session.id}`);
      const key = groupKey(decision, recipient, config.actions.verdictHeaders && allInternal([recipient.address], deps.isOwn));
      const group = groups.get(key) ?? { decision, recipients: [] };
      group.recipients.push(recipient);
      groups.set(key, group);
    }

    const originId = tx.session.id;
    const direction = messageDirection(tx.from, addresses, deps.isOwn);
    const findingsSummary = findings.map((f) => ({ ruleId: f.ruleId, clause: f.clause, level: f.level, message: f.message }));
    const items: NewItem[] = [];
    for (const { decision, recipients } of groups.values()) {
      const id = newItemId();
      const held = decision.verdict === 'hold';
      // FX-3 refused to hold a flagged recipient's letter, or the angry hold: it goes now, and
      // the sender is told why.
      const notHeld =
        decision.verdict === 'deliver-with-warning' && (decision.flagged || decision.reasons.some((r) => r.code === 'angry-not-held'));
      const prepend = [received(tx, id, now)];
      const remove: string[] = [];
      if (config.actions.stripReadReceipts) remove.push(...headerData.readReceipt);
      const envelope: SmtpEnvelope = { from: tx.from, to: recipients.map((r) => r.address) };
      const first = recipients[0]!;
      if (tx.ret || tx.envid || first.notify || first.orcpt) {
        envelope.dsn = {
          ...(tx.ret ? { ret: tx.ret } : {}),
          ...(tx.envid ? { envid: tx.envid } : {}),
          ...(first.notify ? { notify: first.notify } : {}),
          ...(first.orcpt ? { orcpt: first.orcpt } : {}),
        };
      }
      items.push({
        id,
        channel: 'email',
        status: held ? 'held' : 'queued',
        raw: editHeaders(raw, { remove, prepend }),
        envelope: envelope as unknown as Record<string, unknown>,
        lang,
        subject: message.subject,
        ...(message.messageId ? { messageId: message.messageId } : {}),
        originId,
        ...(held ? { releaseAt: decision.holdUntil! } : {}),
        decision: { direction, ...storedDecision({ id, decision, recipients: envelope.to, keeper: deps.keeper, findings: findingsSummary, noticed: notHeld }) },
      });
      if (held && decision.reviewOverdue && decision.flagId) deps.onReviewOverdue?.(decision.flagId, lang);
      if ((held || notHeld) && config.notifySender && tx.from !== '') {
        items.push(await senderNotice(id, tx.from, recipients, decision, message, lang, now, originId));
      }
    }
    return { kind: 'accept', originId, items, message, lang, verdicts: decisions.map((d) => d.verdict), findings };
  };

  async function senderNotice(
    id: string,
    sender: string,
    recipients: Recipient[],
    decision: RecipientDecision,
    message: Message,
    lang: Lang,
    now: Date,
    originId: string,
  ): Promise<NewItem> {
    const held = decision.verdict === 'hold';
    const common = {
      lang,
      id,
      from: `Postvakt <postmaster@${config.hostname}>`,
      to: sender,
      subject: message.subject,
      recipients: recipients.map((r) => r.address),
      reasons: decision.reasons,
      // The flag's unit and review date are for those the web app shows the flag to, not for mail.
      questions: withoutFlagDetails(decision.questions),
      hostname: config.hostname,
      date: now,
    };
    const link = held ? await deps.noticeLink?.(id) : undefined;
    const heldInput = { ...common, releaseAt: decision.holdUntil!, timeZone: deps.timeZone };
    const raw = held
      ? await buildHeldNotice({
          ...heldInput,
          ...(decision.reviewOverdue ? { reviewOverdue: true } : {}),
          ...(link ? { link } : {}),
        })
      : await buildNotHeldNotice({ ...common, flagged: decision.flagged });
    const envelope: SmtpEnvelope = { from: '', to: [sender] };
    return {
      channel: 'email',
      status: 'queued',
      raw,
      envelope: envelope as unknown as Record<string, unknown>,
      lang,
      // The notice is a message of its own, from Postvakt to the sender, under its own subject (issue 17).
      subject: held ? heldNoticeSubject(heldInput) : notHeldNoticeSubject(common),
      originId,
      decision: { notice: held ? 'held' : 'not-held', for: id, direction: messageDirection('', [sender], deps.isOwn) },
    };
  }
}

export type Pipeline = ReturnType<typeof createPipeline>;
