/**
 * The delivery layer every notice to the municipality's own people goes through (BK-10: a person
 * stressed by mail may read Postvakt's notices at set times instead of as alerts). Each person
 * chooses immediate notices or a digest at chosen local times; held-letter notices, review
 * reminders, absence and coverage alerts pass through `routeNotices` in the transaction that
 * would have queued them. A notice for someone who chose a digest is kept whole in
 * `notice_digest` and leaves at that person's next digest time as one mail (multipart/digest,
 * RFC 2046 §5.1.5), so nothing of the notice is lost or rewritten. Other recipients of the same
 * notice get it at once, as before.
 */
import type { Kysely, Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { DB } from '../store/schema.ts';
import { newItemId, recipientsOf, type NewItem, type Queue } from '../queue/queue.ts';
import { logAccepted } from '../gateway/maillog.ts';
import { buildDigest, digestSubject } from './digest.ts';
import type { Lang } from '../i18n/catalog.ts';
import { isLang } from '../i18n/catalog.ts';
import { CatalogError } from '../i18n/catalog-error.ts';
import { messages } from './messages.ts';

export interface NoticePreference {
  mode: 'immediate' | 'digest';
  /** Local times "HH:MM", sorted; empty for immediate. */
  times: string[];
}

const IMMEDIATE: NoticePreference = { mode: 'immediate', times: [] };

export class NoticeError extends CatalogError<keyof (typeof messages)['en']> {}

/** "08:00,13:00" → sorted distinct local times; at least one, each HH:MM. */
export function parseDigestTimes(text: string): string[] {
  const times = text.split(',').map((t) => t.trim());
  if (times.length === 0 || times.some((t) => !/^([01]\d|2[0-3]):[0-5]\d$/.test(t))) throw new NoticeError(messages, 'preferenceBadTimes', { times: text });
  return [...new Set(times)].sort();
}

export async function setNoticePreference(db: Kysely<DB>, address: string, pref: NoticePreference, at: Date): Promise<void> {
  const times = JSON.stringify(pref.mode === 'digest' ? [...new Set(pref.times)].sort() : []);
  await db
    .insertInto('notice_preferences')
    .values({ address: address.toLowerCase(), mode: pref.mode, times, updated_at: at.getTime() })
    .onConflict((oc) => oc.column('address').doUpdateSet({ mode: pref.mode, times, updated_at: at.getTime() }))
    .execute();
}

export async function noticePreferences(db: Kysely<DB>, addresses: string[]): Promise<Map<string, NoticePreference>> {
  const out = new Map<string, NoticePreference>();
  const wanted = [...new Set(addresses.map((a) => a.toLowerCase()))];
  if (wanted.length === 0) return out;
  const rows = await db.selectFrom('notice_preferences').selectAll().where('address', 'in', wanted).execute();
  for (const r of rows) out.set(r.address, { mode: r.mode, times: JSON.parse(r.times) as string[] });
  for (const a of wanted) if (!out.has(a)) out.set(a, IMMEDIATE);
  return out;
}

/**
 * The notices among `items` (a `decision.notice` kind) for people who chose a digest are kept for
 * it; returns what goes now: every other item, and each notice for its remaining recipients.
 */
export async function routeNotices(trx: Transaction<DB>, items: NewItem[], at: Date): Promise<NewItem[]> {
  const notices = items.filter((i) => i.channel === 'email' && typeof i.decision.notice === 'string');
  if (notices.length === 0) return items;
  const prefs = await noticePreferences(trx, notices.flatMap((i) => recipientsOf(i)));
  const out: NewItem[] = [];
  for (const item of items) {
    if (!notices.includes(item)) {
      out.push(item);
      continue;
    }
    const to = recipientsOf(item);
    const later = to.filter((a) => prefs.get(a.toLowerCase())?.mode === 'digest');
    if (later.length > 0) {
      await trx
        .insertInto('notice_digest')
        .values(
          later.map((address) => ({
            id: newItemId(),
            address: address.toLowerCase(),
            kind: String(item.decision.notice),
            subject: item.subject,
            lang: item.lang,
            raw: item.raw,
            created_at: at.getTime(),
            sent_at: null,
            digest_id: null,
          })),
        )
        .execute();
    }
    const now = to.filter((a) => !later.includes(a));
    if (now.length === to.length) out.push(item);
    else if (now.length > 0) out.push({ ...item, envelope: { ...item.envelope, to: now } });
  }
  return out;
}

/** Route notices and queue what goes now, with its mail-log rows, in the caller's transaction. */
export async function enqueueNotices(trx: Transaction<DB>, queue: Queue, items: NewItem[], at: Date): Promise<string[]> {
  const now = await routeNotices(trx, items, at);
  const ids = await queue.enqueue(now, trx);
  await logAccepted(trx, now.map((item, i) => ({ ...item, id: ids[i]! })), at);
  return ids;
}

/** The last of a person's digest times at or before `now` (local times in `timeZone`). */
export function lastDigestTime(times: string[], now: Date, timeZone: string): Date | undefined {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  for (const day of [local.startOf('day'), local.startOf('day').minus({ days: 1 })]) {
    const slots = times
      .map((t) => day.set({ hour: Number(t.slice(0, 2)), minute: Number(t.slice(3, 5)) }).toJSDate())
      .filter((t) => t.getTime() <= now.getTime())
      .sort((a, b) => b.getTime() - a.getTime());
    if (slots[0]) return slots[0];
  }
  return undefined;
}

export interface DigestOptions {
  db: Kysely<DB>;
  queue: Queue;
  timeZone: string;
  hostname: string;
  defaultLang: Lang;
}

/**
 * Send each person the notices kept for them that are older than their last digest time (all of
 * them when they have gone back to immediate notices). The claim is a conditional update of the
 * kept rows, so one digest goes however many sweeps or instances run. Returns how many digests.
 */
export async function sendDueDigests(options: DigestOptions, now: Date): Promise<number> {
  const { db } = options;
  const addresses = (await db.selectFrom('notice_digest').select('address').distinct().where('sent_at', 'is', null).execute()).map((r) => r.address);
  if (addresses.length === 0) return 0;
  const prefs = await noticePreferences(db, addresses);
  let sent = 0;
  for (const address of addresses) {
    const pref = prefs.get(address) ?? IMMEDIATE;
    const upTo = pref.mode === 'immediate' ? now : lastDigestTime(pref.times, now, options.timeZone);
    if (!upTo) continue;
    const sentOne = await db.transaction().execute(async (trx) => {
      const id = newItemId();
      const kept = await trx
        .updateTable('notice_digest')
        .set({ sent_at: now.getTime(), digest_id: id })
        .where('address', '=', address)
        .where('sent_at', 'is', null)
        .where('created_at', '<=', upTo.getTime())
        .returning(['subject', 'raw', 'lang', 'created_at'])
        .execute();
      if (kept.length === 0) return false;
      kept.sort((a, b) => Number(a.created_at) - Number(b.created_at));
      const last = kept.at(-1)!.lang;
      const lang = isLang(last) ? last : options.defaultLang;
      const notices = kept.map((k) => ({ subject: k.subject, raw: Buffer.from(k.raw) }));
      const raw = await buildDigest({ lang, to: address, notices, hostname: options.hostname, date: now, timeZone: options.timeZone });
      const item: NewItem = {
        id,
        channel: 'email',
        status: 'queued',
        raw,
        envelope: { from: '', to: [address] },
        lang,
        subject: digestSubject(lang, notices.length),
        originId: `notice-digest:${id}`,
        // Not a notice kind of its own: a digest is never kept for another digest.
        decision: { digest: notices.length, direction: 'internal' },
      };
      await options.queue.enqueue([item], trx);
      await logAccepted(trx, [{ ...item, id }], now);
      return true;
    });
    if (sentOne) sent += 1;
  }
  return sent;
}
