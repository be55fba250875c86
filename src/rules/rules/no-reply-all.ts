/**
 * BK-6: send only to those concerned; avoid reply-all. A reply that goes back to many people
 * at once is most likely a reply-all.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { defineRule } from '../types.ts';
import { headerLocation, isReply } from '../support.ts';
import thresholds from '../data/thresholds.json' with { type: 'json' };

export default defineRule({
  meta: {
    id: 'no-reply-all',
    clause: 'BK-6',
    docs: {
      description: {
        en: 'A reply should go only to those it concerns, not to everyone on the original mail.',
        da: 'Et svar skal kun sendes til dem, det vedrører, ikke til alle på den oprindelige mail.',
        sv: 'Ett svar ska bara gå till dem det berör, inte till alla på det ursprungliga mejlet.',
      },
      rationale: {
        en: 'Reply-all sends your answer to people who do not need it, and every one of them has to read it to find out.',
        da: 'Svar til alle sender dit svar til folk, der ikke har brug for det, og hver af dem skal læse det for at finde ud af det.',
        sv: 'Svara alla skickar ditt svar till personer som inte behöver det, och var och en måste läsa det för att få veta det.',
      },
    },
    defaultLevel: 'suggestion',
    channels: ['email'],
    options: z.object({ minRecipients: z.number().int().min(2).default(thresholds['no-reply-all'].minRecipients) }).strict(),
    messages: defineCatalog({
      en: {
        replyAll: 'This reply goes to {count} recipients. Did you reply to all?',
        onlyConcerned: 'Keep only the people who need your answer.',
      },
      da: {
        replyAll: 'Svaret går til {count} modtagere. Har du svaret til alle?',
        onlyConcerned: 'Behold kun dem, der har brug for dit svar.',
      },
      sv: {
        replyAll: 'Svaret går till {count} mottagare. Har du svarat alla?',
        onlyConcerned: 'Behåll bara dem som behöver ditt svar.',
      },
    }),
  },
  check(context) {
    const { message, options } = context;
    if (!isReply(message)) return;
    const count = new Set([...message.to, ...message.cc].map((a) => a.address.toLowerCase())).size;
    if (count < options.minRecipients) return;
    context.report({
      messageId: 'replyAll',
      params: { count },
      location: headerLocation(message, message.cc.length ? 'Cc' : 'To'),
      suggestionId: 'onlyConcerned',
    });
  },
});
