/**
 * The `queue` section: how the scheduler polls, leases and retries. Retries follow RFC 5321
 * §4.5.4.1 (retry at intervals, give up after days): the schedule lists the waits after each
 * failed attempt; once it is used up the item fails and the sender gets a DSN.
 */
import { z } from 'zod';

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "30s", "5m", "2h", "4d" or a number of milliseconds, read as milliseconds. */
export const duration = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, 'expected a duration such as 30s, 5m, 2h or 4d')
    .transform((text) => {
      const [, amount, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(text)!;
      return Number(amount) * units[unit!]!;
    }),
]);

export const queueConfigSchema = z
  .object({
    /** How often the scheduler looks for due work (it is also woken at once by new mail). */
    pollInterval: duration.default(1000),
    /** How long a claim is valid; a crashed instance's claims are taken over after this. */
    lease: duration.default(300_000),
    /** Deliveries in flight per instance. */
    concurrency: z.number().int().min(1).max(500).default(20),
    /** Waits after the 1st, 2nd, … failed attempt; when exhausted the delivery fails (about 4.5 days). */
    retrySchedule: z
      .array(duration)
      .min(1)
      .default([300_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 43_200_000, 86_400_000, 86_400_000, 86_400_000]),
  })
  .strict();

export type QueueConfig = z.infer<typeof queueConfigSchema>;
