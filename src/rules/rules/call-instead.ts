/**
 * BK-2: e-mail is poor for complex information or changes where the recipient may need to ask
 * questions; call or meet instead. Fires on a mail that asks many questions, or that announces
 * a change at some length.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { defineRule } from '../types.ts';
import { countWords, newText, PhraseMatcher, sentences } from '../support.ts';
import thresholds from '../data/thresholds.json' with { type: 'json' };
import changeWordLists from '../data/change-words.json' with { type: 'json' };

const { $comment: _, ...lists } = changeWordLists;
const changeWords = new PhraseMatcher(lists);
const defaults = thresholds['call-instead'];

export default defineRule({
  meta: {
    id: 'call-instead',
    clause: 'BK-2',
    docs: {
      description: {
        en: 'Complex matters and changes are better taken in a call or a meeting than by e-mail.',
        da: 'Komplekse sager og ændringer klares bedre i en samtale eller på et møde end på mail.',
        sv: 'Komplexa frågor och förändringar tas bättre i ett samtal eller på ett möte än via e-post.',
      },
      rationale: {
        en: 'When the recipient will need to ask questions, a mail starts a long exchange and leaves room for misunderstanding. A conversation settles it at once.',
        da: 'Når modtageren får brug for at spørge, starter en mail en lang udveksling og giver plads til misforståelser. En samtale afklarer det med det samme.',
        sv: 'När mottagaren behöver ställa frågor startar ett mejl en lång växling och lämnar utrymme för missförstånd. Ett samtal reder ut det direkt.',
      },
    },
    defaultLevel: 'suggestion',
    channels: ['email'],
    options: z
      .object({
        maxQuestions: z.number().int().min(1).default(defaults.maxQuestions),
        changeMinWords: z.number().int().min(1).default(defaults.changeMinWords),
      })
      .strict(),
    messages: defineCatalog({
      en: {
        manyQuestions: 'The mail asks {count} questions.',
        change: 'The mail announces a change ("{word}") at some length.',
        callOrMeet: 'Call or meet instead? Afterwards, send a short mail that sums up what you agreed.',
      },
      da: {
        manyQuestions: 'Mailen stiller {count} spørgsmål.',
        change: 'Mailen fortæller udførligt om en ændring ("{word}").',
        callOrMeet: 'Ring eller mød i stedet? Send bagefter en kort mail, der opsummerer, hvad I aftalte.',
      },
      sv: {
        manyQuestions: 'Mejlet ställer {count} frågor.',
        change: 'Mejlet berättar utförligt om en förändring ("{word}").',
        callOrMeet: 'Ring eller träffas i stället? Skicka efteråt ett kort mejl som sammanfattar vad ni kom överens om.',
      },
    }),
  },
  check(context) {
    const { options } = context;
    const body = newText(context.message);
    const questions = sentences(body.text).filter((s) => s.text.endsWith('?') && /\p{L}/u.test(s.text));
    if (questions.length > options.maxQuestions) {
      const q = questions[options.maxQuestions]!;
      const start = q.start + (q.text.length - q.text.trimStart().length);
      context.report({
        messageId: 'manyQuestions',
        params: { count: questions.length },
        location: context.bodyLocation(body.toBody(start), body.toBody(q.end)),
        suggestionId: 'callOrMeet',
      });
    }
    const change = changeWords.first(body.text);
    if (change && countWords(body.text) >= options.changeMinWords) {
      context.report({
        messageId: 'change',
        params: { word: change.text },
        location: context.bodyLocation(body.toBody(change.start), body.toBody(change.end)),
        suggestionId: 'callOrMeet',
      });
    }
  },
});
