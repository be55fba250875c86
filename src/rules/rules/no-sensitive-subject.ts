/**
 * BK-28: no privacy-sensitive terms in the subject (health, social-services measures, addiction,
 * criminal matters, ethnicity, religion, sexuality, union membership). Both Nordic lists are used,
 * since a subject is too short to tell its language.
 */
import { defineCatalog, translate } from '../../i18n/catalog.ts';
import { titleTexts } from '../../text/message.ts';
import { textMessages } from '../../text/messages.ts';
import { segment } from '../../text/segment.ts';
import { findSensitiveTerms } from '../../text/sensitive.ts';
import { defineRule } from '../types.ts';
import { sensitiveCategoriesOptions } from '../support.ts';

export default defineRule({
  meta: {
    id: 'no-sensitive-subject',
    clause: 'BK-28',
    docs: {
      description: {
        en: 'The subject reveals nothing sensitive about a person.',
        da: 'Emnefeltet afslører intet følsomt om en person.',
        sv: 'Ämnesraden avslöjar inget känsligt om en person.',
      },
      rationale: {
        en: 'The mail log with every subject is a public document; a subject such as "Placement of the child" tells anyone who asks.',
        da: 'Postloggen med alle emnefelter er et offentligt dokument; et emne som "Anbringelse af barnet" fortæller det til alle, der spørger.',
        sv: 'Postloggen med alla ämnesrader är en allmän handling; en ämnesrad som "Placering enligt LVU" berättar det för alla som frågar.',
      },
    },
    defaultLevel: 'error',
    options: sensitiveCategoriesOptions,
    messages: defineCatalog({
      en: {
        found: 'The subject reveals {category}: "{text}".',
        neutral: 'Use a neutral subject, such as "Your case" and the case number.',
      },
      da: {
        found: 'Emnefeltet afslører {category}: "{text}".',
        neutral: 'Brug et neutralt emne, fx "Din sag" og sagsnummeret.',
      },
      sv: {
        found: 'Ämnesraden avslöjar {category}: "{text}".',
        neutral: 'Använd en neutral ämnesrad, t.ex. "Ditt ärende" och diarienumret.',
      },
    }),
  },
  check(context) {
    const wanted = new Set(context.options.categories);
    for (const { header, text } of titleTexts(context.message)) {
      for (const m of findSensitiveTerms(segment(text))) {
        if (!wanted.has(m.category)) continue;
        context.report({
          messageId: 'found',
          params: { category: translate(textMessages, context.lang, m.category), text: m.text },
          location: { kind: 'header', header, start: m.start, end: m.end },
          suggestionId: 'neutral',
        });
      }
    }
  },
});
