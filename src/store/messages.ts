/** What `postvakt migrate` tells the operator. */
import { defineCatalog } from '../i18n/catalog.ts';

export const messages = defineCatalog({
  en: {
    applied: 'Applied migration {name}.',
    upToDate: 'The store is up to date ({count} migrations, {dialect}).',
  },
  da: {
    applied: 'Migreringen {name} er udført.',
    upToDate: 'Databasen er opdateret ({count} migreringer, {dialect}).',
  },
  sv: {
    applied: 'Migreringen {name} har körts.',
    upToDate: 'Databasen är uppdaterad ({count} migreringar, {dialect}).',
  },
});
