/**
 * The hold decision's contract (FX-3, FX-6…FX-9). `decide` looks at one message and its
 * recipients at one instant and returns one decision per recipient. The gateway and the
 * Digital Post intake act on it; the web app and notices show its reasons and questions.
 */
import type { Lang } from '../i18n/catalog.ts';
import type { Message } from '../message/types.ts';
import type { Actor } from '../register/register.ts';
import type { TimingSignals } from './signals.ts';
import type { DeliveryRoute } from './config.ts';

export type Verdict = 'deliver' | 'hold' | 'deliver-with-warning';

/** One reason, as a stable code plus the text rendered in the sender's language. */
export interface DecisionReason {
  code: string;
  text: string;
}

/** The four questions of the guideline (FX-6, FX-7, FX-8, FX-9), rendered. */
export interface FxQuestion {
  clause: 'FX-6' | 'FX-7' | 'FX-8' | 'FX-9';
  question: string;
  /** What Postvakt knows that helps answer it, e.g. the next opening time. */
  hint?: string;
}

export interface RecipientDecision {
  /** The recipient as given: an e-mail address, or a CPR/CVR/personnummer for Digital Post. */
  recipient: string;
  verdict: Verdict;
  /** Set when verdict is `hold`: when the message is released. */
  holdUntil?: Date;
  /** The earliest deadline found on the message, if any. */
  deadline?: Date;
  /** Whether the recipient has a consideration flag (FX-4). */
  flagged: boolean;
  reasons: DecisionReason[];
  questions: FxQuestion[];
  /** The flag that applied, for the web app's audited `register.view` (never its reason). */
  flagId?: string;
  /** The flag that applied is past its review date (FX-4): it still counts, and the sender is told. */
  reviewOverdue?: boolean;
  /** The latest instant the message may reach the recipient if sent now (FX-2 channel delay). */
  arrival?: Date;
  /** When the citizen can next reach the municipality after receiving it (FX-8). */
  nextOpening?: Date;
}

export interface DecisionInput {
  message: Message;
  recipients: string[];
  now: Date;
  /** The sender's language for reasons and questions. */
  lang: Lang;
  /** Who is sending, for the register's audit of the lookup; default: Postvakt itself. */
  actor?: Actor;
  /** The message's timing signals when they were read already (the gateway's check workers). */
  signals?: TimingSignals;
  /**
   * The message reads as angry and the configuration holds such mail (FX-5): held until the
   * next morning for every recipient, unless FX-3 refuses the hold.
   */
  angry?: boolean;
  /**
   * How the message reaches the citizen when that is not its channel's usual way (an SF1601
   * KombiValgKode: NemSMS, printed post); its delay decides the landing (FX-2). Default: the channel.
   */
  route?: DeliveryRoute;
}

export interface Decider {
  decide(input: DecisionInput): Promise<RecipientDecision[]>;
}
