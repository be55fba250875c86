/**
 * BK-5: write the date you need an answer by as yyyy-mm-dd, and do not expect an immediate
 * answer. Every date in another format gets its ISO form as a fix; "as soon as possible"
 * and its kin get a finding that asks for a date instead.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { findDates } from '../../text/dates.ts';
import { defineRule, type Location } from '../types.ts';
import { newText, PhraseMatcher, subjectHeader } from '../support.ts';
import immediateWords from '../data/immediate-answer.json' with { type: 'json' };

const { $comment: _, ...lists } = immediateWords;
const immediate = new PhraseMatcher(lists);

export default defineRule({
  meta: {
    id: 'reply-by-date-iso',
    clause: 'BK-5',
    docs: {
      description: {
        en: 'Dates are written as yyyy-mm-dd, and a needed answer has a date rather than "as soon as possible".',
        da: 'Datoer skrives som åååå-mm-dd, og et svar, du har brug for, får en dato i stedet for "hurtigst muligt".',
        sv: 'Datum skrivs som åååå-mm-dd, och ett svar du behöver får ett datum i stället för "så snart som möjligt".',
      },
      rationale: {
        en: 'A date as yyyy-mm-dd cannot be misread, whatever country the reader comes from. A clear reply-by date lets the recipient plan; "as soon as possible" only stresses.',
        da: 'En dato skrevet som åååå-mm-dd kan ikke misforstås, uanset hvor læseren kommer fra. En klar svarfrist lader modtageren planlægge; "hurtigst muligt" stresser bare.',
        sv: 'Ett datum skrivet som åååå-mm-dd kan inte missförstås, var läsaren än kommer ifrån. Ett tydligt svarsdatum låter mottagaren planera; "så snart som möjligt" stressar bara.',
      },
    },
    defaultLevel: 'warning',
    options: z
      .object({
        /** Report every date not in ISO form, not only reply-by dates. */
        allDates: z.boolean().default(true),
      })
      .strict(),
    messages: defineCatalog({
      en: {
        replyByNotIso: 'The reply-by date "{text}" is not written as yyyy-mm-dd.',
        dateNotIso: 'The date "{text}" is not written as yyyy-mm-dd.',
        useIso: 'Write {iso}.',
        immediate: '"{text}" asks for an immediate answer.',
        giveDate: 'Write the date you need the answer by, as yyyy-mm-dd. If it cannot wait, call instead.',
      },
      da: {
        replyByNotIso: 'Svarfristen "{text}" er ikke skrevet som åååå-mm-dd.',
        dateNotIso: 'Datoen "{text}" er ikke skrevet som åååå-mm-dd.',
        useIso: 'Skriv {iso}.',
        immediate: '"{text}" beder om svar med det samme.',
        giveDate: 'Skriv den dato, du senest skal have svar, som åååå-mm-dd. Kan det ikke vente, så ring i stedet.',
      },
      sv: {
        replyByNotIso: 'Svarsdatumet "{text}" är inte skrivet som åååå-mm-dd.',
        dateNotIso: 'Datumet "{text}" är inte skrivet som åååå-mm-dd.',
        useIso: 'Skriv {iso}.',
        immediate: '"{text}" ber om svar direkt.',
        giveDate: 'Skriv det datum du senast behöver svaret, som åååå-mm-dd. Kan det inte vänta, ring i stället.',
      },
    }),
  },
  check(context) {
    const { message, options, settings } = context;
    const dateOptions = {
      lang: context.lang,
      reference: context.reference ?? new Date(0),
      timeZone: settings.timeZone ?? 'UTC',
    };
    const scan = (text: string, locate: (start: number, end: number) => Location) => {
      for (const date of findDates(text, dateOptions)) {
        if (date.isIso || (!date.replyBy && !options.allDates)) continue;
        // Without a reference the year of "4. januar" is a guess; say nothing rather than guess.
        if (date.yearInferred && !context.reference) continue;
        context.report({
          messageId: date.replyBy ? 'replyByNotIso' : 'dateNotIso',
          params: { text: date.text },
          location: locate(date.start, date.end),
          suggestionId: 'useIso',
          suggestionParams: { iso: date.iso },
          fix: { start: date.start, end: date.end, text: date.iso },
        });
      }
      for (const m of immediate.all(text)) {
        context.report({ messageId: 'immediate', params: { text: m.text }, location: locate(m.start, m.end), suggestionId: 'giveDate' });
      }
    };
    const inHeader = (name: string) => (start: number, end: number): Location => ({ kind: 'header', header: name, start, end });
    scan(message.subject, inHeader(subjectHeader(message)));
    if (message.memo?.notification) scan(message.memo.notification, inHeader('notification'));
    const body = newText(message);
    scan(body.text, (start, end) => context.bodyLocation(body.toBody(start), body.toBody(end)));
  },
});
