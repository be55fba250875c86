/**
 * BK-27: identity numbers do not belong in an e-mail at all; a CPR number or personnummer in the
 * body (quoted history included, since it is sent too) is a warning.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { findIdentityNumbers } from '../../text/identity.ts';
import { messageText } from '../../text/message.ts';
import { identityReport } from '../support.ts';
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
        foundEither:
          'The e-mail contains a {kind} ({masked}). The number is also valid as a {other}; it is read as a {kind} because Postvakt is set up for {country}.',
        secure: 'Remove it, or send the message through a secure channel such as Digital Post.',
      },
      da: {
        found: 'Mailen indeholder et {kind} ({masked}).',
        foundEither:
          'Mailen indeholder et {kind} ({masked}). Nummeret er også gyldigt som {other}, men læses som {kind}, fordi Postvakt er sat op til {country}.',
        secure: 'Slet det, eller send beskeden sikkert, fx med Digital Post eller sikker mail.',
      },
      sv: {
        found: 'Mejlet innehåller ett {kind} ({masked}).',
        foundEither:
          'Mejlet innehåller ett {kind} ({masked}). Numret är också giltigt som {other} men läses som {kind}, eftersom Postvakt är inställt för {country}.',
        secure: 'Ta bort det eller skicka meddelandet via en säker kanal, t.ex. säker e-post.',
      },
    }),
  },
  check(context) {
    const { lang } = messageText(context.message, context.lang);
    const found = findIdentityNumbers(context.message.body.text, { country: context.settings.country, lang, minConfidence: context.options.minConfidence });
    for (const m of found) {
      context.report({
        ...identityReport(m, context.lang),
        location: context.bodyLocation(m.start, m.end),
        suggestionId: 'secure',
        confidence: m.confidence,
      });
    }
  },
});
