/**
 * BK-4: the subject line says what you expect the recipient to do. A subject passes when it
 * holds a word of action or purpose from the word lists ("godkend", "för kännedom", "svar
 * senest", "invitation" …) or asks a question. Replies keep the subject they answer.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { defineRule } from '../types.ts';
import { isReply, PhraseMatcher, stripSubjectPrefixes } from '../support.ts';
import actionWords from '../data/subject-actions.json' with { type: 'json' };

const { $comment: _, ...lists } = actionWords;
const actions = new PhraseMatcher(lists);

export default defineRule({
  meta: {
    id: 'subject-states-action',
    clause: 'BK-4',
    docs: {
      description: {
        en: 'The subject line says what the recipient is expected to do.',
        da: 'Emnelinjen siger, hvad modtageren forventes at gøre.',
        sv: 'Ämnesraden säger vad mottagaren förväntas göra.',
      },
      rationale: {
        en: 'Recipients sort their mail by the subject. When it says what you expect (answer, approve, for information), they can plan their work without opening every mail.',
        da: 'Modtagere sorterer deres post efter emnelinjen. Når den siger, hvad du forventer (svar, godkend, til orientering), kan de planlægge uden at åbne hver mail.',
        sv: 'Mottagare sorterar sin post efter ämnesraden. När den säger vad du förväntar dig (svara, godkänn, för kännedom) kan de planera utan att öppna varje mejl.',
      },
    },
    defaultLevel: 'warning',
    channels: ['email'],
    options: z
      .object({
        /** A reply keeps the subject of the mail it answers; its writer did not choose it. */
        ignoreReplies: z.boolean().default(true),
      })
      .strict(),
    messages: defineCatalog({
      en: {
        missing: 'The message has no subject.',
        noAction: 'The subject "{subject}" does not say what you expect the recipient to do.',
        statePurpose: 'Start with what you expect, for example "For approval: …", "For information: …" or "Reply by 2026-12-28: …".',
      },
      da: {
        missing: 'Mailen har ingen emnelinje.',
        noAction: 'Emnelinjen "{subject}" siger ikke, hvad du forventer, at modtageren gør.',
        statePurpose: 'Begynd med det, du forventer, fx "Til godkendelse: …", "Til orientering: …" eller "Svar senest 2026-12-28: …".',
      },
      sv: {
        missing: 'Mejlet saknar ämnesrad.',
        noAction: 'Ämnesraden "{subject}" säger inte vad du förväntar dig att mottagaren gör.',
        statePurpose: 'Börja med det du förväntar dig, t.ex. "För godkännande: …", "För kännedom: …" eller "Svara senast 2026-12-28: …".',
      },
    }),
  },
  check(context) {
    const { message, options } = context;
    if (options.ignoreReplies && isReply(message)) return;
    const { text, offset } = stripSubjectPrefixes(message.subject);
    const subject = text.trim();
    if (!subject) {
      context.report({ messageId: 'missing', location: { kind: 'header', header: 'Subject' }, suggestionId: 'statePurpose' });
      return;
    }
    if (subject.includes('?') || actions.first(subject)) return;
    const start = offset + text.indexOf(subject);
    context.report({
      messageId: 'noAction',
      params: { subject },
      location: { kind: 'header', header: 'Subject', start, end: start + subject.length },
      suggestionId: 'statePurpose',
    });
  },
});
