/**
 * The `digitalPost` section: the MeMo intake that case systems post to instead of Digital Post,
 * who may post there, and the upstream Digital Post that letters are forwarded to.
 */
import { z } from 'zod';
import { httpLimitsSchema } from '../serve/http-limits.ts';

/** A SHA-256 hex digest, as printed by `postvakt digitalpost token`. */
const sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'expected the SHA-256 hex digest of the token (postvakt digitalpost token prints it)');

export const digitalPostClientSchema = z
  .object({
    /** Who the client is, for the mail log and the receipts (e.g. the case system's name). */
    name: z.string().min(1),
    /** Bearer token, stored only as its SHA-256 digest. */
    tokenSha256: sha256Hex.optional(),
    /** Client certificate subject CN that identifies this client (mTLS; needs `tls.clientCa`). */
    certificateCn: z.string().min(1).optional(),
  })
  .strict()
  .refine((c) => c.tokenSha256 !== undefined || c.certificateCn !== undefined, {
    message: 'expected tokenSha256 or certificateCn: a client needs a way to authenticate',
  });

export const digitalPostTlsSchema = z
  .object({
    cert: z.string().min(1),
    key: z.string().min(1),
    /** CA bundle for client certificates; when set, clients may authenticate by certificate. */
    clientCa: z.string().min(1).optional(),
  })
  .strict();

export const upstreamSchema = z
  .object({
    /** Digital Post's base URL; letters go to `<baseUrl>/apis/v1/memos/?memo-message-uuid=…`. */
    baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://digitalpost.example.dk' }),
    /** Postvakt's client certificate and key towards Digital Post (PEM files). */
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    /** CA bundle to trust for the upstream server (PEM); default: the system's CAs. */
    ca: z.string().min(1).optional(),
    /** Name of the environment variable holding a bearer token for the upstream, never the token itself. */
    tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name').optional(),
    /** A request that takes longer is abandoned and retried. */
    timeoutMs: z.number().int().min(100).default(30_000),
  })
  .strict();

export const digitalPostConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    host: z.string().min(1).default('0.0.0.0'),
    port: z.number().int().min(0).max(65_535).default(8026),
    /** Largest request body; more gets HTTP 413. MeMo letters carry base64 PDFs, so allow some. */
    maxBodyBytes: z.number().int().min(1024).default(20 * 1024 * 1024),
    tls: digitalPostTlsSchema.optional(),
    clients: z.array(digitalPostClientSchema).default([]),
    upstream: upstreamSchema.optional(),
    /**
     * `queue`: hold the letter in Postvakt's durable queue and forward it at the release time.
     * `doNotDeliverUntilDate`: forward at once with MeMo's `doNotDeliverUntilDate` set to the
     * release date. That field has no time of day, so Digital Post releases it at midnight.
     */
    holdMode: z.enum(['queue', 'doNotDeliverUntilDate']).default('queue'),
    /** Rule ids whose error-level findings refuse the letter (HTTP 422), as the gateway's 550. */
    blockingRules: z.array(z.string()).default(['no-identity-number-in-subject', 'no-sensitive-subject']),
    limits: httpLimitsSchema,
  })
  .strict()
  .refine((c) => !c.enabled || c.upstream !== undefined, {
    path: ['upstream'],
    message: 'missing; an enabled intake needs the upstream Digital Post to forward letters to',
  });

export type DigitalPostConfig = z.infer<typeof digitalPostConfigSchema>;
export type DigitalPostClient = z.infer<typeof digitalPostClientSchema>;
export type UpstreamConfig = z.infer<typeof upstreamSchema>;
