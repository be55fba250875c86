/** What `postvakt migrate` (and `migrate --status`) tells the operator. */
import { defineCatalog } from '../i18n/catalog.ts';

export const messages = defineCatalog({
  en: {
    applied: 'Applied migration {name}.',
    upToDate: 'The store is up to date ({count} migrations, {dialect}).',
    'status.applied': 'applied  {at}  {name}',
    'status.pending': 'pending  {name}',
    'status.summary': '{applied} of {count} migrations applied ({dialect}); {pending} pending.',
  },
  da: {
    applied: 'Migreringen {name} er udført.',
    upToDate: 'Databasen er opdateret ({count} migreringer, {dialect}).',
    'status.applied': 'udført   {at}  {name}',
    'status.pending': 'afventer  {name}',
    'status.summary': '{applied} af {count} migreringer er udført ({dialect}); {pending} afventer.',
  },
  sv: {
    applied: 'Migreringen {name} har körts.',
    upToDate: 'Databasen är uppdaterad ({count} migreringar, {dialect}).',
    'status.applied': 'körd     {at}  {name}',
    'status.pending': 'väntar   {name}',
    'status.summary': '{applied} av {count} migreringar är körda ({dialect}); {pending} väntar.',
  },
});
