/**
 * BK-11: do not ask for read receipts. Any of the headers that request one is reported; the
 * gateway may strip them.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { defineRule } from '../types.ts';
import headerData from '../data/headers.json' with { type: 'json' };

export default defineRule({
  meta: {
    id: 'no-read-receipt',
    clause: 'BK-11',
    docs: {
      description: {
        en: 'The message must not request a read receipt.',
        da: 'Mailen må ikke bede om kvittering for læsning.',
        sv: 'Mejlet får inte begära läskvitto.',
      },
      rationale: {
        en: 'A read receipt puts pressure on the recipient to read and answer at once, and that causes stress.',
        da: 'En læsekvittering presser modtageren til at læse og svare med det samme, og det skaber stress.',
        sv: 'Ett läskvitto sätter press på mottagaren att läsa och svara direkt, och det skapar stress.',
      },
    },
    defaultLevel: 'warning',
    channels: ['email'],
    options: z.object({ headers: z.array(z.string().min(1)).default(headerData.readReceipt) }).strict(),
    messages: defineCatalog({
      en: {
        requested: 'The message requests a read receipt ({header}).',
        remove: 'Turn off read receipts in your mail program. If you need an answer, write the date you need it by.',
      },
      da: {
        requested: 'Mailen beder om læsekvittering ({header}).',
        remove: 'Slå læsekvittering fra i dit mailprogram. Har du brug for et svar, så skriv, hvilken dato du skal have det senest.',
      },
      sv: {
        requested: 'Mejlet begär läskvitto ({header}).',
        remove: 'Stäng av läskvitton i ditt e-postprogram. Behöver du ett svar, skriv vilket datum du behöver det senast.',
      },
    }),
  },
  check(context) {
    const wanted = new Set(context.options.headers.map((h) => h.toLowerCase()));
    const seen = new Set<string>();
    for (const h of context.message.headers) {
      const lower = h.name.toLowerCase();
      if (!wanted.has(lower) || seen.has(lower)) continue;
      seen.add(lower);
      context.report({
        messageId: 'requested',
        params: { header: h.name },
        location: { kind: 'header', header: h.name },
        suggestionId: 'remove',
      });
    }
  },
});
