/**
 * The text analysis of one `Message`, shared by the language rules: the writer's new text
 * (for readability and tone) and the whole body (for identity numbers and sensitive terms, since
 * quoted history is sent too). Several rules read the same message, so the analysis is computed
 * once per message object and kept in a WeakMap that lets it go with the message.
 */
import type { Message } from '../message/types.ts';
import { newText, newTextRanges } from '../rules/support.ts';
import { analyseText, type TextAnalysis } from './analyse.ts';
import { scanWordsAround, type TextLang, type Words } from './segment.ts';

export interface MessageText {
  /** Language of the new text (detected; the fallback when there is too little to tell). */
  lang: TextLang;
  /** The writer's new text, analysed; offsets are into `text`, `toBody` maps them to the body. */
  text: string;
  toBody(offset: number): number;
  analysis: TextAnalysis;
  /** The words of the whole body, for terms that must not be sent even in quoted history. */
  bodyWords(): Words;
}

const cache = new WeakMap<Message, MessageText>();

export function messageText(message: Message, fallbackLang: TextLang): MessageText {
  const cached = cache.get(message);
  if (cached) return cached;
  const own = newText(message);
  const analysis = analyseText(own.text, { fallbackLang });
  let body: Words | undefined;
  const result: MessageText = {
    lang: analysis.lang,
    text: own.text,
    toBody: own.toBody,
    analysis,
    bodyWords: () =>
      (body ??= { text: message.body.text, table: scanWordsAround(message.body.text, newTextRanges(message), analysis.segmentation.table) }),
  };
  cache.set(message, result);
  return result;
}

/** The subject (or MeMo label) and, for a letter, the notification: short texts checked alone. */
export function titleTexts(message: Message): Array<{ header: string; text: string }> {
  const out = [{ header: message.channel === 'digitalpost' ? 'label' : 'Subject', text: message.subject }];
  if (message.memo?.notification) out.push({ header: 'notification', text: message.memo.notification });
  return out;
}
