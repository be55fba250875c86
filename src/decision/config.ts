/**
 * The `decision` section: how long after the next opening a held letter is released, how many
 * working days a deadline must leave the citizen after a hold (FX-3), and how late each
 * channel may land after it was sent (FX-2).
 */
import { z } from 'zod';

const minutes = z.number().int().min(0).max(7 * 24 * 60);

export const decisionConfigSchema = z
  .object({
    /** Minutes after the next opening at which a held letter is released. */
    holdOffsetMinutes: minutes.default(60),
    /** A hold is not made if the citizen would have fewer working days than this before a deadline. */
    minWorkingDaysBeforeDeadline: z.number().int().min(0).max(60).default(5),
    /** Worst-case minutes between sending and the letter reaching the citizen, per channel (FX-2). */
    channelDelayMinutes: z
      .object({
        email: minutes.default(0),
        // Digital Post may show a letter many hours after it was sent: Thursday night lands Friday.
        digitalpost: minutes.default(18 * 60),
        // SF1601 KombiPostAfsend routes (issue 24). NemSMS reaches the phone at once (FX-1).
        nemsms: minutes.default(0),
        // A printed letter (Fysisk Post) is in the post for days: Wednesday's letter may land on Saturday.
        physicalpost: minutes.default(3 * 24 * 60),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type DecisionConfig = z.infer<typeof decisionConfigSchema>;
/** The ways a message reaches the citizen, each with its own worst-case delay (FX-2). */
export type DeliveryRoute = keyof DecisionConfig['channelDelayMinutes'];
