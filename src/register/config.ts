/**
 * The `register` section: where the consideration register's keys come from. The choice:
 * - `keys.file` (the samples): a key file, created with mode 0600 on first start and logged,
 *   so `npx postvakt serve` starts on a fresh machine; an existing file must not be readable by
 *   others, and a file that no longer matches the stored flags is refused at start;
 * - `keys.source: env`: the keys must come from `POSTVAKT_REGISTER_HMAC_KEY` and
 *   `POSTVAKT_REGISTER_ENC_KEY`; missing ones are a start-up error, never a generated key;
 * - no `keys` at all: a start-up error unless both environment variables are set.
 * The environment variables override the file when set (a secret store in production).
 */
import { z } from 'zod';
import { duration } from '../queue/config.ts';

/**
 * Where a flag past its review date is reminded (FX-4), once and then weekly: the case worker who
 * owns it (`{user}` is their user name; a user name that is an address is used as it is) and the
 * unit's mailbox.
 */
export const reviewRemindersSchema = z
  .object({
    ownerAddress: z
      .string()
      .regex(/^[^@\s]*\{user\}[^@\s]*@[^@\s]+\.[^@\s]+$/, 'expected an address with {user}, such as "{user}@eksempel-kommune.dk"')
      .optional(),
    unitAddresses: z.record(z.string().min(1), z.email()).default({}),
    /** How long after one reminder the next is sent while the review stays overdue. */
    every: duration.default(7 * 24 * 3_600_000),
  })
  .strict();

export type ReviewRemindersConfig = z.infer<typeof reviewRemindersSchema>;

export const registerConfigSchema = z
  .object({
    keys: z
      .object({
        source: z.enum(['file', 'env']).default('file'),
        /** Key file (JSON: hmacKey, encKey, retiredEncKeys), relative to the working directory. */
        file: z.string().min(1).optional(),
      })
      .strict()
      .refine((k) => k.source === 'env' || k.file !== undefined, {
        message: 'expected "file: <path>" when the keys come from a file (or "source: env")',
      })
      .optional(),
    /** Unit a flag belongs to when the case worker names none; default: the municipality's name. */
    defaultUnit: z.string().min(1).optional(),
    reviewReminders: reviewRemindersSchema.optional(),
  })
  .strict();

export type RegisterConfig = z.infer<typeof registerConfigSchema>;
