/**
 * Postvakt's suggestion for a document's record status, with its reason (issue 18 item 1). It is
 * only a suggestion: a person decides (records/status.ts). In order:
 * - an auto-reply or bounce (Auto-Submitted, null sender, auto-responder headers) or a newsletter
 *   or list mail (List-Id, List-Unsubscribe, Precedence: bulk/list/junk) → little importance (BK-20);
 * - sensitive personal data in the text (text/sensitive: health, social services, …) → secret,
 *   with the catalogue ground that covers the category to consider (BK-19, BK-27);
 * - an internal message without attachments and with little new text → not public, "internal
 *   message that adds no facts to a matter" (BK-19);
 * - anything else → public (BK-18), to be registered (BK-20).
 * The reason names what was found by kind, never the content (the sensitive words are not kept).
 */
import type { Message } from '../message/types.ts';
import { header } from '../message/types.ts';
import { newText } from '../rules/support.ts';
import { scanWords } from '../text/segment.ts';
import { findSensitiveTerms, type SensitiveCategory } from '../text/sensitive.ts';
import type { RecordStatus } from './tables.ts';
import type { Ground } from './grounds.ts';
import type { RecordDocument } from './documents.ts';

export type SuggestionReason = 'auto-reply' | 'newsletter' | 'sensitive-content' | 'internal-no-facts' | 'default-public';

export interface Suggestion {
  status: RecordStatus;
  ground: string | null;
  reason: SuggestionReason;
  /** What the reason is about, for its sentence: categories found, words of new text. */
  details: { categories?: SensitiveCategory[]; words?: number };
}

/** New text of at most this many words, no attachments, between own addresses: probably no facts. */
export const NO_FACTS_WORDS = 40;

const LIST_HEADERS = ['list-id', 'list-unsubscribe', 'list-post'];
const BULK = new Set(['bulk', 'list', 'junk']);
const AUTO_REPLY_HEADERS = ['x-autoreply', 'x-autorespond'];

function automaticKind(sender: string, message: Message): 'auto-reply' | 'newsletter' | undefined {
  const auto = header(message, 'auto-submitted')?.trim().toLowerCase();
  const precedence = header(message, 'precedence')?.trim().toLowerCase();
  if (sender === '' || (auto && auto !== 'no') || precedence === 'auto_reply' || AUTO_REPLY_HEADERS.some((h) => header(message, h) !== undefined)) {
    return 'auto-reply';
  }
  if ((precedence && BULK.has(precedence)) || LIST_HEADERS.some((h) => header(message, h) !== undefined)) return 'newsletter';
  return undefined;
}

/** The ground of the catalogue suggested for the first category that one covers (null: the person picks). */
export function groundFor(categories: readonly SensitiveCategory[], secretGrounds: readonly Ground[]): string | null {
  for (const category of categories) {
    const ground = secretGrounds.find((g) => g.suggestFor?.includes(category));
    if (ground) return ground.id;
  }
  return null;
}

/** The suggestion for a document whose message could be read. */
export function suggestStatus(doc: Pick<RecordDocument, 'sender' | 'direction'>, message: Message, secretGrounds: readonly Ground[]): Suggestion {
  const automatic = automaticKind(doc.sender, message);
  if (automatic) return { status: 'little-importance', ground: null, reason: automatic, details: {} };
  const text = `${message.subject}\n${message.body.text}`;
  const categories = [...new Set(findSensitiveTerms({ text, table: scanWords(text) }).map((m) => m.category))];
  if (categories.length > 0) return { status: 'secret', ground: groundFor(categories, secretGrounds), reason: 'sensitive-content', details: { categories } };
  const words = scanWords(newText(message).text).count;
  if (doc.direction === 'internal' && message.attachments.length === 0 && words <= NO_FACTS_WORDS) {
    return { status: 'not-public', ground: 'bk19-internal-no-facts', reason: 'internal-no-facts', details: { words } };
  }
  return { status: 'public', ground: null, reason: 'default-public', details: {} };
}

/**
 * The suggestion for a journaled document, whose bytes Postvakt never kept: from what the inbound
 * door recorded (automatic mail; BK-27 findings by rule, whose category is not kept).
 */
export function suggestFromRecord(doc: Pick<RecordDocument, 'direction'>, record: { automatic: boolean; sensitive: boolean }): Suggestion {
  if (record.automatic) return { status: 'little-importance', ground: null, reason: 'auto-reply', details: {} };
  if (record.sensitive) return { status: 'secret', ground: null, reason: 'sensitive-content', details: {} };
  return { status: 'public', ground: null, reason: 'default-public', details: {} };
}
