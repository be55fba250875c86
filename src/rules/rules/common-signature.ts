/**
 * BK-13: use the municipality's common signature, with nothing added. The signature block is
 * lined up with the configured template, line by line and in order: a line the template does
 * not have is "added" (a quote, a banner, "Sent from my phone"), a template line the signature
 * lacks is "missing". Placeholders such as {name} or {phone} match any text on their line;
 * {municipality} stands for the configured name. A signature that differs is one finding that
 * lists the lines, with placeholders named in words ("[dit navn]"), not as template syntax.
 */
import { z } from 'zod';
import { defineCatalog, translate, type Lang } from '../../i18n/catalog.ts';
import { defineRule } from '../types.ts';
import { newTextRanges, rememberLast } from '../support.ts';

interface TemplateLine {
  text: string;
  pattern: RegExp;
  literal: boolean;
}

function normalise(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

const templateLines = rememberLast((template: string, municipalityName: string): TemplateLine[] =>
  template
    .split('\n')
    .map(normalise)
    .filter((l) => l && l !== '--')
    .map((text) => {
      const escaped = text
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{municipality\}/g, municipalityName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      const literal = !/\{\w+\}/.test(escaped);
      return { text, literal, pattern: new RegExp(`^${escaped.replace(/\{\w+\}/g, '.+')}$`, 'iu') };
    }),
);

/** Placeholders as a reader names them; an unknown one is shown as "…". */
const placeholders = defineCatalog({
  en: { name: 'your name', title: 'your title', phone: 'phone number', email: 'e-mail address', department: 'department' },
  da: { name: 'dit navn', title: 'din titel', phone: 'telefonnummer', email: 'mailadresse', department: 'afdeling' },
  sv: { name: 'ditt namn', title: 'din titel', phone: 'telefonnummer', email: 'e-postadress', department: 'avdelning' },
});

function describeLine(line: string, lang: Lang, municipalityName: string): string {
  return line.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (key === 'municipality') return municipalityName;
    return key in placeholders.en ? `[${translate(placeholders, lang, key as keyof typeof placeholders.en)}]` : '…';
  });
}

const quoted = (lines: string[]) => lines.map((l) => `"${l}"`).join(', ');

interface Line {
  text: string;
  start: number;
  end: number;
}

function linesOf(text: string, from: number, to: number): Line[] {
  const out: Line[] = [];
  let start = from;
  while (start < to) {
    let end = text.indexOf('\n', start);
    if (end < 0 || end > to) end = to;
    const raw = text.slice(start, end).replace(/\r$/, '');
    const lead = raw.length - raw.trimStart().length;
    const line = normalise(raw);
    if (line && line !== '--') out.push({ text: line, start: start + lead, end: start + lead + raw.trim().length });
    start = end + 1;
  }
  return out;
}

/** The last non-empty line before `to`, read backwards: the body above may be long. */
function lastLineBefore(text: string, to: number): Line | undefined {
  for (let end = to; end > 0; ) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = linesOf(text, start, end)[0];
    if (line) return line;
    end = start - 1;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'common-signature',
    clause: 'BK-13',
    docs: {
      description: {
        en: 'The mail ends with the municipality’s common signature, with nothing added.',
        da: 'Mailen slutter med kommunens fælles signatur, uden tilføjelser.',
        sv: 'Mejlet avslutas med kommunens gemensamma signatur, utan tillägg.',
      },
      rationale: {
        en: 'One signature makes every mail recognisable as the municipality’s and gives the same contact details each time. Quotes, banners and extra lines distract and can be read as the municipality’s view.',
        da: 'Én signatur gør hver mail genkendelig som kommunens og giver de samme kontaktoplysninger hver gang. Citater, bannere og ekstra linjer forstyrrer og kan læses som kommunens holdning.',
        sv: 'En signatur gör varje mejl igenkännbart som kommunens och ger samma kontaktuppgifter varje gång. Citat, banderoller och extra rader stör och kan läsas som kommunens åsikt.',
      },
    },
    defaultLevel: 'suggestion',
    channels: ['email'],
    options: z.object({}).strict(),
    messages: defineCatalog({
      en: {
        missing: 'The mail has no signature.',
        extraLines: 'Beyond the common signature, the signature has {extra}.',
        missingLines: 'Of the common signature, the signature lacks {missing}.',
        differs: 'The signature is not the common signature. It lacks {missing}, and has {extra} in addition.',
        useTemplate: 'Use the municipality’s common signature as it is.',
        removeExtra: 'Remove the line; the common signature has nothing added.',
      },
      da: {
        missing: 'Mailen har ingen signatur.',
        extraLines: 'Ud over den fælles signatur har signaturen {extra}.',
        missingLines: 'Af den fælles signatur mangler signaturen {missing}.',
        differs: 'Signaturen er ikke den fælles signatur. Den mangler {missing} og har {extra} i tilgift.',
        useTemplate: 'Brug kommunens fælles signatur, som den er.',
        removeExtra: 'Fjern linjen; den fælles signatur har ingen tilføjelser.',
      },
      sv: {
        missing: 'Mejlet saknar signatur.',
        extraLines: 'Utöver den gemensamma signaturen har signaturen {extra}.',
        missingLines: 'Av den gemensamma signaturen saknar signaturen {missing}.',
        differs: 'Signaturen är inte den gemensamma signaturen. Den saknar {missing} och har {extra} därutöver.',
        useTemplate: 'Använd kommunens gemensamma signatur som den är.',
        removeExtra: 'Ta bort raden; den gemensamma signaturen har inga tillägg.',
      },
    }),
  },
  check(context) {
    const { message, settings } = context;
    if (!settings.signatureTemplate) return;
    const template = templateLines(settings.signatureTemplate, settings.municipalityName);
    const body = message.body.text;
    const signature = message.body.segments.find((s) => s.kind === 'signature');
    if (!signature) {
      const end = newTextRanges(message).at(-1)?.end ?? 0;
      context.report({ messageId: 'missing', location: context.bodyLocation(end, end), suggestionId: 'useTemplate' });
      return;
    }
    const lines = linesOf(body, signature.start, signature.end);
    let next = 0;
    // The closing ("Med venlig hilsen") may stand just above the block the parser called the signature.
    const before = lastLineBefore(body, signature.start);
    if (template[0] && before && !template[0].pattern.test(lines[0]?.text ?? '') && template[0].pattern.test(before.text)) next = 1;
    const missing: string[] = [];
    const extra: Line[] = [];
    const skipTo = (upTo: number) => {
      for (; next < upTo; next++) missing.push(describeLine(template[next]!.text, context.lang, settings.municipalityName));
    };
    for (const line of lines) {
      if (next < template.length && template[next]!.pattern.test(line.text)) {
        next++;
        continue;
      }
      // Skipped template lines are only found again by a literal line, never by a placeholder.
      const later = template.findIndex((t, i) => i > next && t.literal && t.pattern.test(line.text));
      if (later > 0) {
        skipTo(later);
        next = later + 1;
        continue;
      }
      extra.push(line);
    }
    skipTo(template.length);
    if (missing.length === 0 && extra.length === 0) return;
    // One finding for the whole signature: where it starts, or at the one line that is too many.
    const at = missing.length === 0 && extra.length === 1 ? extra[0]! : { start: signature.start, end: signature.start };
    const extraText = quoted(extra.map((l) => l.text));
    context.report({
      messageId: missing.length === 0 ? 'extraLines' : extra.length === 0 ? 'missingLines' : 'differs',
      params: { missing: quoted(missing), extra: extraText },
      location: context.bodyLocation(at.start, at.end),
      suggestionId: missing.length === 0 ? 'removeExtra' : 'useTemplate',
    });
  },
});
