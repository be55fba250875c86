/**
 * The web app's section of `postvakt.yaml`. Local accounts work with no settings at all; OIDC is
 * switched on by giving an issuer. Secrets (OIDC client secret, cookie key) may come from the
 * environment so they need not sit in the file.
 */
import { z } from 'zod';
import { httpLimitsSchema } from '../serve/http-limits.ts';

export const WEB_ROLES = ['caseworker', 'registrar', 'manager', 'admin'] as const;
export type WebRole = (typeof WEB_ROLES)[number];

export const oidcConfigSchema = z
  .object({
    issuer: z.string().url(),
    clientId: z.string().min(1),
    /** Or `POSTVAKT_OIDC_CLIENT_SECRET`. */
    clientSecret: z.string().min(1).optional(),
    /** Where the IdP sends the user back; default `<publicUrl>/auth/oidc/callback`. */
    redirectUri: z.string().url().optional(),
    scope: z.string().default('openid profile email'),
    /** The ID-token claim that carries the role(s), e.g. Entra ID app roles in `roles`. */
    roleClaim: z.string().default('roles'),
    /** IdP role values → Postvakt roles; a value that is a Postvakt role maps to itself. */
    roleMap: z.record(z.string(), z.enum(WEB_ROLES)).default({}),
    /** The claim that names the user's unit (department). */
    unitClaim: z.string().default('department'),
    /** The claim used as the user name. */
    usernameClaim: z.string().default('preferred_username'),
  })
  .strict();

export const webConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8025),
    /** The address users reach the app at (behind a TLS proxy), used in links in sender notices. */
    publicUrl: z.string().url().optional(),
    /** Trust X-Forwarded-* from a reverse proxy that terminates TLS (cookies then become Secure). */
    trustProxy: z.boolean().default(false),
    /** How long a sign-in lasts. */
    sessionHours: z.number().positive().max(24).default(8),
    /** How long a link in a sender notice stays valid. */
    linkHours: z.number().positive().max(24 * 14).default(72),
    /** Sign-in attempts per minute per client address. */
    loginAttemptsPerMinute: z.number().int().positive().default(5),
    oidc: oidcConfigSchema.optional(),
    limits: httpLimitsSchema,
  })
  .strict();

export type WebConfig = z.infer<typeof webConfigSchema>;
export type OidcConfig = z.infer<typeof oidcConfigSchema>;
