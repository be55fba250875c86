/**
 * FX-5 (and BK-9, "sleep on it"): a calm, polite tone. Reports insults, threats, shouting and
 * harsh words in the writer's new text, and an angry message as a whole; the gateway reads the
 * same verdict (`analyseTone(...).angry`) to hold such a message until the next morning.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { messageText } from '../../text/message.ts';
import { defineRule } from '../types.ts';

export default defineRule({
  meta: {
    id: 'calm-tone',
    clause: 'FX-5',
    docs: {
      description: {
        en: 'A friendly, polite and considerate tone: no insults, threats, shouting or anger (also BK-9).',
        da: 'En venlig, høflig og hensynsfuld tone: ingen skældsord, trusler, råben eller vrede (også BK-9).',
        sv: 'En vänlig, artig och hänsynsfull ton: inga skällsord, hot, skrik eller ilska (även BK-9).',
      },
      rationale: {
        en: 'Good administrative practice asks for courtesy in every contact, and mail written in anger is regretted: sleep on it.',
        da: 'God forvaltningsskik kræver høflighed i al kontakt, og en mail skrevet i vrede fortryder man: sov på den.',
        sv: 'God förvaltningssed kräver artighet i all kontakt, och mejl som skrivs i ilska ångrar man: sov på saken.',
      },
    },
    defaultLevel: 'warning',
    options: z
      .object({
        /** Also report each harsh word, not only insults, threats and shouting. */
        reportHarshWords: z.boolean().default(true),
      })
      .strict()
      .default({ reportHarshWords: true }),
    messages: defineCatalog({
      en: {
        angry: 'The message reads as written in anger.',
        sleepOnIt: 'Sleep on it: read it again tomorrow morning before you send it.',
        insult: '"{text}" is an insult.',
        threat: '"{text}" reads as a threat.',
        shouting: '"{text}" reads as shouting.',
        harsh: '"{text}" sounds harsh.',
        calmer: 'Say what you need in neutral words.',
      },
      da: {
        angry: 'Beskeden lyder, som om den er skrevet i vrede.',
        sleepOnIt: 'Sov på den: læs den igen i morgen tidlig, før du sender den.',
        insult: '"{text}" er et skældsord.',
        threat: '"{text}" lyder som en trussel.',
        shouting: '"{text}" lyder som råben.',
        harsh: '"{text}" lyder hårdt.',
        calmer: 'Skriv, hvad du har brug for, med neutrale ord.',
      },
      sv: {
        angry: 'Meddelandet låter som om det är skrivet i ilska.',
        sleepOnIt: 'Sov på saken: läs det igen i morgon bitti innan du skickar det.',
        insult: '"{text}" är ett skällsord.',
        threat: '"{text}" låter som ett hot.',
        shouting: '"{text}" låter som att du skriker.',
        harsh: '"{text}" låter hårt.',
        calmer: 'Skriv vad du behöver med neutrala ord.',
      },
    }),
  },
  check(context) {
    const own = messageText(context.message, context.lang);
    const { tone } = own.analysis;
    if (tone.angry) context.report({ messageId: 'angry', location: { kind: 'message' }, suggestionId: 'sleepOnIt' });
    for (const s of tone.signals) {
      if (s.kind === 'harsh' && !context.options.reportHarshWords) continue;
      context.report({
        messageId: s.kind,
        params: { text: s.text },
        location: context.bodyLocation(own.toBody(s.start), own.toBody(s.end)),
        suggestionId: 'calmer',
      });
    }
  },
});
