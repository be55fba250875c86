/**
 * BK-28: no CPR number or personnummer in the subject (or a letter's title and notification).
 * The mail log, with every subject, is a public document.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { findIdentityNumbers } from '../../text/identity.ts';
import { titleTexts } from '../../text/message.ts';
import { identityReport } from '../support.ts';
import { defineRule } from '../types.ts';

export default defineRule({
  meta: {
    id: 'no-identity-number-in-subject',
    clause: 'BK-28',
    docs: {
      description: {
        en: 'The subject holds no CPR number, personnummer or samordningsnummer.',
        da: 'Emnefeltet indeholder ikke cpr-numre eller svenske personnumre.',
        sv: 'Ämnesraden innehåller inga personnummer, samordningsnummer eller danska cpr-nummer.',
      },
      rationale: {
        en: 'The mail log with every subject is a public document, so an identity number in a subject is published.',
        da: 'Postloggen med alle emnefelter er et offentligt dokument, så et cpr-nummer i emnefeltet bliver offentligt.',
        sv: 'Postloggen med alla ämnesrader är en allmän handling, så ett personnummer i ämnesraden blir offentligt.',
      },
    },
    defaultLevel: 'error',
    options: z
      .object({ minConfidence: z.enum(['low', 'medium', 'high']).default('low') })
      .strict()
      .default({ minConfidence: 'low' }),
    messages: defineCatalog({
      en: {
        found: 'The subject contains a {kind} ({masked}).',
        foundEither:
          'The subject contains a {kind} ({masked}). The number is also valid as a {other}; it is read as a {kind} because Postvakt is set up for {country}.',
        remove: 'Remove it and refer to the case number instead; the mail log is public.',
      },
      da: {
        found: 'Emnefeltet indeholder et {kind} ({masked}).',
        foundEither:
          'Emnefeltet indeholder et {kind} ({masked}). Nummeret er også gyldigt som {other}, men læses som {kind}, fordi Postvakt er sat op til {country}.',
        remove: 'Slet det, og henvis til sagsnummeret i stedet; postloggen er offentlig.',
      },
      sv: {
        found: 'Ämnesraden innehåller ett {kind} ({masked}).',
        foundEither:
          'Ämnesraden innehåller ett {kind} ({masked}). Numret är också giltigt som {other} men läses som {kind}, eftersom Postvakt är inställt för {country}.',
        remove: 'Ta bort det och hänvisa till diarienumret i stället; postloggen är offentlig.',
      },
    }),
  },
  check(context) {
    for (const { header, text } of titleTexts(context.message)) {
      for (const m of findIdentityNumbers(text, { country: context.settings.country, minConfidence: context.options.minConfidence })) {
        context.report({
          ...identityReport(m, context.lang),
          location: { kind: 'header', header, start: m.start, end: m.end },
          suggestionId: 'remove',
          confidence: m.confidence,
        });
      }
    }
  },
});
