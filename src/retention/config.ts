/**
 * The `retention` section (issue 20; BK-20 the mail system is no archive, BK-27 received secret
 * mail is purged once registered, BK-30 mail of little or temporary importance may be purged).
 *
 * `bodies` is an ordered list of rules; the first whose every named criterion matches a message
 * body decides how long it is kept, counted from when the message was finished (delivered,
 * refused, failed or cancelled) or, for a rule that names a record status, from when the record
 * got that status. A body no rule matches is kept. Held items and bodies under a legal hold are
 * never purged (the plan says why each is kept). The mail log and the register's audit rows are
 * kept for whole years, then purged in whole periods (`mailLog`, `registerAudit`); leave them out
 * to keep everything.
 */
import { z } from 'zod';
import { duration } from '../queue/config.ts';

export const DIRECTIONS = ['in', 'out', 'internal'] as const;
/** `refused`: the receiving side refused it for good (5xx); `failed`: given up after retries. */
export const OUTCOMES = ['delivered', 'refused', 'cancelled', 'failed'] as const;
/** The records module's statuses (issue 19, records branch). */
export const RECORD_STATUSES = ['registered', 'little-importance', 'not-public', 'secret-received'] as const;
export const CHANNELS = ['email', 'digitalpost', 'inbound'] as const;

const list = <T extends readonly [string, ...string[]]>(values: T) => z.array(z.enum(values)).min(1).optional();

export const bodyRuleSchema = z
  .object({
    /** Named in the plan, the purge's mail-log event and the item's history. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a name of lower-case letters, digits and -'),
    direction: list(DIRECTIONS),
    outcome: list(OUTCOMES),
    recordStatus: list(RECORD_STATUSES),
    channel: list(CHANNELS),
    /** How long the body is kept: "0d" purges at the next run. */
    keep: duration,
  })
  .strict();

export type BodyRule = z.infer<typeof bodyRuleSchema>;

const years = z.number().int().min(1).max(100);

export const retentionConfigSchema = z
  .object({
    bodies: z
      .array(bodyRuleSchema)
      .default([])
      .refine((rules) => new Set(rules.map((r) => r.name)).size === rules.length, 'expected each rule to have its own name'),
    /** The mail log is a public record (BK-28): kept this many whole calendar years after the current one begins. */
    mailLog: z.object({ keepYears: years.optional() }).strict().prefault({}),
    /** The register's audit rows of flags that are gone (FX-4), kept this many years after the flag's last row. */
    registerAudit: z.object({ keepYears: years.optional() }).strict().prefault({}),
    /** The Ed25519 key that signs the log's checkpoints: a file created 0600, or `POSTVAKT_LOG_SIGNING_KEY`. */
    signingKey: z
      .object({
        source: z.enum(['file', 'env']).default('file'),
        file: z.string().min(1).default('./data/log-signing.key'),
      })
      .strict()
      .prefault({}),
    /** How often `serve` runs the purge. */
    every: duration.default(86_400_000),
  })
  .strict();

export type RetentionConfig = z.infer<typeof retentionConfigSchema>;
