/**
 * FX-11: the letter's title says what it is about, not just "Letter from the municipality".
 * Checks the MeMo label and notification, and the subject of e-mail to citizens.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { defineRule } from '../types.ts';
import { reachesCitizen, subjectHeader } from '../support.ts';
import { isGenericTitle } from '../titles.ts';

export default defineRule({
  meta: {
    id: 'descriptive-title',
    clause: 'FX-11',
    docs: {
      description: {
        en: 'The title of a letter to a citizen says what the letter is about.',
        da: 'Titlen på et brev til en borger siger, hvad brevet handler om.',
        sv: 'Rubriken på ett brev till en medborgare säger vad brevet handlar om.',
      },
      rationale: {
        en: 'A citizen who sees only "Letter from the municipality" cannot tell whether it is good news, a demand or a deadline, and worries until it is opened — worst of all before a weekend.',
        da: 'En borger, der kun ser "Brev fra kommunen", kan ikke se, om det er gode nyheder, et krav eller en frist, og bekymrer sig, indtil brevet er åbnet – værst op til en weekend.',
        sv: 'En medborgare som bara ser "Brev från kommunen" kan inte veta om det är goda nyheter, ett krav eller en tidsfrist, och oroar sig tills brevet är öppnat – värst inför en helg.',
      },
    },
    defaultLevel: 'warning',
    options: z.object({}).strict(),
    messages: defineCatalog({
      en: {
        generic: 'The title "{title}" does not say what the letter is about.',
        genericNotification: 'The notification "{title}" does not say what the letter is about.',
        empty: 'The letter has no title.',
        sayWhat: 'Name the matter and what happens, for example "Your housing benefit from January 2027" or "Invitation to a meeting on 2026-12-07".',
      },
      da: {
        generic: 'Titlen "{title}" siger ikke, hvad brevet handler om.',
        genericNotification: 'Notifikationen "{title}" siger ikke, hvad brevet handler om.',
        empty: 'Brevet har ingen titel.',
        sayWhat: 'Skriv, hvad sagen drejer sig om, og hvad der sker, fx "Din boligstøtte fra januar 2027" eller "Indkaldelse til samtale 2026-12-07".',
      },
      sv: {
        generic: 'Rubriken "{title}" säger inte vad brevet handlar om.',
        genericNotification: 'Aviseringen "{title}" säger inte vad brevet handlar om.',
        empty: 'Brevet saknar rubrik.',
        sayWhat: 'Skriv vad ärendet gäller och vad som händer, t.ex. "Ditt bostadsbidrag från januari 2027" eller "Kallelse till möte 2026-12-07".',
      },
    }),
  },
  check(context) {
    const { message, settings } = context;
    if (!reachesCitizen(message, settings.internalDomains)) return;
    const title = message.subject.trim();
    const name = subjectHeader(message);
    if (!title) {
      context.report({ messageId: 'empty', location: { kind: 'header', header: name }, suggestionId: 'sayWhat' });
    } else if (isGenericTitle(title, settings.municipalityName)) {
      const start = message.subject.indexOf(title);
      context.report({
        messageId: 'generic',
        params: { title },
        location: { kind: 'header', header: name, start, end: start + title.length },
        suggestionId: 'sayWhat',
      });
    }
    const notification = message.memo?.notification?.trim();
    if (notification && isGenericTitle(notification, settings.municipalityName)) {
      context.report({
        messageId: 'genericNotification',
        params: { title: notification },
        location: { kind: 'header', header: 'notification' },
        suggestionId: 'sayWhat',
      });
    }
  },
});
