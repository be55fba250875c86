/** The managers' alert about an uncovered function mailbox (BK-16) and the `mailboxes` command's text. */
import { defineCatalog } from '../i18n/catalog.ts';

export const messages = defineCatalog({
  en: {
    gapSubject: 'Nobody on duty for {mailbox} on {day}',
    gapBody: 'The function mailbox {mailbox} ({unit}) has nobody on duty for part of the telephone hours on {day} (BK-16):',
    gapAction: 'Please arrange cover: members mark themselves on duty in Postvakt, or the weekly roster is set in the configuration.',
    gapFooter: 'You get this as a manager of {unit}.',
    notFunction: '{mailbox} is not a function mailbox',
    notMember: '{person} is not an owner or member of {mailbox}',
    badHours: 'Expected hours HH:MM-HH:MM with the start before the end, not "{hours}"',
    badDate: 'Expected a date YYYY-MM-DD, not "{date}"',
    marked: '{person} is on duty for {mailbox} on {day}, {hours}',
    covered: 'covered',
  },
  da: {
    gapSubject: 'Ingen har vagt på {mailbox} {day}',
    gapBody: 'Funktionspostkassen {mailbox} ({unit}) har ingen på vagt i en del af telefontiden {day} (BK-16):',
    gapAction: 'Sørg for dækning: medlemmer melder sig på vagt i Postvakt, eller den ugentlige vagtplan sættes i konfigurationen.',
    gapFooter: 'Du får denne besked som leder af {unit}.',
    notFunction: '{mailbox} er ikke en funktionspostkasse',
    notMember: '{person} er hverken ejer eller medlem af {mailbox}',
    badHours: 'Forventede tidsrum TT:MM-TT:MM, hvor start er før slut, ikke "{hours}"',
    badDate: 'Forventede en dato ÅÅÅÅ-MM-DD, ikke "{date}"',
    marked: '{person} har vagt på {mailbox} {day}, {hours}',
    covered: 'dækket',
  },
  sv: {
    gapSubject: 'Ingen har bevakning av {mailbox} {day}',
    gapBody: 'Funktionsbrevlådan {mailbox} ({unit}) saknar bevakning under en del av telefontiden {day} (BK-16):',
    gapAction: 'Ordna bevakning: medlemmar anmäler sig i Postvakt, eller veckoschemat sätts i konfigurationen.',
    gapFooter: 'Du får det här som chef för {unit}.',
    notFunction: '{mailbox} är inte en funktionsbrevlåda',
    notMember: '{person} är varken ägare eller medlem av {mailbox}',
    badHours: 'Förväntade tider TT:MM-TT:MM där start är före slut, inte "{hours}"',
    badDate: 'Förväntade ett datum ÅÅÅÅ-MM-DD, inte "{date}"',
    marked: '{person} har bevakning av {mailbox} {day}, {hours}',
    covered: 'bevakad',
  },
});

export type CoverageMessage = keyof (typeof messages)['en'];
