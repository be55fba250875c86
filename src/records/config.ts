/**
 * The `records` section (issue 18, BK-18…BK-20): how the municipality writes case numbers, which
 * classification scheme registrations use, its own grounds beside the sample catalogue, when the
 * worklist's owners are reminded, and which case systems may use the records API.
 */
import { z } from 'zod';

const sha256Hex = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'expected the SHA-256 hex digest of the token (postvakt records token prints it)');

const pattern = z.string().refine((p) => {
  try {
    new RegExp(p, 'u');
    return true;
  } catch {
    return false;
  }
}, 'expected a regular expression (JavaScript syntax)');

export const caseNumberSchema = z
  .object({
    /** Matched against the whole case number (anchored by Postvakt). */
    pattern,
    /** Shown to the registrar when a number does not match. */
    example: z.string().min(1),
  })
  .strict();

export const classificationCodeSchema = z.object({ code: z.string().min(1), title: z.string().min(1) }).strict();

export const groundEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id such as own-osl-26-1'),
    kind: z.enum(['not-public', 'secret']),
    /** The provision, e.g. "OSL 26 kap. 1 §" or "Forvaltningsloven § 27, stk. 1, nr. 6". */
    provision: z.string().min(1),
    title: z.object({ da: z.string().min(1), sv: z.string().min(1), en: z.string().min(1) }).strict(),
    /** Still to be checked by the municipal lawyer. */
    review: z.boolean().default(false),
  })
  .strict();

export const recordsApiClientSchema = z
  .object({
    /** The case system's name, kept with each registration it reports (`api:<name>`). */
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'expected a short name such as sbsys or w3d3'),
    tokenSha256: sha256Hex,
  })
  .strict();

export const recordsConfigSchema = z
  .object({
    /** Case numbers (BK-20); absent: the country's usual shape (DK KLE journal number, SE diarienummer). */
    caseNumber: caseNumberSchema.optional(),
    /** A scheme in records/data/classification.json, or the codes themselves; absent: the country's sample. */
    classification: z.union([z.enum(['kle-sample', 'se-sample']), z.array(classificationCodeSchema).min(1)]).optional(),
    /** The municipality's own grounds, added to the sample catalogue (same id: replaces it). */
    grounds: z.array(groundEntrySchema).default([]),
    /** Remind the mailbox owner and the unit's registrars of a document unregistered this many working days (0: never). */
    remindAfterDays: z.number().int().min(0).max(60).default(5),
    /** Case systems that may use the records API (web app port, `/api/records/…`), by bearer token. */
    apiClients: z.array(recordsApiClientSchema).default([]),
  })
  .strict();

export type RecordsConfig = z.infer<typeof recordsConfigSchema>;
export type GroundEntry = z.infer<typeof groundEntrySchema>;
