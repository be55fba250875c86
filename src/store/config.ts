import { z } from 'zod';

export const storeConfigSchema = z
  .object({
    /** `sqlite:<file>` (default) or `postgres://…[?schema=name]`; `POSTVAKT_DATABASE_URL` overrides. */
    url: z.string().min(1).default('sqlite:./data/postvakt.db'),
  })
  .strict();
