/** What the inbound door says to SMTP clients and the `replies` command to its reader. */
import { defineCatalog } from '../i18n/catalog.ts';

export const messages = defineCatalog({
  en: {
    notOurs: 'Recipient not accepted here: {domain} is not a domain of this organisation',
    badState: 'Unknown state "{state}": expected waiting, acknowledged, answered or overdue',
    none: 'No items',
    notJournal: 'Not an Exchange journal report: {error}',
  },
  da: {
    notOurs: 'Modtageren modtages ikke her: {domain} er ikke et af organisationens domaener',
    badState: 'Ukendt tilstand "{state}": forventede waiting, acknowledged, answered eller overdue',
    none: 'Ingen sager',
    notJournal: 'Ikke en journalrapport fra Exchange: {error}',
  },
  sv: {
    notOurs: 'Mottagaren tas inte emot här: {domain} är inte en av organisationens domäner',
    badState: 'Okänt tillstånd "{state}": förväntade waiting, acknowledged, answered eller overdue',
    none: 'Inga ärenden',
    notJournal: 'Inte en journalrapport från Exchange: {error}',
  },
});
