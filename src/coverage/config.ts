/** The `coverage` section (BK-16): when the unit's managers hear of gaps in the next working day's duty roster. */
import { z } from 'zod';
import { hhmm } from '../calendar/config.ts';

export const coverageConfigSchema = z
  .object({
    /** From this local time on the day before, gaps of the next working day are alerted (once per mailbox and day). */
    alertAt: hhmm.default('12:00'),
  })
  .strict();
