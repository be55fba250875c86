/**
 * Reading and checking one message: parse it, pick the sender's language, run the rules.
 * This is the CPU-heavy part of the pipeline, so `postvakt serve` runs it in worker threads
 * (`checkers.ts`) and the SMTP event loop stays free for sessions and commits.
 */
import type { Lang } from '../i18n/catalog.ts';
import { isLang } from '../i18n/catalog.ts';
import type { Message } from '../message/types.ts';
import { header } from '../message/types.ts';
import { messageText } from '../text/message.ts';
import type { Finding } from '../rules/types.ts';
import { timingSignals, type TimingSignals } from '../decision/signals.ts';

export interface Analysis {
  message: Message;
  lang: Lang;
  findings: Finding[];
  /** What the message says about its own timing, read here so the decision need not scan it again. */
  signals: TimingSignals;
  /** The language the new text is written in (text/language.ts), e.g. for an out-of-office reply (BK-22). */
  textLang: Lang;
  /** The language analysis' tone verdict on the new text (FX-5); only computed when asked for. */
  angry?: boolean;
}

/** Thrown for a message that cannot be read at all (the client gets 550 5.6.0). */
export class UnreadableMessage extends Error {}

/** `now` is the instant of the transaction, the reference for dates without a year. */
export type Analyse = (raw: Buffer, now: Date) => Promise<Analysis>;

/** The sender's language: the message's Content-Language when it is one we speak. */
export function senderLang(message: Message, fallback: Lang): Lang {
  const tag = header(message, 'content-language')?.split(/[,;]/)[0]?.trim().toLowerCase().split('-')[0];
  return isLang(tag) ? tag : fallback;
}

export function analyser(options: {
  parse(raw: Buffer): Promise<Message>;
  check(message: Message, lang: Lang): Finding[];
  defaultLang: Lang;
  /** The municipality's zone, for the dates in the text. */
  timeZone: string;
  /** Judge the tone (for the "hold an angry message until the next morning" action). */
  tone?: boolean;
}): Analyse {
  return async (raw, now) => {
    let message: Message;
    try {
      message = await options.parse(raw);
    } catch (err) {
      throw new UnreadableMessage((err as Error).message);
    }
    const lang = senderLang(message, options.defaultLang);
    const signals = timingSignals(message, { now, timeZone: options.timeZone });
    const findings = options.check(message, lang);
    // The rules analysed the new text already (kept with the message), so this reads their result.
    const analysis: Analysis = { message, lang, findings, signals, textLang: messageText(message, lang).lang };
    // The tone of what the sender wrote now (quoted history is not theirs), from the analysis the
    // calm-tone rule already made of this message.
    if (options.tone) analysis.angry = messageText(message, lang).analysis.tone.angry;
    return analysis;
  };
}
