/**
 * The hold decision (FX-2, FX-3, FX-6…FX-9). For each recipient:
 * 1. no flag (or an expired one, or not a citizen) → deliver;
 * 2. flagged, and the message would reach them outside every quiet window → deliver;
 * 3. flagged, and it would land in a quiet window (FX-2: sending time plus the channel's
 *    worst-case delay) → hold until the window's end plus the configured offset, unless the
 *    sender marked it urgent, it is a MeMo legal notification, a deadline header cannot be
 *    read, or the hold would leave fewer than the configured working days before the
 *    deadline — then deliver with a warning that says which.
 * Every flagged recipient gets the four FX questions, with the next opening in the FX-8 hint.
 * A message whose tone reads as angry, when the gateway is configured to hold such mail (FX-5),
 * is held for every recipient until the next morning, under the same refusals: no option may
 * hold what FX-3 says must go now, and the sender is told why it was not held.
 */
import { DateTime } from 'luxon';
import type { WorkingCalendar, QuietWindow } from '../calendar/types.ts';
import { translate, type Lang, type Params } from '../i18n/catalog.ts';
import { IdentifierError } from '../register/identifier.ts';
import { SYSTEM_ACTOR, type Actor, type FlagSummary } from '../register/register.ts';
import type { DecisionConfig, DeliveryRoute } from './config.ts';
import { messages } from './messages.ts';
import { timingSignals, type Deadline, type TimingSignals } from './signals.ts';
import type { Decider, DecisionInput, DecisionReason, FxQuestion, RecipientDecision } from './types.ts';

/** The part of the register the decision needs. */
export interface FlagLookup {
  findFlag(identifier: string, actor: Actor, at?: Date): Promise<FlagSummary | null>;
}

export interface DeciderOptions {
  calendar: WorkingCalendar;
  register: FlagLookup;
  config: DecisionConfig;
  /** Shown in the FX-8 hint when set. */
  phone?: string;
  /** The telephone hours (`calendar.phoneHours`, else the opening hours) for the FX-8 hint. */
  phoneCalendar?: WorkingCalendar;
}

type MessageKey = keyof (typeof messages)['en'];

const MINUTE = 60_000;
/** Sampling step when checking whether a delivery interval touches a quiet window. */
const SAMPLE_MS = 60 * MINUTE;
/** A release moved past more windows than this means the profile is (nearly) never open. */
const MAX_WINDOW_HOPS = 12;

export function createDecider(options: DeciderOptions): Decider {
  return {
    async decide(input: DecisionInput): Promise<RecipientDecision[]> {
      const plan = planMessage(input, options);
      const say = sayer(input.lang, options.calendar);
      const decisions: RecipientDecision[] = [];
      // One at a time: the register's audit trail then lists lookups in recipient order.
      for (const recipient of input.recipients) {
        const decision = await decideRecipient(recipient, input, plan, options, say);
        decisions.push(plan.angryUntil ? angryHold(decision, plan.angryUntil, plan, options, say) : decision);
      }
      return decisions;
    },
  };
}

/** Everything that is the same for every recipient of one message. */
interface MessagePlan {
  signals: TimingSignals;
  sendAt: Date;
  arrival: Date;
  delayMinutes: number;
  route: DeliveryRoute;
  window: QuietWindow | null;
  holdUntil: Date | null;
  /** Set for an angry message to be held (FX-5): the first opening on a later local day. */
  angryUntil: Date | null;
}

function planMessage(input: DecisionInput, options: DeciderOptions): MessagePlan {
  const { calendar, config } = options;
  const signals = input.signals ?? timingSignals(input.message, { now: input.now, timeZone: calendar.timeZone });
  const route = input.route ?? input.message.channel;
  const delayMinutes = config.channelDelayMinutes[route];
  const sendAt = signals.notBefore && signals.notBefore > input.now ? signals.notBefore : input.now;
  const arrival = new Date(sendAt.getTime() + delayMinutes * MINUTE);
  const window = windowTouched(calendar, sendAt, arrival);
  return {
    signals,
    sendAt,
    arrival,
    delayMinutes,
    route,
    window,
    holdUntil: window ? releaseTime(window, delayMinutes, options) : null,
    angryUntil: input.angry ? nextMorning(sendAt, calendar) : null,
  };
}

/** FX-5 "sleep on it": the start of the first opening on a later local day. */
function nextMorning(at: Date, calendar: WorkingCalendar): Date {
  return calendar.nextOpening(DateTime.fromJSDate(at, { zone: calendar.timeZone }).plus({ days: 1 }).startOf('day').toJSDate());
}

/**
 * The angry hold laid over a recipient's decision. A later hold stands; otherwise the message is
 * held until the next morning unless FX-3 refuses that hold (the same refusals as a quiet-window
 * hold, the deadline counted from the morning): then it goes as decided, with a warning that says
 * why it was not held.
 */
function angryHold(decision: RecipientDecision, until: Date, plan: MessagePlan, options: DeciderOptions, say: Sayer): RecipientDecision {
  if (decision.verdict === 'hold' && decision.holdUntil && decision.holdUntil >= until) return decision;
  const refusals = holdRefusals(plan.signals, until, options, say);
  if (refusals.length === 0) {
    // A flagged recipient's FX-6 and FX-9 hints now speak of a hold.
    const hints: Partial<Record<FxQuestion['clause'], string>> = {
      'FX-6': say.text('hintWaitHold', { until: say.instant(until) }),
      'FX-9': say.text('hintTellHold'),
    };
    return {
      ...decision,
      verdict: 'hold',
      holdUntil: until,
      reasons: [...decision.reasons, say.reason('angry-tone', 'angryHold', { until: say.instant(until) })],
      questions: decision.questions.map((q) => ({ ...q, hint: hints[q.clause] ?? q.hint })),
    };
  }
  const known = new Set(decision.reasons.map((r) => r.code));
  const reasons = [...decision.reasons, say.reason('angry-not-held', 'angryNotHeld'), ...refusals.filter((r) => !known.has(r.code))];
  // A quiet-window hold FX-3 allowed stays; only the longer angry hold is refused.
  return { ...decision, verdict: decision.verdict === 'hold' ? 'hold' : 'deliver-with-warning', reasons };
}

/** The first quiet window that [from, to] reaches into, or null. */
export function windowTouched(calendar: WorkingCalendar, from: Date, to: Date): QuietWindow | null {
  for (let t = from.getTime(); ; t = Math.min(t + SAMPLE_MS, to.getTime())) {
    const at = new Date(t);
    const window = calendar.quietWindow(at);
    if (window && window.start <= at && at < window.end) return window;
    if (t >= to.getTime()) return null;
  }
}

/** The window's end plus the offset, moved on while the delayed landing would hit another window. */
function releaseTime(window: QuietWindow, delayMinutes: number, { calendar, config }: DeciderOptions): Date {
  let current = window;
  for (let hop = 0; ; hop++) {
    const release = new Date(current.end.getTime() + config.holdOffsetMinutes * MINUTE);
    const next = windowTouched(calendar, release, new Date(release.getTime() + delayMinutes * MINUTE));
    if (!next || hop >= MAX_WINDOW_HOPS) return release;
    current = next;
  }
}

async function decideRecipient(
  recipient: string,
  input: DecisionInput,
  plan: MessagePlan,
  options: DeciderOptions,
  say: Sayer,
): Promise<RecipientDecision> {
  const { calendar } = options;
  const deadline = plan.signals.deadline;
  const base = {
    recipient,
    ...(deadline ? { deadline: deadline.at } : {}),
    arrival: plan.arrival,
  };

  let flag: FlagSummary | null;
  try {
    flag = await options.register.findFlag(lookupKey(recipient, input), input.actor ?? SYSTEM_ACTOR, input.now);
  } catch (err) {
    if (!(err instanceof IdentifierError)) throw err;
    return { ...base, verdict: 'deliver', flagged: false, reasons: [say.reason('not-a-citizen', 'notACitizen')], questions: [] };
  }
  if (!flag) {
    return { ...base, verdict: 'deliver', flagged: false, reasons: [say.reason('not-flagged', 'notFlagged')], questions: [] };
  }
  if (flag.expired) {
    const reason = say.reason('flag-expired', 'flagExpired', { date: say.date(flag.expiresOn!) });
    return { ...base, verdict: 'deliver', flagged: false, flagId: flag.id, reasons: [reason], questions: [] };
  }

  const reasons: DecisionReason[] = [];
  if (plan.signals.notBefore && plan.signals.notBefore > input.now) {
    reasons.push(say.reason('do-not-deliver-until', 'doNotDeliverUntil', { date: say.instant(plan.signals.notBefore) }));
  }

  if (!plan.window || !plan.holdUntil) {
    reasons.push(say.reason('outside-quiet-window', 'outsideQuietWindow', { arrival: say.instant(plan.arrival) }));
    if (deadline) reasons.push(deadlineFound(deadline, say));
    const nextOpening = calendar.nextOpening(plan.arrival);
    return {
      ...base,
      verdict: 'deliver',
      flagged: true,
      flagId: flag.id,
      ...(flag.reviewDue ? { reviewOverdue: true } : {}),
      nextOpening,
      reasons,
      questions: questions(say, flag, nextOpening, options, 'hintWaitOutside', 'hintTellNoHold'),
    };
  }

  reasons.push(
    say.reason('quiet-window', 'quietWindow', { closure: plan.window.reason, end: say.instant(plan.window.end) }),
  );
  const delayReason = channelDelayReason(plan, say);
  if (delayReason) reasons.push(delayReason);
  if (deadline) reasons.push(deadlineFound(deadline, say));

  const refusals = holdRefusals(plan.signals, plan.holdUntil, options, say);
  if (refusals.length > 0) {
    const nextOpening = calendar.nextOpening(plan.arrival);
    return {
      ...base,
      verdict: 'deliver-with-warning',
      flagged: true,
      flagId: flag.id,
      ...(flag.reviewDue ? { reviewOverdue: true } : {}),
      nextOpening,
      reasons: [...reasons, ...refusals],
      questions: questions(say, flag, nextOpening, options, 'hintWaitNoHold', 'hintTellNoHold'),
    };
  }

  const holdUntil = plan.holdUntil;
  reasons.push(say.reason('hold', 'hold', { until: say.instant(holdUntil), offset: options.config.holdOffsetMinutes }));
  if (deadline) {
    reasons.push(say.reason('deadline-allows-hold', 'deadlineAllows', { days: options.config.minWorkingDaysBeforeDeadline }));
  }
  // When the office opens again (the quiet window's end), not the release time an hour later (FX-8).
  const nextOpening = calendar.nextOpening(plan.arrival);
  return {
    ...base,
    verdict: 'hold',
    holdUntil,
    flagged: true,
    flagId: flag.id,
    ...(flag.reviewDue ? { reviewOverdue: true } : {}),
    nextOpening,
    reasons,
    questions: questions(say, flag, nextOpening, options, 'hintWaitHold', 'hintTellHold', { until: say.instant(holdUntil) }),
  };
}

/** A MeMo recipient says what kind of number it is; a bare ten digits would be read by country. */
function lookupKey(recipient: string, input: DecisionInput): string {
  const memoRecipient = input.message.memo?.recipient;
  return memoRecipient?.id === recipient && memoRecipient.idType.toUpperCase() === 'CPR' ? `cpr:${recipient}` : recipient;
}

/** Every reason a hold until `holdUntil` must not be made (FX-3); empty when it may. */
function holdRefusals(signals: TimingSignals, holdUntil: Date, options: DeciderOptions, say: Sayer): DecisionReason[] {
  const refusals: DecisionReason[] = [];
  if (signals.urgent) refusals.push(say.reason('urgent', 'urgent'));
  if (signals.legalNotification) refusals.push(say.reason('legal-notification', 'legalNotification'));
  const unreadable = signals.unreadableDeadline;
  if (unreadable) {
    const key = unreadable.source === 'header' ? 'deadlineUnreadable' : 'deadlineUnreadableText';
    refusals.push(say.reason('deadline-unreadable', key, { value: unreadable.value.slice(0, 80) }));
  }
  if (signals.deadline) {
    const min = options.config.minWorkingDaysBeforeDeadline;
    const days = workingDaysLeft(options.calendar, holdUntil, signals.deadline.at, min);
    if (days < min) {
      refusals.push(
        say.reason('deadline-too-close', 'deadlineTooClose', {
          deadline: say.instant(signals.deadline.at),
          days,
          until: say.instant(holdUntil),
          min,
        }),
      );
    }
  }
  return refusals;
}

/** Whole working days from `from` that end on or before `deadline`, counted up to `cap`. */
export function workingDaysLeft(calendar: WorkingCalendar, from: Date, deadline: Date, cap: number): number {
  let days = 0;
  while (days < cap && calendar.addWorkingDays(from, days + 1) <= deadline) days++;
  return days;
}

/** Said only when the delay is what brings the message into the window (FX-2). */
function channelDelayReason(plan: MessagePlan, say: Sayer): DecisionReason | null {
  if (plan.delayMinutes === 0 || !plan.window || plan.window.start <= plan.sendAt) return null;
  return say.reason('channel-delay', plan.route === 'physicalpost' ? 'channelDelayPhysical' : 'channelDelay', {
    hours: Math.round((plan.delayMinutes / 60) * 10) / 10,
    arrival: say.instant(plan.arrival),
  });
}

function deadlineFound(deadline: Deadline, say: Sayer): DecisionReason {
  const source = deadline.source;
  const sourceText =
    source.kind === 'header'
      ? say.text('sourceHeader')
      : source.kind === 'memo-reply-by'
        ? say.text('sourceMemoReplyBy')
        : source.kind === 'memo-action'
          ? say.text('sourceMemoAction', { label: source.label })
          : say.text('sourceText', { text: source.text });
  return say.reason(`deadline-${source.kind}`, 'deadlineFound', { deadline: say.instant(deadline.at), source: sourceText });
}

function questions(
  say: Sayer,
  flag: FlagSummary,
  nextOpening: Date,
  { phone, phoneCalendar, calendar }: DeciderOptions,
  waitHint: MessageKey,
  tellHint: MessageKey,
  waitParams: Params = {},
): FxQuestion[] {
  const opening = say.instant(nextOpening);
  return [
    { clause: 'FX-6', question: say.text('qWait'), hint: say.text(waitHint, waitParams) },
    { clause: 'FX-7', question: say.text('qWho'), hint: say.text('hintWho', { unit: flag.unit, review: say.date(flag.reviewOn) }) },
    {
      clause: 'FX-8',
      question: say.text('qReach'),
      hint: phone
        ? say.text('hintReachPhone', { opening, phone, phoneOpening: say.instant((phoneCalendar ?? calendar).nextOpening(nextOpening)) })
        : say.text('hintReach', { opening }),
    },
    { clause: 'FX-9', question: say.text('qTell'), hint: say.text(tellHint) },
  ];
}

const LOCALES: Record<Lang, string> = { da: 'da-DK', sv: 'sv-SE', en: 'en-GB' };

interface Sayer {
  text(key: MessageKey, params?: Params): string;
  reason(code: string, key: MessageKey, params?: Params): DecisionReason;
  /** An instant as the sender reads it: weekday, date and time in the municipality's zone. */
  instant(t: Date): string;
  /** A local date YYYY-MM-DD, written out. */
  date(isoDate: string): string;
}

// Building an Intl.DateTimeFormat costs more than the rest of a decision, so one per language
// and zone is kept for the life of the process.
const sayers = new Map<string, Sayer>();

function sayer(lang: Lang, calendar: WorkingCalendar): Sayer {
  const key = `${lang} ${calendar.timeZone}`;
  const known = sayers.get(key);
  if (known) return known;
  const instantFormat = new Intl.DateTimeFormat(LOCALES[lang], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: calendar.timeZone,
  });
  const dateFormat = new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const text = (key: MessageKey, params?: Params) => translate(messages, lang, key, params);
  const say: Sayer = {
    text,
    reason: (code, key, params) => ({ code, text: text(key, params) }),
    instant: (t) => instantFormat.format(t),
    date: (iso) => dateFormat.format(new Date(`${iso}T12:00:00Z`)),
  };
  sayers.set(key, say);
  return say;
}
