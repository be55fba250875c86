/**
 * The `gateway` section: the SMTP relay's listener, TLS, who may relay, limits, what to do with
 * messages (actions and blocking findings) and the smart host that delivers upstream.
 * The defaults make `postvakt serve` start on a fresh machine: port 2525, a self-signed
 * certificate, relaying only from the local host, delivery to a smart host on localhost:25.
 */
import { z } from 'zod';
import { duration } from '../queue/config.ts';

export const gatewayUserSchema = z
  .object({
    name: z.string().min(1),
    /** `scrypt$<salt>$<hash>` from `postvakt serve --hash-password`; never the password itself. */
    passwordHash: z.string().regex(/^scrypt\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'expected a hash from postvakt serve --hash-password'),
  })
  .strict();

const cidr = z
  .string()
  .regex(/^[0-9a-fA-F.:]+\/\d{1,3}$/, 'expected a network such as 10.0.0.0/8 or ::1/128');

export const smarthostSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(1).max(65535).default(25),
    /** Implicit TLS (port 465); otherwise STARTTLS is used when offered. */
    secure: z.boolean().default(false),
    /** Refuse to deliver unless STARTTLS succeeds. */
    requireTls: z.boolean().default(false),
    /** Check the smart host's certificate (turn off only for a host with a private certificate). */
    verifyCertificate: z.boolean().default(true),
    user: z.string().optional(),
    /** Name of the environment variable that holds the smart host password (never in the file). */
    passwordEnv: z.string().optional(),
    maxConnections: z.number().int().min(1).max(100).default(5),
    /** Give up on one attempt after this long without an answer (the attempt is retried). */
    timeout: duration.default(60_000),
  })
  .strict();

export const gatewayConfigSchema = z
  .object({
    host: z.string().default('0.0.0.0'),
    port: z.number().int().min(0).max(65535).default(2525),
    /** The name in the greeting, Received headers and DSNs. */
    hostname: z.string().min(1).default('postvakt.localhost'),
    tls: z
      .object({
        cert: z.string().optional(),
        key: z.string().optional(),
        /** Where a generated self-signed certificate is kept when no cert/key is configured. */
        selfSignedDir: z.string().default('./data/tls'),
        /** CA certificates (PEM file) that may issue relayCertificates; default: Node's public roots. */
        clientCa: z.string().optional(),
      })
      .strict()
      .prefault({}),
    /** AUTH PLAIN/LOGIN users (only offered after STARTTLS). */
    users: z.array(gatewayUserSchema).default([]),
    /** Client networks allowed to relay without AUTH. */
    relayNetworks: z.array(cidr).default(['127.0.0.0/8', '::1/128']),
    /**
     * Clients allowed to relay by the TLS client certificate they present after STARTTLS (an
     * Exchange Online connector cannot use AUTH, and Microsoft's address ranges change): the
     * certificate must verify against `tls.clientCa` (or the public roots) and name `subject` as
     * its CN or a DNS subjectAltName. `senderDomains` limits such a client to these MAIL FROM
     * domains: every tenant of a shared service presents the same certificate.
     */
    relayCertificates: z
      .array(z.object({ subject: z.string().min(1), senderDomains: z.array(z.string().min(1)).min(1).optional() }).strict())
      .default([]),
    maxMessageSize: z.number().int().min(1024).default(25 * 1024 * 1024),
    maxClients: z.number().int().min(1).default(200),
    maxRecipients: z.number().int().min(1).default(1000),
    /** Worker threads that parse and check messages; 0 checks on the main thread. Default: one per CPU. */
    checkWorkers: z.number().int().min(0).max(64).optional(),
    /** Longest a message may take to read and check; past it the worker is replaced and the client told to retry. */
    checkTimeout: duration.default(20_000),
    /** Idle time before a silent client is disconnected. */
    socketTimeout: duration.default(60_000),
    /** Limits for clients outside relayNetworks (see gateway/guard.ts). */
    clientLimits: z
      .object({
        maxConnectionsPerAddress: z.number().int().min(1).default(10),
        /** Until the client has authenticated. */
        unauthenticatedSessionTime: duration.default(120_000),
        maxUnauthenticatedCommands: z.number().int().min(3).default(20),
        /** Failed AUTH attempts per address and per username within the window; then 421 and refused until it passes. */
        maxAuthFailures: z.number().int().min(1).default(5),
        authFailureWindow: duration.default(15 * 60_000),
      })
      .strict()
      .prefault({}),
    /** Rule ids whose error-level findings refuse the message at end of DATA (550 5.7.x). */
    blockingRules: z.array(z.string()).default(['no-identity-number-in-subject', 'no-sensitive-subject']),
    actions: z
      .object({
        /** Remove Disposition-Notification-To and similar read-receipt requests. */
        stripReadReceipts: z.boolean().default(true),
        /**
         * Add X-Postvakt-Verdict and X-Postvakt-Findings headers, for recipients in
         * `municipality.domains` only: mail that leaves the organisation never carries them (FX-4).
         */
        verdictHeaders: z.boolean().default(true),
        /** Hold a message whose tone reads as angry until the next morning (FX-5), unless FX-3 refuses the hold (the decision). */
        holdAngry: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** Send the sender a notice when a message is held. */
    notifySender: z.boolean().default(true),
    smarthost: smarthostSchema.prefault({}),
  })
  .strict();

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type SmarthostConfig = z.infer<typeof smarthostSchema>;
