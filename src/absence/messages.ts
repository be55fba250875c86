/** The out-of-office reply (BK-22), the managers' alerts (BK-21) and the `absence` command's text. */
import { defineCatalog } from '../i18n/catalog.ts';

export const messages = defineCatalog({
  en: {
    badWhen: 'Expected a date YYYY-MM-DD or an instant with its offset, not "{value}"',
    replySubject: 'Auto: {subject}',
    replyAway: '{person} is away and back on {returnOn}.',
    replySubstitute: 'Your mail has been passed on to {substitute}, who can help you in the meantime. You can also write to {substitute} directly.',
    replyNobody: 'Your mail will be read when {person} is back. If it cannot wait, please contact {municipality}{contact}.',
    replyFooter: 'This is an automatic reply (sent once per absence).',
    alertBeforeSubject: 'Nobody stands in for {person} from {start}',
    alertBefore:
      '{person} ({unit}) is away from {start} to {end}, and no substitute is named. Their mailbox must be watched while they are away (BK-21): name a substitute (a person or a function mailbox) in Postvakt, or arrange cover.',
    alertUnwatchedSubject: 'Mail for {person} while nobody watches',
    alertUnwatched:
      'Mail from outside arrived for {person} ({unit}), who is away until {end}, and nobody stands in (BK-21). Please see that it is read and answered, and name a substitute in Postvakt.',
    alertFooter: 'You get this as a manager of {unit}.',
    badRange: 'The absence must end after it starts',
    badSubstitute: 'The substitute {substitute} must be another address of the organisation',
    noUnit: 'Name the unit (--unit): {person} is in no configured mailbox',
    badUnit: 'Unknown unit "{unit}": expected one of {units}',
    notFound: 'No absence {id}',
    none: 'No absences',
    added: 'Absence {id} recorded',
    removed: 'Absence {id} removed',
  },
  da: {
    badWhen: 'Forventede en dato ÅÅÅÅ-MM-DD eller et tidspunkt med tidszone, ikke "{value}"',
    replySubject: 'Auto: {subject}',
    replyAway: '{person} er fraværende og tilbage {returnOn}.',
    replySubstitute: 'Din mail er givet videre til {substitute}, som kan hjælpe dig i mellemtiden. Du kan også skrive direkte til {substitute}.',
    replyNobody: 'Din mail bliver læst, når {person} er tilbage. Hvis den ikke kan vente, så kontakt {municipality}{contact}.',
    replyFooter: 'Dette er et automatisk svar (sendes én gang pr. fravær).',
    alertBeforeSubject: 'Ingen stedfortræder for {person} fra {start}',
    alertBefore:
      '{person} ({unit}) er fraværende fra {start} til {end}, og der er ikke angivet en stedfortræder. Postkassen skal passes under fraværet (BK-21): angiv en stedfortræder (en person eller en funktionspostkasse) i Postvakt, eller sørg for dækning.',
    alertUnwatchedSubject: 'Mail til {person}, mens ingen passer postkassen',
    alertUnwatched:
      'Der er kommet mail udefra til {person} ({unit}), som er fraværende til {end}, og ingen er stedfortræder (BK-21). Sørg for at den bliver læst og besvaret, og angiv en stedfortræder i Postvakt.',
    alertFooter: 'Du får denne besked som leder af {unit}.',
    badRange: 'Fraværet skal slutte efter det begynder',
    badSubstitute: 'Stedfortræderen {substitute} skal være en anden af organisationens adresser',
    noUnit: 'Angiv enheden (--unit): {person} står ikke i nogen konfigureret postkasse',
    badUnit: 'Ukendt enhed "{unit}": forventede en af {units}',
    notFound: 'Intet fravær {id}',
    none: 'Intet fravær',
    added: 'Fravær {id} registreret',
    removed: 'Fravær {id} slettet',
  },
  sv: {
    badWhen: 'Förväntade ett datum ÅÅÅÅ-MM-DD eller en tidpunkt med tidszon, inte "{value}"',
    replySubject: 'Auto: {subject}',
    replyAway: '{person} är frånvarande och tillbaka {returnOn}.',
    replySubstitute: 'Ditt mejl har lämnats vidare till {substitute}, som kan hjälpa dig under tiden. Du kan också skriva direkt till {substitute}.',
    replyNobody: 'Ditt mejl läses när {person} är tillbaka. Om det inte kan vänta, kontakta {municipality}{contact}.',
    replyFooter: 'Det här är ett automatiskt svar (skickas en gång per frånvaro).',
    alertBeforeSubject: 'Ingen ersättare för {person} från {start}',
    alertBefore:
      '{person} ({unit}) är frånvarande från {start} till {end}, och ingen ersättare är angiven. Brevlådan ska bevakas under frånvaron (BK-21): ange en ersättare (en person eller en funktionsbrevlåda) i Postvakt, eller ordna bevakning.',
    alertUnwatchedSubject: 'Mejl till {person} medan ingen bevakar brevlådan',
    alertUnwatched:
      'Det har kommit mejl utifrån till {person} ({unit}), som är frånvarande till {end}, och ingen ersättare finns (BK-21). Se till att det läses och besvaras, och ange en ersättare i Postvakt.',
    alertFooter: 'Du får det här som chef för {unit}.',
    badRange: 'Frånvaron måste sluta efter att den börjar',
    badSubstitute: 'Ersättaren {substitute} måste vara en annan av organisationens adresser',
    noUnit: 'Ange enheten (--unit): {person} finns inte i någon konfigurerad brevlåda',
    badUnit: 'Okänd enhet "{unit}": förväntade en av {units}',
    notFound: 'Ingen frånvaro {id}',
    none: 'Ingen frånvaro',
    added: 'Frånvaro {id} registrerad',
    removed: 'Frånvaro {id} borttagen',
  },
});

export type AbsenceMessage = keyof (typeof messages)['en'];
