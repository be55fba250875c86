/**
 * Review reminders (FX-4): a flag past its review date keeps holding letters (the safer side for
 * the citizen), and its owner and unit are reminded by mail, once and then every
 * `reviewReminders.every`, in the language of the last sender whose letter it held (else the
 * municipality's). Each reminder is claimed by a conditional update of `register_reminders` and
 * queued in the same transaction, so it is sent once per period however often the sweep runs,
 * across restarts and across instances sharing the store; a new review date starts over.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Lang } from '../i18n/catalog.ts';
import { isLang } from '../i18n/catalog.ts';
import type { Logger } from '../logging/logger.ts';
import { buildReminder, reminderSubject } from '../notices/reminder.ts';
import type { NewItem, Queue } from '../queue/queue.ts';
import { enqueueNotices } from '../notices/delivery.ts';
import type { DB } from '../store/schema.ts';
import type { ReviewRemindersConfig } from './config.ts';
import type { FlagSummary } from './register.ts';

export interface ReminderOptions {
  db: Kysely<DB>;
  queue: Queue;
  clock: Clock;
  logger: Logger;
  config: ReviewRemindersConfig;
  /** The municipality's language, when no held letter said otherwise. */
  defaultLang: Lang;
  /** For the From address and the Message-ID. */
  hostname: string;
  /** The register page in the web app, if it runs. */
  registerLink?: string;
}

/** A letter was held for an overdue flag: remember its sender's language for the reminder. */
export async function noteReminderLanguage(db: Kysely<DB>, flagId: string, lang: Lang): Promise<void> {
  await db
    .insertInto('register_reminders')
    .values({ flag_id: flagId, lang, review_on: null, last_sent_at: null })
    .onConflict((oc) => oc.column('flag_id').doUpdateSet({ lang }))
    .execute();
}

/** Who is reminded of a flag: its owner and its unit's mailbox, as configured. */
export function reminderAddresses(flag: Pick<FlagSummary, 'caseWorker' | 'unit'>, config: ReviewRemindersConfig): string[] {
  const owner = flag.caseWorker.includes('@') ? flag.caseWorker : config.ownerAddress?.replace('{user}', flag.caseWorker);
  return [...new Set([owner, config.unitAddresses[flag.unit]].filter((a): a is string => a !== undefined))];
}

/** Send the reminders for `overdue` flags that are due now; returns the ids of the flags reminded. */
export async function sendDueReminders(options: ReminderOptions, overdue: FlagSummary[]): Promise<string[]> {
  const { db, queue, clock, logger, config } = options;
  const now = clock.now();
  const reminded: string[] = [];
  const unreachable: string[] = [];
  for (const flag of overdue) {
    if (flag.expired) continue;
    const to = reminderAddresses(flag, config);
    if (to.length === 0) {
      unreachable.push(flag.id);
      continue;
    }
    const sent = await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('register_reminders')
        .values({ flag_id: flag.id, lang: null, review_on: null, last_sent_at: null })
        .onConflict((oc) => oc.column('flag_id').doNothing())
        .execute();
      // The claim: only one sweep (of any instance) wins a period.
      const claimed = await trx
        .updateTable('register_reminders')
        .set({ review_on: flag.reviewOn, last_sent_at: now.getTime() })
        .where('flag_id', '=', flag.id)
        .where((eb) =>
          eb.or([
            eb('last_sent_at', 'is', null),
            eb('review_on', 'is', null),
            eb('review_on', '!=', flag.reviewOn),
            eb('last_sent_at', '<=', now.getTime() - config.every),
          ]),
        )
        .returning('lang')
        .executeTakeFirst();
      if (!claimed) return false;
      const lang = claimed.lang && isLang(claimed.lang) ? claimed.lang : options.defaultLang;
      // Through the notice layer: now, or in the recipient's digest (BK-10).
      await enqueueNotices(trx, queue, [await reminderItem(flag, to, lang, options)], now);
      return true;
    });
    if (sent) reminded.push(flag.id);
  }
  if (unreachable.length > 0) {
    logger.warn({ flags: unreachable }, 'flags past their review date have no reminder address (register.reviewReminders)');
  }
  if (reminded.length > 0) logger.info({ flags: reminded }, 'review reminders queued');
  return reminded;
}

async function reminderItem(flag: FlagSummary, to: string[], lang: Lang, options: ReminderOptions): Promise<NewItem> {
  const from = `Postvakt <postmaster@${options.hostname}>`;
  const raw = await buildReminder({
    lang,
    flagId: flag.id,
    unit: flag.unit,
    reviewOn: flag.reviewOn,
    from,
    to,
    hostname: options.hostname,
    date: options.clock.now(),
    ...(options.registerLink ? { link: options.registerLink } : {}),
  });
  return {
    channel: 'email',
    status: 'queued',
    raw,
    envelope: { from: '', to },
    lang,
    subject: reminderSubject({ lang, flagId: flag.id }),
    originId: `review-reminder:${flag.id}`,
    decision: { notice: 'review-reminder' },
  };
}
