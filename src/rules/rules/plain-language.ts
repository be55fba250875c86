/**
 * FX-10 (and BK-9): plain language. Reports a hard LIX for the writer's new text, sentences and
 * paragraphs that are too long, and officialese with its plainer alternative: a fix when it fits
 * the sentence as it stands, else its base form as a hint.
 * The text analysis lives in `src/text/`; this rule only turns it into findings.
 */
import { z } from 'zod';
import { defineCatalog, translate } from '../../i18n/catalog.ts';
import { messageText } from '../../text/message.ts';
import { textMessages } from '../../text/messages.ts';
import { readability as measure } from '../../text/readability.ts';
import { defineRule } from '../types.ts';

const BANDS = ['very-easy', 'easy', 'medium', 'hard', 'very-hard'] as const;

export default defineRule({
  meta: {
    id: 'plain-language',
    clause: 'FX-10',
    docs: {
      description: {
        en: 'Plain language: readable LIX, short sentences and paragraphs, no officialese (also BK-9).',
        da: 'Klart sprog: læsbar LIX, korte sætninger og afsnit, intet kancellisprog (også BK-9).',
        sv: 'Klarspråk: läsbart LIX, korta meningar och stycken, ingen myndighetssvenska (även BK-9).',
      },
      rationale: {
        en: 'A citizen must be able to understand a letter on the first reading; long sentences and stiff official words make that harder, most of all for readers under strain.',
        da: 'En borger skal kunne forstå et brev første gang, det læses; lange sætninger og stive kancelliord gør det sværere, især for læsere under pres.',
        sv: 'En medborgare ska kunna förstå ett brev vid första läsningen; långa meningar och stela myndighetsord gör det svårare, särskilt för den som redan är pressad.',
      },
    },
    defaultLevel: 'suggestion',
    options: z
      .object({
        /** Report LIX from this band upwards. */
        lixFrom: z.enum(BANDS).default('hard'),
        longSentenceWords: z.number().int().positive().default(25),
        longParagraphWords: z.number().int().positive().default(120),
        officialese: z.boolean().default(true),
        /** Texts shorter than this are too short for a fair LIX. */
        minWordsForLix: z.number().int().nonnegative().default(40),
      })
      .strict()
      .default({ lixFrom: 'hard', longSentenceWords: 25, longParagraphWords: 120, officialese: true, minWordsForLix: 40 }),
    messages: defineCatalog({
      en: {
        lix: 'The text has a LIX of {lix}, which is {band} to read.',
        lixAdvice: 'Write shorter sentences and choose shorter, everyday words.',
        longSentence: 'This sentence has {words} words.',
        longSentenceAdvice: 'Split it into sentences of at most {max} words.',
        longParagraph: 'This paragraph has {words} words.',
        longParagraphAdvice: 'Split it, or use a list; keep paragraphs under {max} words.',
        officialese: '"{word}" is officialese.',
        officialeseAlternative: 'Write "{alternative}" instead.',
        officialeseBase: 'Write a plainer word, such as "{alternative}" in the form the sentence needs.',
        officialeseDrop: 'Leave it out; the sentence says the same without it.',
      },
      da: {
        lix: 'Teksten har en LIX på {lix} og er {band} at læse.',
        lixAdvice: 'Skriv kortere sætninger, og vælg korte hverdagsord.',
        longSentence: 'Sætningen har {words} ord.',
        longSentenceAdvice: 'Del den op i sætninger på højst {max} ord.',
        longParagraph: 'Afsnittet har {words} ord.',
        longParagraphAdvice: 'Del det op, eller brug en punktopstilling; hold afsnit under {max} ord.',
        officialese: '"{word}" er kancellisprog.',
        officialeseAlternative: 'Skriv "{alternative}" i stedet.',
        officialeseBase: 'Skriv et enklere ord, fx "{alternative}" i den bøjning, sætningen kræver.',
        officialeseDrop: 'Slet ordet; sætningen siger det samme uden.',
      },
      sv: {
        lix: 'Texten har ett LIX på {lix} och är {band} att läsa.',
        lixAdvice: 'Skriv kortare meningar och välj korta vardagsord.',
        longSentence: 'Meningen har {words} ord.',
        longSentenceAdvice: 'Dela upp den i meningar på högst {max} ord.',
        longParagraph: 'Stycket har {words} ord.',
        longParagraphAdvice: 'Dela upp det eller gör en punktlista; håll stycken under {max} ord.',
        officialese: '"{word}" är myndighetssvenska.',
        officialeseAlternative: 'Skriv "{alternative}" i stället.',
        officialeseBase: 'Skriv ett enklare ord, t.ex. "{alternative}" i den form som meningen kräver.',
        officialeseDrop: 'Stryk ordet; meningen säger samma sak utan det.',
      },
    }),
  },
  check(context) {
    const { options } = context;
    const own = messageText(context.message, context.lang);
    const readability = measure(own.analysis.segmentation, own.lang, options);
    const at = (start: number, end: number) => context.bodyLocation(own.toBody(start), own.toBody(end));

    if (readability.words >= options.minWordsForLix && BANDS.indexOf(readability.band) >= BANDS.indexOf(options.lixFrom)) {
      context.report({
        messageId: 'lix',
        params: { lix: readability.lix, band: translate(textMessages, context.lang, readability.band) },
        location: { kind: 'message' },
        suggestionId: 'lixAdvice',
      });
    }
    for (const s of readability.longSentences) {
      context.report({
        messageId: 'longSentence',
        params: { words: s.words },
        location: at(s.start, s.end),
        suggestionId: 'longSentenceAdvice',
        suggestionParams: { max: options.longSentenceWords },
      });
    }
    for (const p of readability.longParagraphs) {
      context.report({
        messageId: 'longParagraph',
        params: { words: p.words },
        location: at(p.start, p.end),
        suggestionId: 'longParagraphAdvice',
        suggestionParams: { max: options.longParagraphWords },
      });
    }
    if (!options.officialese) return;
    for (const m of own.analysis.officialese) {
      const start = own.toBody(m.start);
      const end = own.toBody(m.end);
      // Leaving a word out takes the space after it too.
      const fixEnd = m.alternative === '' && context.message.body.text[end] === ' ' ? end + 1 : end;
      context.report({
        messageId: 'officialese',
        params: { word: m.text },
        location: context.bodyLocation(start, end),
        ...(m.alternative === ''
          ? { suggestionId: 'officialeseDrop' }
          : { suggestionId: m.fits ? 'officialeseAlternative' : 'officialeseBase', suggestionParams: { alternative: m.alternative } }),
        // Only a replacement that fits the sentence is offered as a fix.
        ...(m.fits ? { fix: { start, end: fixEnd, text: m.alternative } } : {}),
      });
    }
  },
});
