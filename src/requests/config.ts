/**
 * The `requests` section (issue 19): deadlines per country (BK-18; offentlighedsloven § 36), the
 * escalated review's own deadline, warnings before deadlines, appeal periods (legal hold), the
 * secrecy-first units (BK-26), where decision letters enter the gateway, and the letter templates
 * file (configuration the municipality's lawyer reviews; the shipped sample is marked so).
 */
import { z } from 'zod';
import { duration } from '../queue/config.ts';

const days = z.number().int().min(0).max(60);
const WEEK = 7 * 86_400_000;

export const requestsConfigSchema = z
  .object({
    deadlines: z
      .object({
        /** SE (BK-18, "skyndsamt"): normally within 2 working days, plus 2 when secrecy must be reviewed. */
        SE: z.object({ answerDays: days.default(2), secrecyReviewDays: days.default(2) }).strict().prefault({}),
        /**
         * DK (offentlighedsloven § 36): as soon as possible; past 7 working days the requester is
         * told why and when to expect the decision. The expected date is set with the notice.
         */
        DK: z.object({ answerDays: days.default(7), secrecyReviewDays: days.default(0) }).strict().prefault({}),
      })
      .strict()
      .prefault({}),
    /** Working days the registrar or lawyer has for an escalated review (BK-23). */
    escalationDays: days.default(1),
    /** The scheduler warns the assignee this long before each deadline. */
    warnBefore: duration.default(24 * 3_600_000),
    /** Documents of a decided request stay on legal hold through the appeal period. */
    appealPeriod: z.object({ SE: duration.default(3 * WEEK), DK: duration.default(4 * WEEK) }).strict().prefault({}),
    /** Units where secrecy is the starting point (BK-26): release is blocked while an identifier remains. */
    secrecyFirstUnits: z.array(z.string().min(1)).default([]),
    /** Where decision letters are submitted to the gateway (default: this host, `gateway.port`). */
    submitTo: z.object({ host: z.string().min(1).default('127.0.0.1'), port: z.number().int().min(1).max(65535).optional() }).strict().prefault({}),
    /** The sender of decision letters; default the unit's first registrar. */
    from: z.string().optional(),
    /** A templates file replacing the shipped sample (`src/requests/data/letters.json` has the shape). */
    letters: z.string().optional(),
  })
  .strict();

export type RequestsConfig = z.infer<typeof requestsConfigSchema>;
