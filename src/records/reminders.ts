/**
 * Registration reminders (BK-20): a public or secret document still unregistered after
 * `records.remindAfterDays` working days is named in a mail to its mailbox's owners (for mail in:
 * the addressed mailboxes; for mail out: the sender's) and to the registrars of the mailbox's
 * unit (`units:`), and again each further period. Each document's reminder is claimed by a
 * conditional write of `record_reminders` in the transaction that queues the mails, so a period's
 * reminder goes once across sweeps, restarts and instances. The mails list subjects as the public
 * mail log shows them (identity numbers and sensitive terms masked), never content.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.ts';
import type { Clock } from '../clock/clock.ts';
import type { WorkingCalendar } from '../calendar/types.ts';
import type { Logger } from '../logging/logger.ts';
import { translate, type Lang } from '../i18n/catalog.ts';
import type { Mailboxes } from '../inbound/mailboxes.ts';
import type { Units } from '../units/units.ts';
import type { NewItem, Queue } from '../queue/queue.ts';
import { publicSubject } from '../maillog/index.ts';
import { plainNotice } from '../notices/mime.ts';
import { messages } from './messages.ts';
import type { Records, WorkItem } from './records.ts';
import { routeNotices } from '../notices/delivery.ts';

export interface RegistrationReminderOptions {
  db: Kysely<DB>;
  queue: Queue;
  clock: Clock;
  calendar: WorkingCalendar;
  logger: Logger;
  records: Pick<Records, 'unregistered'>;
  mailboxes: Mailboxes;
  units: Units;
  /** `records.remindAfterDays`; 0 sends none. */
  afterDays: number;
  defaultLang: Lang;
  hostname: string;
  /** The worklist page when the web app runs. */
  link?: string;
}

/** Who is told of a document: its mailbox's owners (a personal mailbox: the address itself) and the unit's registrars, with the unit's language. */
export function remindedOf(doc: Pick<WorkItem, 'direction' | 'sender' | 'recipients'>, mailboxes: Mailboxes, units: Units): Array<{ address: string; lang: Lang | undefined }> {
  const addresses = doc.direction === 'in' ? doc.recipients : [doc.sender];
  const out: Array<{ address: string; lang: Lang | undefined }> = [];
  for (const address of addresses) {
    const box = mailboxes.lookup(address);
    if (!box) continue;
    const unit = units.get(box.unit);
    const owners = box.owners.length > 0 ? box.owners : box.kind === 'personal' ? [box.address] : box.members;
    for (const a of [...owners, ...unit.registrars]) out.push({ address: a.toLowerCase(), lang: unit.language });
  }
  return out;
}

/** Queue the reminders due now; returns the ids of the documents reminded. */
export async function sendRegistrationReminders(options: RegistrationReminderOptions): Promise<string[]> {
  const { db, queue, clock, calendar, afterDays } = options;
  if (afterDays <= 0) return [];
  const now = clock.now();
  const due = (await options.records.unregistered()).filter((d) => d.ageDays >= afterDays);
  if (due.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const claimed: WorkItem[] = [];
    for (const doc of due) {
      // A write first (SQLite's write lock, as everywhere else); 0: never reminded.
      await trx.insertInto('record_reminders').values({ document_id: doc.id, last_sent_at: 0, count: 0 }).onConflict((oc) => oc.column('document_id').doNothing()).execute();
      const row = await trx.selectFrom('record_reminders').selectAll().where('document_id', '=', doc.id).executeTakeFirstOrThrow();
      const last = Number(row.last_sent_at);
      if (last > 0 && calendar.addWorkingDays(new Date(last), afterDays).getTime() > now.getTime()) continue;
      // The claim: only the sweep that still sees the old time wins the period (another instance on PostgreSQL).
      const won = await trx
        .updateTable('record_reminders')
        .set({ last_sent_at: now.getTime(), count: Number(row.count) + 1 })
        .where('document_id', '=', doc.id)
        .where('last_sent_at', '=', row.last_sent_at)
        .executeTakeFirst();
      if (Number(won.numUpdatedRows) === 0) continue;
      claimed.push(doc);
    }
    const byAddress = new Map<string, { lang: Lang; docs: WorkItem[] }>();
    const unreachable: string[] = [];
    for (const doc of claimed) {
      const people = remindedOf(doc, options.mailboxes, options.units);
      if (people.length === 0) unreachable.push(doc.id);
      for (const p of people) {
        const entry = byAddress.get(p.address) ?? { lang: p.lang ?? options.defaultLang, docs: [] };
        if (!entry.docs.includes(doc)) entry.docs.push(doc);
        byAddress.set(p.address, entry);
      }
    }
    const items: NewItem[] = [];
    for (const [address, { lang, docs }] of byAddress) items.push(await reminderItem(address, lang, docs, options));
    // Through the notice layer: now, or in each person's digest (BK-10).
    await queue.enqueue(await routeNotices(trx, items, now), trx);
    if (unreachable.length > 0) options.logger.warn({ documents: unreachable }, 'unregistered documents have no mailbox owner or registrar to remind (mailboxes, units)');
    if (claimed.length > 0) options.logger.info({ documents: claimed.length, mails: items.length }, 'registration reminders queued');
    return claimed.map((d) => d.id);
  });
}

async function reminderItem(to: string, lang: Lang, docs: WorkItem[], options: RegistrationReminderOptions): Promise<NewItem> {
  const t = (key: keyof (typeof messages)['en'], params?: Record<string, string | number>) => translate(messages, lang, key, params);
  const subject = t('reminder.subject', { count: docs.length });
  const lines = [
    t('reminder.body', { count: docs.length, days: options.afterDays }),
    '',
    ...docs.map((d) =>
      t('reminder.line', { date: options.calendar.formatLocal(d.at).slice(0, 10), direction: d.direction, subject: publicSubject(d.subject).replace(/\s+/g, ' '), age: d.ageDays }),
    ),
    '',
    options.link ? t('reminder.link', { url: options.link }) : t('reminder.cli'),
  ];
  return plainNotice({
    hostname: options.hostname,
    to: [to],
    lang,
    subject,
    lines,
    date: options.clock.now(),
    originId: `registration-reminder:${options.clock.now().getTime()}:${to}`,
    notice: 'registration-reminder',
  });
}
