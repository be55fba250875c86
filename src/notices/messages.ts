/** Text of the sender notices (a message was held, or was not held), the review reminder and the RFC 3464 failure report. */
import { defineCatalog } from '../i18n/catalog.ts';

export const messages = defineCatalog({
  en: {
    heldSubject: 'Held until {release}: {subject}',
    heldIntro: 'Postvakt is holding your message "{subject}" to {recipients}. It will be sent {release}.',
    heldReasons: 'Why:',
    heldQuestions: 'Before it goes, please consider:',
    heldLink: 'Open the held message to release it now (with a reason), reschedule or cancel it:',
    heldNoWeb: 'If it cannot wait, or should not go at all, ask the Postvakt administrator to release or cancel it (queue id {id}).',
    heldReviewOverdue:
      'The recipient’s consideration flag is past its review date. The message is still held, to be on the safe side; the flag’s owner and unit have been reminded to review it.',
    heldId: 'Queue id: {id}',
    heldFooter: 'You get this notice because your message was held under the municipality’s consideration guideline.',
    notHeldSubject: 'Delivered now, not held: {subject}',
    notHeldIntro:
      'Postvakt has delivered your message "{subject}" to {recipients} now. A recipient is in the consideration register, and the message would otherwise have been held, but it may not be delayed, for the reason given below.',
    notHeldQuestions: 'It has gone; please consider:',
    notHeldFooter: 'You get this notice because your message to a recipient in the consideration register could not be held under the municipality’s consideration guideline.',
    notHeldAngryIntro:
      'Postvakt has delivered your message "{subject}" to {recipients} now. Its tone would have held it until the next morning, but it may not be delayed, for the reason given below.',
    notHeldAngryFooter: 'You get this notice because your message could not be held for its tone under the municipality’s e-mail guideline.',
    reminderSubject: 'Review overdue: consideration flag {flag}',
    reminderBody:
      'The consideration flag {flag} of {unit} was due for review on {date}. Until it is reviewed it keeps holding letters to the citizen before closed days, to be on the safe side (FX-4).',
    reminderAction: 'Review it in Postvakt’s consideration register: keep it with a new review date, or remove it.',
    reminderFooter: 'You get this reminder as the flag’s owner or its unit; it comes again every week until the flag is reviewed.',
    dsnSubject: 'Undelivered mail: {subject}',
    dsnIntro: 'Your message "{subject}" could not be delivered to the recipients below. Postvakt gave up on it.',
    dsnRecipient: '{recipient}: {error}',
    dsnKeep: 'The original message is attached. Please check the addresses, or contact the IT department if the problem persists.',
  },
  da: {
    heldSubject: 'Tilbageholdt til {release}: {subject}',
    heldIntro: 'Postvakt tilbageholder din besked "{subject}" til {recipients}. Den bliver sendt {release}.',
    heldReasons: 'Begrundelse:',
    heldQuestions: 'Overvej inden afsendelse:',
    heldLink: 'Åbn den tilbageholdte besked for at frigive den nu (med en begrundelse), flytte eller annullere den:',
    heldNoWeb: 'Hvis den ikke kan vente eller slet ikke skal sendes, så bed Postvakts administrator om at frigive eller annullere den (kø-id {id}).',
    heldReviewOverdue:
      'Modtagerens hensynsmarkering er ikke revurderet til tiden. Beskeden tilbageholdes stadig for en sikkerheds skyld; markeringens ejer og enhed er mindet om at revurdere den.',
    heldId: 'Kø-id: {id}',
    heldFooter: 'Du får denne besked, fordi din besked er tilbageholdt efter kommunens retningslinje om hensynsfuld kommunikation.',
    notHeldSubject: 'Leveret nu, ikke tilbageholdt: {subject}',
    notHeldIntro:
      'Postvakt har leveret din besked "{subject}" til {recipients} nu. En modtager står i hensynsregistret, og beskeden ville ellers være tilbageholdt, men den må ikke forsinkes af den grund, der står nedenfor.',
    notHeldQuestions: 'Den er sendt; overvej:',
    notHeldFooter: 'Du får denne besked, fordi din besked til en modtager i hensynsregistret ikke kunne tilbageholdes efter kommunens retningslinje om hensynsfuld kommunikation.',
    notHeldAngryIntro:
      'Postvakt har leveret din besked "{subject}" til {recipients} nu. Tonen ville have holdt den tilbage til næste morgen, men den må ikke forsinkes af den grund, der står nedenfor.',
    notHeldAngryFooter: 'Du får denne besked, fordi din besked ikke kunne holdes tilbage for sin tone efter kommunens retningslinje for e-mail.',
    reminderSubject: 'Revurdering overskredet: hensynsmarkering {flag}',
    reminderBody:
      'Hensynsmarkeringen {flag} hos {unit} skulle have været revurderet senest {date}. Indtil den er revurderet, tilbageholder den fortsat breve til borgeren før lukkedage for en sikkerheds skyld (FX-4).',
    reminderAction: 'Revurdér den i Postvakts hensynsregister: behold den med en ny revurderingsdato, eller slet den.',
    reminderFooter: 'Du får denne påmindelse som markeringens ejer eller enhed; den kommer igen hver uge, indtil markeringen er revurderet.',
    dsnSubject: 'Kunne ikke leveres: {subject}',
    dsnIntro: 'Din besked "{subject}" kunne ikke leveres til modtagerne nedenfor. Postvakt har opgivet at levere den.',
    dsnRecipient: '{recipient}: {error}',
    dsnKeep: 'Den oprindelige besked er vedhæftet. Kontrollér adresserne, eller kontakt IT-afdelingen, hvis problemet fortsætter.',
  },
  sv: {
    heldSubject: 'Hålls kvar till {release}: {subject}',
    heldIntro: 'Postvakt håller kvar ditt meddelande "{subject}" till {recipients}. Det skickas {release}.',
    heldReasons: 'Skäl:',
    heldQuestions: 'Fundera på detta innan det skickas:',
    heldLink: 'Öppna det kvarhållna meddelandet för att släppa det nu (med ett skäl), flytta eller stoppa det:',
    heldNoWeb: 'Om det inte kan vänta eller inte ska skickas alls, be Postvakts administratör att släppa eller stoppa det (kö-id {id}).',
    heldReviewOverdue:
      'Mottagarens hänsynsmarkering har inte omprövats i tid. Meddelandet hålls ändå kvar för säkerhets skull; markeringens ägare och enhet har påmints om att ompröva den.',
    heldId: 'Kö-id: {id}',
    heldFooter: 'Du får det här meddelandet eftersom ditt meddelande hålls kvar enligt kommunens riktlinje om hänsynsfull kommunikation.',
    notHeldSubject: 'Levererat nu, inte kvarhållet: {subject}',
    notHeldIntro:
      'Postvakt har levererat ditt meddelande "{subject}" till {recipients} nu. En mottagare finns i hänsynsregistret, och meddelandet skulle annars ha hållits kvar, men det får inte fördröjas av skälet nedan.',
    notHeldQuestions: 'Det har skickats; fundera på detta:',
    notHeldFooter: 'Du får det här meddelandet eftersom ditt meddelande till en mottagare i hänsynsregistret inte kunde hållas kvar enligt kommunens riktlinje om hänsynsfull kommunikation.',
    notHeldAngryIntro:
      'Postvakt har levererat ditt meddelande "{subject}" till {recipients} nu. Tonen skulle ha hållit kvar det till nästa morgon, men det får inte fördröjas av skälet nedan.',
    notHeldAngryFooter: 'Du får det här meddelandet eftersom ditt meddelande inte kunde hållas kvar för sin ton enligt kommunens riktlinje för e-post.',
    reminderSubject: 'Omprövning försenad: hänsynsmarkering {flag}',
    reminderBody:
      'Hänsynsmarkeringen {flag} hos {unit} skulle ha omprövats senast {date}. Tills den omprövas håller den fortfarande kvar brev till invånaren före stängda dagar, för säkerhets skull (FX-4).',
    reminderAction: 'Ompröva den i Postvakts hänsynsregister: behåll den med ett nytt omprövningsdatum, eller ta bort den.',
    reminderFooter: 'Du får den här påminnelsen som markeringens ägare eller enhet; den kommer igen varje vecka tills markeringen har omprövats.',
    dsnSubject: 'Kunde inte levereras: {subject}',
    dsnIntro: 'Ditt meddelande "{subject}" kunde inte levereras till mottagarna nedan. Postvakt har gett upp försöken.',
    dsnRecipient: '{recipient}: {error}',
    dsnKeep: 'Originalmeddelandet finns bifogat. Kontrollera adresserna, eller kontakta IT-avdelningen om problemet kvarstår.',
  },
});
