/**
 * The web app's section of `postvakt.yaml`. Local accounts work with no settings at all; OIDC is
 * switched on by giving an issuer. Secrets (OIDC client secret, cookie key) may come from the
 * environment so they need not sit in the file.
 */
import { isIP } from 'node:net';
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

/** An IP address or a CIDR range (10.1.0.0/16, fd00::/8). */
function isAddressOrRange(text: string): boolean {
  const [address = '', prefix, extra] = text.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Whose X-Forwarded-* to believe: no one (false), or only requests that come from these proxy
 * addresses. `true` would believe any client, which lets one client claim a new address per
 * request and slip past the sign-in limits. A hop count is not offered: Fastify 5 cannot check
 * the nearest peer against it and so ignores the headers altogether (fails closed).
 */
export const trustProxySchema = z.union([z.literal(false), z.array(z.string().refine(isAddressOrRange)).min(1)], {
  error: 'false, or a list of the proxy’s addresses or CIDR ranges (e.g. [10.0.0.5]); true would trust every client',
});

export const webConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8025),
    /** The address users reach the app at (behind a TLS proxy), used in links in sender notices. */
    publicUrl: z.string().url().optional(),
    /** The reverse proxy that terminates TLS, whose X-Forwarded-* are believed (cookies then become Secure). */
    trustProxy: trustProxySchema.default(false),
    /** How long a sign-in lasts. */
    sessionHours: z.number().positive().max(24).default(8),
    /** How long a link in a sender notice stays valid. */
    linkHours: z.number().positive().max(24 * 14).default(72),
    /** Sign-in attempts per minute per client address and user name (guessing one password). */
    loginAttemptsPerMinute: z.number().int().positive().default(5),
    /** Failed sign-ins per client address in 15 minutes, whatever the user names (password spraying). */
    loginFailuresPerAddress: z.number().int().positive().default(20),
    oidc: oidcConfigSchema.optional(),
    limits: httpLimitsSchema,
  })
  .strict();

export type WebConfig = z.infer<typeof webConfigSchema>;
export type OidcConfig = z.infer<typeof oidcConfigSchema>;
