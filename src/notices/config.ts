/** The `notices` section (BK-10): how often Postvakt looks for digests and timed alerts that are due. */
import { z } from 'zod';
import { duration } from '../queue/config.ts';

export const noticesConfigSchema = z
  .object({
    /** Digests go out within this much of a person's chosen time. */
    sweepInterval: duration.default(60_000),
  })
  .strict();
