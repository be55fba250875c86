/** The shapes of mail domains and addresses in the configuration, shared by every section. */
import { z } from 'zod';

export const mailDomain = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i, 'expected a domain such as eksempel-kommune.dk')
  .transform((d) => d.toLowerCase());

export const mailAddress = z
  .string()
  .regex(/^[^\s@]+@([a-z0-9-]+\.)+[a-z]{2,}$/i, 'expected an e-mail address such as borgerservice@eksempel-kommune.dk')
  .transform((a) => a.toLowerCase());
