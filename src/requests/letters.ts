/**
 * Decision letters (BK-23, BK-24): release, partial release or refusal, from templates the
 * municipality's lawyer reviews (`data/letters.json` ships as a marked sample; `requests.letters`
 * replaces it), naming the provisions applied and the appeal information. In Sweden a requester
 * refused in part or whole is told they may ask for the authority's written, appealable decision.
 * The letter is an ordinary e-mail with the released PDF attached, sent through the gateway
 * like any other mail (`submit.ts`), so rules, register and mail log apply to it too.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Lang } from '../i18n/catalog.ts';
import { generatedRoot } from '../notices/mime.ts';
import shipped from './data/letters.json' with { type: 'json' };
import type { RequestOutcome } from './tables.ts';

const template = z
  .object({
    subject: z.string(),
    greeting: z.string(),
    release: z.string(),
    partial: z.string(),
    refusal: z.string(),
    appeal: z.string(),
    writtenDecision: z.string(),
    closing: z.string(),
  })
  .strict();

const lettersSchema = z.object({ $comment: z.string().optional(), review: z.boolean(), da: template, sv: template, en: template }).strict();

export type LetterTemplates = z.infer<typeof lettersSchema>;

/** The configured templates file, else the shipped sample. */
export function loadLetterTemplates(file?: string): LetterTemplates {
  return lettersSchema.parse(file ? JSON.parse(readFileSync(file, 'utf8')) : shipped);
}

export interface DecisionLetterInput {
  templates: LetterTemplates;
  lang: Lang;
  country: 'DK' | 'SE';
  id: string;
  outcome: RequestOutcome;
  received: string;
  description: string;
  municipality: string;
  /** One line per provision applied (from the grounds catalogue). */
  provisions: string[];
  appealUntil: string;
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

export function decisionLetterText(input: DecisionLetterInput): { subject: string; text: string } {
  const t = input.templates[input.lang];
  const values = { id: input.id, received: input.received, description: input.description, municipality: input.municipality, appealUntil: input.appealUntil };
  const lines = [fill(t.greeting, values), '', fill(t[input.outcome], values)];
  if (input.outcome !== 'release') {
    lines.push('', ...input.provisions.map((p) => `  - ${p}`));
    // SE: the right to the authority's own written decision, which is what can be appealed.
    if (input.country === 'SE' && t.writtenDecision) lines.push('', fill(t.writtenDecision, values));
    lines.push('', fill(t.appeal, values));
  }
  lines.push('', fill(t.closing, values));
  return { subject: fill(t.subject, values), text: lines.join('\r\n') + '\r\n' };
}

export interface BuiltLetter {
  subject: string;
  raw: Buffer;
}

export async function buildDecisionLetter(
  input: DecisionLetterInput & { from: string; to: string; hostname: string; date: Date; pdf?: { filename: string; content: Buffer } },
): Promise<BuiltLetter> {
  const { subject, text } = decisionLetterText(input);
  const mail = { from: input.from, to: input.to, subject, hostname: input.hostname, date: input.date };
  if (!input.pdf) {
    const root = generatedRoot('text/plain; charset=utf-8', mail);
    root.setContent(text);
    return { subject, raw: await root.build() };
  }
  const root = generatedRoot('multipart/mixed', mail);
  root.createChild('text/plain; charset=utf-8').setContent(text);
  root.createChild('application/pdf', { filename: input.pdf.filename }).setContent(input.pdf.content);
  return { subject, raw: await root.build() };
}
