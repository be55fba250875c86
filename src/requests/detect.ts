/**
 * Mail to a registrar that asks for documents (issue 19 item 1): "begäran om allmän handling",
 * "aktindsigt" and their usual phrasings, kept as data (`data/phrasings.json`). A match is a
 * suggestion a person confirms, never a request by itself: a citizen's own case question can
 * use the same words.
 */
import type { Kysely } from 'kysely';
import phrasings from './data/phrasings.json' with { type: 'json' };
import { parseMessage } from '../message/parse.ts';
import type { DB } from '../store/schema.ts';

const PHRASES = [...phrasings.sv, ...phrasings.da, ...phrasings.en].map((p) => p.toLocaleLowerCase());
/** A request says what it wants early; quoted history further down is somebody else's mail. */
const BODY_HEAD = 2000;

/** The phrase that makes this text a request for documents, if any. */
export function requestPhrase(subject: string, body: string): string | undefined {
  const text = `${subject}\n${body.slice(0, BODY_HEAD)}`.toLocaleLowerCase().replace(/\s+/g, ' ');
  return PHRASES.find((p) => text.includes(p));
}

export interface SuggestedRequest {
  inboundId: string;
  queueId: string | null;
  receivedAt: Date;
  from: string;
  to: string[];
  subject: string;
  phrase: string;
}

/**
 * Inbound mail to any of `registrars` since `since` that reads as a request for documents and is
 * not a request yet.
 */
export async function suggestedRequests(db: Kysely<DB>, registrars: string[], since: Date): Promise<SuggestedRequest[]> {
  const wanted = new Set(registrars.map((r) => r.toLowerCase()));
  const rows = await db
    .selectFrom('inbound_messages as m')
    .leftJoin('queue_bodies as b', 'b.item_id', 'm.queue_id')
    .leftJoin('requests as r', 'r.source_inbound_id', 'm.id')
    .select(['m.id', 'm.queue_id', 'm.received_at', 'm.sender', 'm.recipients', 'm.subject', 'b.raw'])
    .where('m.received_at', '>=', since.getTime())
    .where('m.automatic', '=', 0)
    .where('r.id', 'is', null)
    .orderBy('m.received_at')
    .execute();
  const out: SuggestedRequest[] = [];
  for (const row of rows) {
    const to = JSON.parse(row.recipients) as string[];
    if (!to.some((a) => wanted.has(a.toLowerCase()))) continue;
    const body = row.raw ? (await parseMessage(Buffer.from(row.raw))).body.text : '';
    const phrase = requestPhrase(row.subject, body);
    if (!phrase) continue;
    out.push({ inboundId: row.id, queueId: row.queue_id, receivedAt: new Date(Number(row.received_at)), from: row.sender, to, subject: row.subject, phrase });
  }
  return out;
}
