/**
 * BK-13: use the municipality's common signature, with nothing added. The signature block is
 * lined up with the configured template, line by line and in order: a line the template does
 * not have is "added" (a quote, a banner, "Sent from my phone"), a template line the signature
 * lacks is "missing". Placeholders such as {name} or {phone} match any text on their line;
 * {municipality} stands for the configured name.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
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
        extraLine: 'The signature has a line the common signature does not have: "{line}".',
        missingLine: 'The signature lacks a line of the common signature: "{line}".',
        useTemplate: 'Use the municipality’s common signature as it is.',
        removeExtra: 'Remove the line; the common signature has nothing added.',
      },
      da: {
        missing: 'Mailen har ingen signatur.',
        extraLine: 'Signaturen har en linje, som den fælles signatur ikke har: "{line}".',
        missingLine: 'Signaturen mangler en linje fra den fælles signatur: "{line}".',
        useTemplate: 'Brug kommunens fælles signatur, som den er.',
        removeExtra: 'Fjern linjen; den fælles signatur har ingen tilføjelser.',
      },
      sv: {
        missing: 'Mejlet saknar signatur.',
        extraLine: 'Signaturen har en rad som den gemensamma signaturen inte har: "{line}".',
        missingLine: 'Signaturen saknar en rad från den gemensamma signaturen: "{line}".',
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
    const missing = (upTo: number) => {
      for (; next < upTo; next++) {
        context.report({
          messageId: 'missingLine',
          params: { line: template[next]!.text },
          location: context.bodyLocation(signature.start, signature.start),
          suggestionId: 'useTemplate',
        });
      }
    };
    for (const line of lines) {
      if (next < template.length && template[next]!.pattern.test(line.text)) {
        next++;
        continue;
      }
      // Skipped template lines are only found again by a literal line, never by a placeholder.
      const later = template.findIndex((t, i) => i > next && t.literal && t.pattern.test(line.text));
      if (later > 0) {
        missing(later);
        next = later + 1;
        continue;
      }
      context.report({
        messageId: 'extraLine',
        params: { line: line.text },
        location: context.bodyLocation(line.start, line.end),
        suggestionId: 'removeExtra',
      });
    }
    missing(template.length);
  },
});
