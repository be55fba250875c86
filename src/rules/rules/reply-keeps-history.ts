/**
 * BK-8: when replying, keep the history so it is clear what you answer. A reply with no
 * quoted or forwarded text is reported.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { defineRule } from '../types.ts';
import { headerLocation, isReply } from '../support.ts';

/** Markers of history a parser may have left inside the text (quote prefixes, reply headers). */
const HISTORY_MARKER =
  /^(?:>|-{2,}\s*(?:Original Message|Oprindelig meddelelse|Ursprungligt meddelande)|(?:From|Fra|Från|Von|Sent|Sendt|Skickat):\s)/imu;

export default defineRule({
  meta: {
    id: 'reply-keeps-history',
    clause: 'BK-8',
    docs: {
      description: {
        en: 'A reply keeps the mail it answers below it.',
        da: 'Et svar beholder den mail, det svarer på, nedenunder.',
        sv: 'Ett svar behåller mejlet det svarar på nedanför.',
      },
      rationale: {
        en: 'Without the history, the recipient has to look up what you are answering, and a third person cannot follow the matter at all.',
        da: 'Uden historikken må modtageren finde ud af, hvad du svarer på, og en tredje person kan slet ikke følge sagen.',
        sv: 'Utan historiken måste mottagaren leta upp vad du svarar på, och en tredje person kan inte följa ärendet alls.',
      },
    },
    defaultLevel: 'suggestion',
    channels: ['email'],
    options: z.object({}).strict(),
    messages: defineCatalog({
      en: {
        noHistory: 'This reply does not include the mail it answers.',
        keepHistory: 'Reply with the original mail quoted below your answer.',
      },
      da: {
        noHistory: 'Svaret indeholder ikke den mail, det svarer på.',
        keepHistory: 'Svar med den oprindelige mail citeret under dit svar.',
      },
      sv: {
        noHistory: 'Svaret innehåller inte mejlet som det svarar på.',
        keepHistory: 'Svara med det ursprungliga mejlet citerat under ditt svar.',
      },
    }),
  },
  check(context) {
    const { message } = context;
    if (!isReply(message)) return;
    const hasHistory =
      message.body.segments.some((s) => s.kind === 'quoted' || s.kind === 'forwarded') ||
      HISTORY_MARKER.test(message.body.text);
    if (hasHistory) return;
    context.report({
      messageId: 'noHistory',
      location: headerLocation(message, message.inReplyTo ? 'In-Reply-To' : 'Subject'),
      suggestionId: 'keepHistory',
    });
  },
});
