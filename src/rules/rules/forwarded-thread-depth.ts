/**
 * BK-8: avoid forwarding long conversations. A forward whose history nests deeper than the
 * limit is reported at the start of the deepest part.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { defineRule } from '../types.ts';
import thresholds from '../data/thresholds.json' with { type: 'json' };

export default defineRule({
  meta: {
    id: 'forwarded-thread-depth',
    clause: 'BK-8',
    docs: {
      description: {
        en: 'A forwarded mail does not carry a long conversation along.',
        da: 'En videresendt mail slæber ikke en lang korrespondance med sig.',
        sv: 'Ett vidarebefordrat mejl drar inte med sig en lång konversation.',
      },
      rationale: {
        en: 'The recipient of a long forwarded thread has to dig through it to find what matters, and may read things not meant for them.',
        da: 'Modtageren af en lang videresendt tråd skal grave sig igennem den for at finde det vigtige og kan komme til at læse ting, der ikke var til dem.',
        sv: 'Mottagaren av en lång vidarebefordrad tråd måste gräva igenom den för att hitta det viktiga och kan läsa sådant som inte var avsett för dem.',
      },
    },
    defaultLevel: 'warning',
    channels: ['email'],
    options: z.object({ maxDepth: z.number().int().min(1).default(thresholds['forwarded-thread-depth'].maxDepth) }).strict(),
    messages: defineCatalog({
      en: {
        deepThread: 'The forwarded conversation is {depth} levels deep; the limit is {max}.',
        summarise: 'Write a short summary of what the recipient needs to know, and forward only the last message if any.',
      },
      da: {
        deepThread: 'Den videresendte korrespondance er {depth} niveauer dyb; grænsen er {max}.',
        summarise: 'Skriv et kort resumé af det, modtageren skal vide, og send højst den seneste besked med.',
      },
      sv: {
        deepThread: 'Den vidarebefordrade konversationen är {depth} nivåer djup; gränsen är {max}.',
        summarise: 'Skriv en kort sammanfattning av det mottagaren behöver veta, och skicka högst med det senaste meddelandet.',
      },
    }),
  },
  check(context) {
    const { message, options } = context;
    const history = message.body.segments.filter((s) => s.kind === 'forwarded' || s.kind === 'quoted');
    const forwarded = history.filter((s) => s.kind === 'forwarded');
    if (forwarded.length === 0) return;
    // Depth is the parser's nesting level; forwards laid one after another count as levels too.
    const deepest = history.reduce((a, b) => ((b.depth ?? 1) > (a.depth ?? 1) ? b : a));
    const depth = Math.max(deepest.depth ?? 1, forwarded.length);
    if (depth <= options.maxDepth) return;
    const at = (deepest.depth ?? 1) >= forwarded.length ? deepest : forwarded[options.maxDepth]!;
    context.report({
      messageId: 'deepThread',
      params: { depth, max: options.maxDepth },
      location: context.bodyLocation(at.start, at.end),
      suggestionId: 'summarise',
    });
  },
});
