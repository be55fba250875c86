/**
 * FX-11: a standard letter carries an explanatory cover text, or highlights what the citizen
 * must notice. A MeMo letter whose main document is a file (a PDF from the case system) needs a
 * notification that explains it; an e-mail to a citizen that is only an attachment needs text.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { defineRule } from '../types.ts';
import { countWords, newText, reachesCitizen } from '../support.ts';
import { isGenericTitle } from '../titles.ts';
import thresholds from '../data/thresholds.json' with { type: 'json' };

const TEXT_TYPES = /^text\/(?:plain|html)\b/i;

export default defineRule({
  meta: {
    id: 'standard-letter-cover',
    clause: 'FX-11',
    docs: {
      description: {
        en: 'A standard letter comes with a short cover text that explains it.',
        da: 'Et standardbrev har en kort følgetekst, der forklarer det.',
        sv: 'Ett standardbrev har en kort följetext som förklarar det.',
      },
      rationale: {
        en: 'Standard letters are written for everyone and read by one person. A few plain lines on what this letter means for them, and what they must do, spare them the worry of decoding it alone.',
        da: 'Standardbreve er skrevet til alle og læses af én. Nogle få klare linjer om, hvad brevet betyder for netop dem, og hvad de skal gøre, sparer dem for at skulle tyde det alene.',
        sv: 'Standardbrev skrivs för alla och läses av en. Några tydliga rader om vad brevet betyder för just dem, och vad de ska göra, besparar dem oron att tyda det på egen hand.',
      },
    },
    defaultLevel: 'warning',
    options: z.object({ minWords: z.number().int().min(1).default(thresholds['standard-letter-cover'].minWords) }).strict(),
    messages: defineCatalog({
      en: {
        noCover: 'The letter is a document ({file}) without a cover text that explains it.',
        attachmentOnly: 'The mail is an attachment ({file}) with hardly any text of its own.',
        addCover: 'Add a few lines: what the letter is about, what the citizen must notice or do, and by when.',
      },
      da: {
        noCover: 'Brevet er et dokument ({file}) uden en følgetekst, der forklarer det.',
        attachmentOnly: 'Mailen er et bilag ({file}) med næsten ingen tekst.',
        addCover: 'Skriv et par linjer: hvad brevet handler om, hvad borgeren skal være opmærksom på eller gøre, og hvornår.',
      },
      sv: {
        noCover: 'Brevet är ett dokument ({file}) utan en följetext som förklarar det.',
        attachmentOnly: 'Mejlet är en bilaga ({file}) med nästan ingen egen text.',
        addCover: 'Skriv några rader: vad brevet handlar om, vad medborgaren ska lägga märke till eller göra, och när.',
      },
    }),
  },
  check(context) {
    const { message, options, settings } = context;
    if (!reachesCitizen(message, settings.internalDomains)) return;
    if (message.memo) {
      const mainFiles = message.memo.files.filter((f) => f.role === 'main');
      const main = mainFiles.find((f) => !TEXT_TYPES.test(f.contentType));
      if (!main) return;
      // A text file beside the document is a cover text, and so is an explanatory notification.
      const coverFile = mainFiles.find((f) => f.cover && countWords(f.text ?? '') >= options.minWords);
      const cover = message.memo.notification?.trim() ?? '';
      if (coverFile || (countWords(cover) >= options.minWords && !isGenericTitle(cover, settings.municipalityName))) return;
      context.report({
        messageId: 'noCover',
        params: { file: main.filename },
        location: cover ? { kind: 'header', header: 'notification' } : { kind: 'message' },
        suggestionId: 'addCover',
      });
      return;
    }
    const files = message.attachments.filter((a) => a.disposition !== 'inline');
    if (files.length === 0 || countWords(newText(message).text) >= options.minWords) return;
    context.report({
      messageId: 'attachmentOnly',
      params: { file: files.map((f) => f.filename ?? f.contentType).join(', ') },
      location: { kind: 'message' },
      suggestionId: 'addCover',
    });
  },
});
