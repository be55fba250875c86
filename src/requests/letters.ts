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
    /** DK (offentlighedsloven § 36): the reasoned notice that the decision takes longer. */
    delaySubject: z.string(),
    delay: z.string(),
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

/** Template texts have their own line breaks: every one becomes CRLF. */
function crlf(lines: string[]): string {
  return lines.join('\n').replace(/\r?\n/g, '\r\n') + '\r\n';
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
  return { subject: fill(t.subject, values), text: crlf(lines) };
}

export interface DelayNoticeInput {
  templates: LetterTemplates;
  lang: Lang;
  id: string;
  received: string;
  description: string;
  municipality: string;
  reason: string;
  expected: string;
}

/** The reasoned delay notice with the expected date (offentlighedsloven § 36, stk. 2). */
export function delayNoticeText(input: DelayNoticeInput): { subject: string; text: string } {
  const t = input.templates[input.lang];
  const values = { id: input.id, received: input.received, description: input.description, municipality: input.municipality, reason: input.reason, expected: input.expected };
  const lines = [fill(t.delay, values), '', fill(t.closing, values)];
  return { subject: fill(t.delaySubject, values), text: crlf(lines) };
}

/** A plain-text letter, or one with the released PDF attached. */
export async function buildLetter(
  letter: { subject: string; text: string },
  mail: { from: string; to: string; hostname: string; date: Date },
  pdf?: { filename: string; content: Buffer },
): Promise<BuiltLetter> {
  const head = { ...mail, subject: letter.subject };
  if (!pdf) {
    const root = generatedRoot('text/plain; charset=utf-8', head);
    root.setContent(letter.text);
    return { subject: letter.subject, raw: await root.build() };
  }
  const root = generatedRoot('multipart/mixed', head);
  root.createChild('text/plain; charset=utf-8').setContent(letter.text);
  root.createChild('application/pdf', { filename: pdf.filename }).setContent(pdf.content);
  return { subject: letter.subject, raw: await root.build() };
}

export interface BuiltLetter {
  subject: string;
  raw: Buffer;
}

export async function buildDecisionLetter(
  input: DecisionLetterInput & { from: string; to: string; hostname: string; date: Date; pdf?: { filename: string; content: Buffer } },
): Promise<BuiltLetter> {
  return buildLetter(decisionLetterText(input), input, input.pdf);
}
