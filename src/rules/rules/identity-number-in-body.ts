/**
 * BK-27: identity numbers do not belong in an e-mail at all; a CPR number or personnummer in the
 * body (quoted history included, since it is sent too) is a warning.
 */
import { z } from 'zod';
import { defineCatalog, translate } from '../../i18n/catalog.ts';
import { findIdentityNumbers } from '../../text/identity.ts';
import { messageText } from '../../text/message.ts';
import { textMessages } from '../../text/messages.ts';
import { defineRule } from '../types.ts';

export default defineRule({
  meta: {
    id: 'identity-number-in-body',
    clause: 'BK-27',
    docs: {
      description: {
        en: 'The e-mail holds no CPR number, personnummer or samordningsnummer.',
        da: 'Mailen indeholder ikke cpr-numre eller svenske personnumre.',
        sv: 'Mejlet innehåller inga personnummer, samordningsnummer eller danska cpr-nummer.',
      },
      rationale: {
        en: 'E-mail is not a secure channel; an identity number sent by e-mail can be read by anyone the mail passes.',
        da: 'Almindelig e-mail er ikke en sikker kanal; et cpr-nummer i en mail kan læses af alle, mailen passerer.',
        sv: 'E-post är ingen säker kanal; ett personnummer i ett mejl kan läsas av alla som mejlet passerar.',
      },
    },
    defaultLevel: 'warning',
    channels: ['email'],
    options: z
      .object({ minConfidence: z.enum(['low', 'medium', 'high']).default('medium') })
      .strict()
      .default({ minConfidence: 'medium' }),
    messages: defineCatalog({
      en: {
        found: 'The e-mail contains a {kind} ({masked}).',
        secure: 'Remove it, or send the message through a secure channel such as Digital Post.',
      },
      da: {
        found: 'Mailen indeholder et {kind} ({masked}).',
        secure: 'Slet det, eller send beskeden sikkert, fx med Digital Post eller sikker mail.',
      },
      sv: {
        found: 'Mejlet innehåller ett {kind} ({masked}).',
        secure: 'Ta bort det eller skicka meddelandet via en säker kanal, t.ex. säker e-post.',
      },
    }),
  },
  check(context) {
    const { lang } = messageText(context.message, context.lang);
    const found = findIdentityNumbers(context.message.body.text, { lang, minConfidence: context.options.minConfidence });
    for (const m of found) {
      context.report({
        messageId: 'found',
        params: { kind: translate(textMessages, context.lang, m.kind), masked: m.masked },
        location: context.bodyLocation(m.start, m.end),
        suggestionId: 'secure',
        confidence: m.confidence,
      });
    }
  },
});
