/**
 * FX-8: before sending, consider how the citizen can get in touch afterwards. The letter (or
 * the mail to a citizen) must give a way to reach the municipality — a phone number, an e-mail
 * address, a contact person — and a Digital Post letter also when that is possible.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import type { Message } from '../../message/types.ts';
import { defineRule } from '../types.ts';
import { PhraseMatcher, reachesCitizen } from '../support.ts';
import cues from '../data/contact-cues.json' with { type: 'json' };

const contactCues = new PhraseMatcher(cues.contact);
const hoursCues = new PhraseMatcher(cues.hours);
// The look-behind starts a match only at the start of a word, which keeps the scan linear.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/u;
/** Danish 8-digit numbers (+45 12 34 56 78) and Swedish area-code numbers (08-123 45 67, 010-000 00 00). */
const PHONE = /(?<![\d-])(?:(?:\+45\s?)?\d{2}(?:\s?\d{2}){3}|(?:\+46\s?|0)\d{1,3}[\s-]\d{2,3}(?:\s?\d{2}){1,3})(?![\d-])/u;
/** "kl. 8-15", "08.00–15.00", "9:00-12:00": hours written as a range. */
const HOURS = /(?<!\p{L})(?:kl\.?|klockan|klokken)\s*\d{1,2}(?:[.:]\d{2})?\s*[-–]\s*\d{1,2}|(?<!\d)\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}(?!\d)/iu;

/** The text the citizen sees: everything but quoted history, plus the MeMo notification. */
function readableText(message: Message): string {
  const { text, segments } = message.body;
  const own = segments.length
    ? segments.filter((s) => s.kind === 'new' || s.kind === 'signature').map((s) => text.slice(s.start, s.end)).join('\n')
    : text;
  return [message.memo?.notification ?? '', own].join('\n');
}

export default defineRule({
  meta: {
    id: 'contact-path',
    clause: 'FX-8',
    docs: {
      description: {
        en: 'A letter to a citizen says how to get in touch: phone, e-mail or a contact person, and when.',
        da: 'Et brev til en borger siger, hvordan man kommer i kontakt: telefon, mail eller en kontaktperson, og hvornår.',
        sv: 'Ett brev till en medborgare säger hur man kommer i kontakt: telefon, e-post eller en kontaktperson, och när.',
      },
      rationale: {
        en: 'A letter can raise questions or worry. A citizen who knows whom to call, and when, does not have to carry that alone until someone can be reached.',
        da: 'Et brev kan rejse spørgsmål eller bekymring. En borger, der ved, hvem man kan ringe til og hvornår, skal ikke bære på det alene, til nogen kan træffes.',
        sv: 'Ett brev kan väcka frågor eller oro. En medborgare som vet vem man kan ringa och när behöver inte bära på det ensam tills någon går att nå.',
      },
    },
    defaultLevel: 'warning',
    options: z.object({ requireHours: z.boolean().default(true) }).strict(),
    messages: defineCatalog({
      en: {
        noContact: 'The message does not say how the citizen can get in touch.',
        addContact: 'Add a contact person with phone number and e-mail, for example in the signature.',
        noHours: 'The letter gives no hours for when the citizen can call.',
        addHours: 'Add the phone hours, for example "You can call Monday to Thursday 8–15 and Friday 8–13".',
      },
      da: {
        noContact: 'Beskeden fortæller ikke, hvordan borgeren kan komme i kontakt.',
        addContact: 'Skriv en kontaktperson med telefonnummer og mail, fx i signaturen.',
        noHours: 'Brevet siger ikke, hvornår borgeren kan ringe.',
        addHours: 'Skriv telefontiden, fx "Du kan ringe mandag til torsdag kl. 8-15 og fredag kl. 8-13".',
      },
      sv: {
        noContact: 'Meddelandet säger inte hur medborgaren kan komma i kontakt.',
        addContact: 'Skriv en kontaktperson med telefonnummer och e-postadress, t.ex. i signaturen.',
        noHours: 'Brevet säger inte när medborgaren kan ringa.',
        addHours: 'Skriv telefontiden, t.ex. "Du kan ringa måndag till torsdag kl. 8–16.30 och fredag kl. 8–15".',
      },
    }),
  },
  check(context) {
    const { message, options, settings } = context;
    if (!reachesCitizen(message, settings.internalDomains)) return;
    const memo = message.memo;
    const points = memo ? [...memo.contactPoints, ...(memo.sender.attention ? [memo.sender.attention] : [])] : [];
    const text = readableText(message);
    const hasContact =
      points.some((p) => p.phone || p.email || p.url || p.address) ||
      // Most letters have no "@"; without one EMAIL would still try every word in the text.
      (text.includes('@') && EMAIL.test(text)) ||
      PHONE.test(text) ||
      contactCues.first(text) !== undefined;
    if (!hasContact) {
      context.report({ messageId: 'noContact', location: { kind: 'message' }, suggestionId: 'addContact' });
      return;
    }
    if (message.channel !== 'digitalpost' || !options.requireHours) return;
    const hasHours = points.some((p) => p.openingHours) || hoursCues.first(text) !== undefined || HOURS.test(text);
    if (!hasHours) context.report({ messageId: 'noHours', location: { kind: 'message' }, suggestionId: 'addHours' });
  },
});
