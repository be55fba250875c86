/** What `postvakt queue` and `postvakt serve` print for people. */
import { defineCatalog } from '../i18n/catalog.ts';

export const messages = defineCatalog({
  en: {
    empty: 'The queue is empty.',
    header: 'ID                                    STATUS      CHANNEL      RELEASE/NEXT               TRIES  RCPT  SUBJECT',
    released: 'Released {id}: it is delivered now.',
    rescheduled: 'Held {id} until {at}.',
    cancelled: 'Cancelled {id}: it will not be sent.',
    retried: 'Queued {id} for a new delivery attempt now.',
    told: 'Recorded for {id}: the citizen was told in advance (FX-9).',
    runDue: 'Released {released}, delivered {delivered}, deferred {deferred}, failed {failed}.',
    events: 'History:',
    reasonRequired: 'give the reason with --reason "…" (it is kept in the history)',
    notFound: 'no queue item with id {id}',
  },
  da: {
    empty: 'Køen er tom.',
    header: 'ID                                    STATUS      KANAL        FRIGIVES/NÆSTE             FORSØG MODT  EMNE',
    released: '{id} er frigivet og bliver leveret nu.',
    rescheduled: '{id} tilbageholdes til {at}.',
    cancelled: '{id} er annulleret og bliver ikke sendt.',
    retried: '{id} er sat i kø til et nyt leveringsforsøg nu.',
    told: 'Registreret for {id}: borgeren er orienteret på forhånd (FX-9).',
    runDue: 'Frigivet {released}, leveret {delivered}, udskudt {deferred}, mislykket {failed}.',
    events: 'Historik:',
    reasonRequired: 'angiv begrundelsen med --reason "…" (den gemmes i historikken)',
    notFound: 'intet element i køen med id {id}',
  },
  sv: {
    empty: 'Kön är tom.',
    header: 'ID                                    STATUS      KANAL        SLÄPPS/NÄSTA               FÖRSÖK MOTT  ÄMNE',
    released: '{id} är släppt och levereras nu.',
    rescheduled: '{id} hålls kvar till {at}.',
    cancelled: '{id} är avbrutet och skickas inte.',
    retried: '{id} är köat för ett nytt leveransförsök nu.',
    told: 'Registrerat för {id}: medborgaren har informerats i förväg (FX-9).',
    runDue: 'Släppta {released}, levererade {delivered}, uppskjutna {deferred}, misslyckade {failed}.',
    events: 'Historik:',
    reasonRequired: 'ange skälet med --reason "…" (det sparas i historiken)',
    notFound: 'inget objekt i kön med id {id}',
  },
});
