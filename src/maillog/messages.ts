/** User-facing text of the mail log: `postvakt log` output and the verification verdicts. */
import { defineCatalog } from '../i18n/catalog.ts';

export const messages = defineCatalog({
  en: {
    'verify.ok': 'The mail log is intact: {rows} rows, chain head {hash}.',
    'verify.broken': 'The mail log has been tampered with at row {seq}: {why} ({rows} rows before it are intact).',
    'reason.edited': 'the row was changed after it was written',
    'reason.moved': 'the row was moved from another place in the log',
    'reason.unlinked': 'the row does not follow the row before it, so rows were deleted or inserted',
    'reason.missing': 'the row is missing (deleted)',
    'reason.truncated': 'the newest rows are missing (deleted)',
    'error.date': '--{option} "{value}" is not allowed; expected a date YYYY-MM-DD',
    'error.period': '--from {from} is after --to {to}',
    'error.format': '--format "{value}" is not allowed; expected csv or json',
  },
  da: {
    'verify.ok': 'Postloggen er intakt: {rows} rækker, kædens hoved {hash}.',
    'verify.broken': 'Postloggen er manipuleret ved række {seq}: {why} ({rows} rækker før den er intakte).',
    'reason.edited': 'rækken er ændret, efter den blev skrevet',
    'reason.moved': 'rækken er flyttet fra et andet sted i loggen',
    'reason.unlinked': 'rækken følger ikke rækken før den, så der er slettet eller indsat rækker',
    'reason.missing': 'rækken mangler (er slettet)',
    'reason.truncated': 'de nyeste rækker mangler (er slettet)',
    'error.date': '--{option} "{value}" er ikke tilladt; brug en dato ÅÅÅÅ-MM-DD',
    'error.period': '--from {from} ligger efter --to {to}',
    'error.format': '--format "{value}" er ikke tilladt; brug csv eller json',
  },
  sv: {
    'verify.ok': 'E-postloggen är intakt: {rows} rader, kedjans huvud {hash}.',
    'verify.broken': 'E-postloggen har manipulerats vid rad {seq}: {why} ({rows} rader före den är intakta).',
    'reason.edited': 'raden har ändrats efter att den skrevs',
    'reason.moved': 'raden har flyttats från ett annat ställe i loggen',
    'reason.unlinked': 'raden följer inte raden före den, så rader har tagits bort eller lagts till',
    'reason.missing': 'raden saknas (har tagits bort)',
    'reason.truncated': 'de senaste raderna saknas (har tagits bort)',
    'error.date': '--{option} "{value}" är inte tillåtet; ange ett datum ÅÅÅÅ-MM-DD',
    'error.period': '--from {from} ligger efter --to {to}',
    'error.format': '--format "{value}" är inte tillåtet; ange csv eller json',
  },
});
