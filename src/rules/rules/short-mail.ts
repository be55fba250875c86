/**
 * BK-8 (and BK-4): avoid long e-mails. Counts the words the writer wrote (quoted history and
 * signature excluded) and points at the word where the mail passes the limit.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { defineRule } from '../types.ts';
import { newText, scanWords } from '../support.ts';
import thresholds from '../data/thresholds.json' with { type: 'json' };

export default defineRule({
  meta: {
    id: 'short-mail',
    clause: 'BK-8',
    docs: {
      description: {
        en: 'An e-mail is short: the new text stays under a word limit.',
        da: 'En mail er kort: den nye tekst holder sig under en ordgrænse.',
        sv: 'Ett mejl är kort: den nya texten håller sig under en ordgräns.',
      },
      rationale: {
        en: 'Long e-mails are read in a hurry and misunderstood. E-mail suits short, simple information; a long matter is better as a document, a call or a meeting.',
        da: 'Lange mails bliver læst i en fart og misforstået. Mail egner sig til kort og enkel information; en lang sag er bedre som et dokument, en opringning eller et møde.',
        sv: 'Långa mejl läses i all hast och missförstås. E-post passar för kort och enkel information; ett långt ärende passar bättre som ett dokument, ett samtal eller ett möte.',
      },
    },
    defaultLevel: 'warning',
    channels: ['email'],
    options: z.object({ maxWords: z.number().int().positive().default(thresholds['short-mail'].maxWords) }).strict(),
    messages: defineCatalog({
      en: {
        tooLong: 'The mail is {words} words long; from here it passes {max} words.',
        shorten: 'Keep the mail to the essentials. Put the details in a shared document and link to it, or call.',
      },
      da: {
        tooLong: 'Mailen er {words} ord lang; herfra er den over {max} ord.',
        shorten: 'Skær mailen ned til det væsentlige. Læg detaljerne i et fælles dokument og link til det, eller ring.',
      },
      sv: {
        tooLong: 'Mejlet är {words} ord långt; härifrån passerar det {max} ord.',
        shorten: 'Korta mejlet till det väsentliga. Lägg detaljerna i ett gemensamt dokument och länka till det, eller ring.',
      },
    }),
  },
  check(context) {
    const { options } = context;
    const body = newText(context.message);
    const words = scanWords(body.text, options.maxWords);
    if (words.count <= options.maxWords) return;
    context.report({
      messageId: 'tooLong',
      params: { words: words.count, max: options.maxWords },
      location: context.bodyLocation(body.toBody(words.nth!.start), body.toBody(words.last!.end)),
      suggestionId: 'shorten',
    });
  },
});
