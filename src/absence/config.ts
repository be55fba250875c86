/**
 * The `absence` section (BK-21, BK-22): who answers mail to an absent person, and what the
 * substitute gets.
 */
import { z } from 'zod';
import { duration } from '../queue/config.ts';

const delivery = z.enum(['copy', 'forward']);

export const absenceConfigSchema = z
  .object({
    /**
     * postvakt: Postvakt sends the out-of-office reply (RFC 3834). mailSystem: the mail system
     * (Exchange, Postfix) sends its own; Postvakt only watches (substitutes, alerts, waiting items).
     */
    autoReply: z.enum(['postvakt', 'mailSystem']).default('postvakt'),
    /** copy: the absent person and the substitute both get the mail; forward: only the substitute. */
    delivery: delivery.default('copy'),
    /** Per unit id, where a unit wants otherwise. */
    units: z.record(z.string(), delivery).default({}),
    /** How long before an absence without a substitute its unit's managers are told (BK-21). */
    alertBefore: duration.default(2 * 86_400_000),
    /** At most one "mail arrived while nobody watches" alert per absence in this time. */
    unwatchedAlertEvery: duration.default(86_400_000),
  })
  .strict();

export type AbsenceConfig = z.infer<typeof absenceConfigSchema>;
