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

const httpsUrl = (example: string) => z.url({ protocol: /^https?$/, error: `expected an http(s) URL such as ${example}` });

/**
 * Serviceplatformen (KOMBIT) for SF1601 KombiPostAfsend (issue 24): where released kombi requests
 * go, and the two-step token exchange in front of it (the support systems' STS issues a SAML
 * token for Postvakt's certificate and the municipality's CVR; AccessTokenService turns it into a
 * Holder-of-key access token).
 */
export const serviceplatformenSchema = z
  .object({
    /** KombiPostAfsend, e.g. https://prod.serviceplatformen.dk/service/KombiPostAfsend_1/kombi */
    kombiUrl: httpsUrl('https://prod.serviceplatformen.dk/service/KombiPostAfsend_1/kombi'),
    /** The STS's REST issue endpoint, e.g. https://adgangsstyring.stoettesystemerne.dk/runtime/api/rest/wstrust/v1/issue */
    stsUrl: httpsUrl('https://adgangsstyring.stoettesystemerne.dk/runtime/api/rest/wstrust/v1/issue'),
    /** AccessTokenService, e.g. https://prod.serviceplatformen.dk/service/AccessTokenService_1/token */
    tokenUrl: httpsUrl('https://prod.serviceplatformen.dk/service/AccessTokenService_1/token'),
    /** The municipality's CVR number: the service agreement's authority (AnvenderKontekst). */
    cvr: z.string().regex(/^\d{8}$/, 'expected the municipality\'s CVR number, 8 digits'),
    /** The service's entity id, which the SAML token is issued for. */
    entityId: z.string().min(1).default('http://entityid.kombit.dk/service/kombipostafsend/1'),
    /** Postvakt's certificate (the one in the service agreement) and key, PEM files; also presented as the STS's UseKey. */
    cert: z.string().min(1),
    key: z.string().min(1),
    /** CA bundle to trust for Serviceplatformen and the STS (PEM); default: the system's CAs. */
    ca: z.string().min(1).optional(),
    /** A token is renewed this many seconds before it expires, so no request carries one that dies on the way. */
    refreshBeforeSeconds: z.number().int().min(0).max(3000).default(300),
    timeoutMs: z.number().int().min(100).default(30_000),
  })
  .strict();

export const sf1601Schema = z
  .object({
    /** Serviceplatformen to forward released kombi requests to. */
    upstream: serviceplatformenSchema,
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
    /** The Digital Post API; without it (only `sf1601`), the MeMo intake's POST is not offered. */
    upstream: upstreamSchema.optional(),
    /** SF1601 KombiPostAfsend on the same port (`POST /service/KombiPostAfsend_1/kombi`); off when absent. */
    sf1601: sf1601Schema.optional(),
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
  .refine((c) => !c.enabled || c.upstream !== undefined || c.sf1601 !== undefined, {
    path: ['upstream'],
    message: 'missing; an enabled intake needs the upstream Digital Post (or sf1601, Serviceplatformen) to forward letters to',
  });

export type DigitalPostConfig = z.infer<typeof digitalPostConfigSchema>;
export type DigitalPostClient = z.infer<typeof digitalPostClientSchema>;
export type UpstreamConfig = z.infer<typeof upstreamSchema>;
export type ServiceplatformenConfig = z.infer<typeof serviceplatformenSchema>;
