/**
 * The `units` section: the municipality's organisational units, who leads each, and who keeps
 * its records. Several workflows need "the unit's manager" or "the registrar" (overdue answers
 * BK-14, uncovered function mailboxes BK-16, absences without a substitute BK-21, registration
 * reminders BK-20, requests for documents BK-23); they all read it from here, so there is one
 * place to say who that is.
 */
import { z } from 'zod';
import { isLang } from '../i18n/catalog.ts';
import { mailAddress } from '../config/addresses.ts';


export const unitSchema = z
  .object({
    /** The unit's id: the same string as `mailboxes[].unit` and the web users' unit. */
    id: z.string().min(1),
    /** A readable name for pages and notices; the id when absent. */
    name: z.string().min(1).optional(),
    /** Who is told when the unit's work is at risk (overdue answers, uncovered mailboxes, absences). */
    managers: z.array(mailAddress).default([]),
    /** Who registers the unit's public documents and judges requests for them in doubt (BK-20, BK-23). */
    registrars: z.array(mailAddress).default([]),
    /** The language of notices to the unit's people; `municipality.language` when absent. */
    language: z.string().refine(isLang, 'expected da, sv or en').optional(),
  })
  .strict();

export const unitsConfigSchema = z.array(unitSchema).superRefine((units, ctx) => {
  const seen = new Set<string>();
  units.forEach((unit, i) => {
    if (seen.has(unit.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], input: unit.id, message: `unit ${unit.id} is listed twice` });
    seen.add(unit.id);
  });
});

export type UnitConfig = z.infer<typeof unitSchema>;
