/**
 * The whole `postvakt.yaml`. Each module owns the schema of its own section; this file only
 * joins them, so the configuration reads as the architecture does.
 */
import { z } from 'zod';
import { isLang } from '../i18n/catalog.ts';
import { mailDomain } from './addresses.ts';
import { calendarConfigSchema } from '../calendar/config.ts';
import { storeConfigSchema } from '../store/config.ts';
import { registerConfigSchema } from '../register/config.ts';
import { decisionConfigSchema } from '../decision/config.ts';
import { gatewayConfigSchema } from '../gateway/config.ts';
import { queueConfigSchema } from '../queue/config.ts';
import { digitalPostConfigSchema } from '../digitalpost/config.ts';
import { webConfigSchema } from '../web/config.ts';
import { rulesConfigSchema } from '../rules/config.ts';
import { inboundConfigSchema, mailboxesConfigSchema } from '../inbound/config.ts';
import { adminConfigSchema } from '../admin/config.ts';
import { unitsConfigSchema } from '../units/config.ts';
import { requestsConfigSchema } from '../requests/config.ts';
import { recordsConfigSchema } from '../records/config.ts';

export const municipalitySchema = z
  .object({
    name: z.string().min(1),
    /** Language for users and notices when nothing better is known. */
    language: z.string().refine(isLang, 'expected da, sv or en'),
    phone: z.string().optional(),
    email: z.string().optional(),
    web: z.string().optional(),
    /**
     * The organisation's own mail domains (subdomains included): recipients here are colleagues
     * to the rules (BK-12, FX-8, FX-11), only deliveries to them may carry verdict headers (FX-4),
     * and the inbound door accepts mail for them only (BK-28).
     */
    domains: z.array(mailDomain).default([]),
  })
  .strict();

export const configSchema = z
  .object({
    municipality: municipalitySchema,
    calendar: calendarConfigSchema,
    store: storeConfigSchema.default({ url: 'sqlite:./data/postvakt.db' }),
    register: registerConfigSchema.optional(),
    decision: decisionConfigSchema.prefault({}),
    gateway: gatewayConfigSchema.prefault({}),
    queue: queueConfigSchema.prefault({}),
    digitalPost: digitalPostConfigSchema.optional(),
    /** The web app; absent means `serve` runs without it (the samples switch it on). */
    web: webConfigSchema.optional(),
    rules: rulesConfigSchema,
    /** The inbound front door (mail from outside); absent or `enabled: false` means outgoing only. */
    inbound: inboundConfigSchema.prefault({}),
    /** The municipality's mailboxes: kind, unit, who answers, answer time (BK-14…BK-16). */
    mailboxes: mailboxesConfigSchema.default([]),
    /** The organisational units: managers and registrars (BK-14, BK-16, BK-20, BK-21, BK-23). */
    units: unitsConfigSchema.default([]),
    /** Requests for public documents: deadlines, appeal periods, secrecy-first units (BK-18, BK-23…BK-26). */
    requests: requestsConfigSchema.prefault({}),
    /** Public records: case numbers, classification, own grounds, reminders, case-system API (BK-18…BK-20). */
    records: recordsConfigSchema.prefault({}),
    /** Health, readiness and metrics on their own port; absent means none. */
    admin: adminConfigSchema.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    // Once units are listed, a mailbox of an unlisted unit would leave its overdue answers with nobody.
    if (config.units.length === 0) return;
    const units = new Set(config.units.map((u) => u.id));
    config.mailboxes.forEach((box, i) => {
      if (!units.has(box.unit)) ctx.addIssue({ code: 'custom', path: ['mailboxes', i, 'unit'], input: box.unit, message: `expected a unit listed in units: ${[...units].join(", ")}` });
    });
  });

export type Config = z.infer<typeof configSchema>;
