/**
 * The `inbound` section (the second SMTP front door: mail from outside to the municipality) and
 * the `mailboxes` section (who answers which address, and how soon: BK-14, BK-15, BK-16).
 */
import { z } from 'zod';
import { smarthostSchema } from '../gateway/config.ts';
import { mailAddress } from '../config/addresses.ts';
import { openingInterval, WEEKDAYS } from '../calendar/config.ts';

import { duration } from '../queue/config.ts';

/** BK-14: an answer within two working days, unless a mailbox says otherwise. */
export const DEFAULT_ANSWER_DAYS = 2;

/** BK-14, complex matters: after an acknowledgement naming a contact person, the answer is due this many working days later. */
export const DEFAULT_ACKNOWLEDGED_ANSWER_DAYS = 10;

export const inboundConfigSchema = z
  .object({
    /** Off by default: the MX or the journal rule must point here first. */
    enabled: z.boolean().default(false),
    host: z.string().default('0.0.0.0'),
    port: z.number().int().min(0).max(65535).default(2526),
    /**
     * relay: in the MX path, relaying accepted mail to `deliverTo`. journal: the journal recipient
     * of Exchange, recording the mail its journal reports wrap (in, out and internal) and relaying nothing.
     */
    mode: z.enum(['relay', 'journal']).default('relay'),
    /** The internal mail system (Exchange, Postfix) that accepted inbound mail is relayed to. */
    deliverTo: smarthostSchema.prefault({}),
    /** BK-14: working days from an acknowledgement naming a contact person to the answer, unless a mailbox says otherwise. */
    acknowledgedAnswerDays: z.number().int().min(1).max(120).default(DEFAULT_ACKNOWLEDGED_ANSWER_DAYS),
    /** How often `serve` looks for overdue items to notify the mailbox's owners and the unit's managers about. */
    overdueSweep: duration.default(300_000),
  })
  .strict();

/** One line of a weekly duty roster: this person watches the mailbox on these days, in these hours. */
export const dutySchema = z
  .object({
    person: mailAddress,
    days: z.array(z.enum(WEEKDAYS)).min(1),
    hours: openingInterval,
  })
  .strict();

export const mailboxSchema = z
  .object({
    address: mailAddress,
    /** personal: one person's; function: a shared mailbox read in turns (BK-16); official: the contact centre's (BK-15). */
    kind: z.enum(['personal', 'function', 'official']),
    /** The unit that answers for the mailbox (its manager is told about overdue answers). */
    unit: z.string().min(1),
    /** Who answers for it (e-mail addresses); a reply from any of them answers mail to the mailbox. */
    owners: z.array(mailAddress).default([]),
    /** Further people who read and answer it (a function mailbox's duty roster). */
    members: z.array(mailAddress).default([]),
    /** BK-14: citizens get an answer within this many working days. */
    answerDays: z.number().int().min(1).max(60).default(DEFAULT_ANSWER_DAYS),
    /** BK-16: a function mailbox's weekly duty schedule (members also mark themselves on duty in the web app). */
    duty: z.array(dutySchema).default([]),
    /** BK-14: working days from an acknowledgement to the answer; `inbound.acknowledgedAnswerDays` when absent. */
    acknowledgedAnswerDays: z.number().int().min(1).max(120).optional(),
  })
  .strict();

export const mailboxesConfigSchema = z.array(mailboxSchema).superRefine((boxes, ctx) => {
  const seen = new Set<string>();
  boxes.forEach((box, i) => {
    if (seen.has(box.address)) ctx.addIssue({ code: 'custom', path: [i, 'address'], input: box.address, message: `${box.address} is listed twice` });
    seen.add(box.address);
    if (box.kind !== 'personal' && box.owners.length + box.members.length === 0) {
      ctx.addIssue({ code: 'custom', path: [i, 'owners'], input: box.owners, message: `a ${box.kind} mailbox needs owners or members to answer it` });
    }
    // BK-16: only a function mailbox is read in turns, and only by those who answer for it.
    box.duty.forEach((d, j) => {
      if (box.kind !== 'function') ctx.addIssue({ code: 'custom', path: [i, 'duty'], input: box.duty, message: 'only a function mailbox has a duty roster' });
      else if (!box.owners.includes(d.person) && !box.members.includes(d.person)) {
        ctx.addIssue({ code: 'custom', path: [i, 'duty', j, 'person'], input: d.person, message: `expected an owner or member of ${box.address}` });
      }
    });
  });
});

export type InboundConfig = z.infer<typeof inboundConfigSchema>;
export type MailboxConfig = z.infer<typeof mailboxSchema>;
