/** User-facing text of the E-ARK export: the package's documentation file and the CLI's messages. */
import { defineCatalog } from '../../i18n/catalog.ts';

export const messages = defineCatalog({
  en: {
    'doc.title': 'E-ARK information package from Postvakt',
    'doc.scope.case': 'Contents: the messages registered into case {caseNumber} (BK-20).',
    'doc.scope.period':
      'Contents: the messages sent and received from {from} to {to}, grouped by the case they are registered into; messages not registered into a case are in an aggregation of their own.',
    'doc.body':
      'Made by {software} for {organisation} on {created}. {records} records.\n\n' +
      'METS.xml follows E-ARK CSIP and lists every other file with its size, media type and SHA-256 checksum.\n' +
      'metadata/descriptive/erms.xml describes the case as an aggregation and each message as a record in E-ARK CITS ERMS 3.0 (in Sweden FGS Ärendehantering 2.0): direction, sender and recipients, dates, the registrar\'s title and classification, and the record status (public, not public with its ground, secret with its provision, of little importance).\n' +
      'representations/rep1/data/NNNN/ holds each message exactly as Postvakt stored it when it was sent or received (message.eml), and beside it, under attachments/, a copy of each attachment taken from it. The original is the .eml file; the copies are there to be read without an e-mail program.\n' +
      'The subject in the metadata has identity numbers and sensitive words masked, as in the mail log; the message itself is unchanged.\n' +
      'schemas/ holds the XML schemas the metadata follows.',
    'error.scope': 'give either --case CASE or both --from and --to',
    'error.empty.case': 'no messages are registered into case {caseNumber}',
    'error.empty.period': 'no messages were sent or received from {from} to {to}',
    'error.out': '--out {dir} is not a directory',
    'error.period': '--from {from} is after --to {to}',
    'done': 'Wrote {path}: {records} records, {files} files.',
  },
  da: {
    'doc.title': 'E-ARK-informationspakke fra Postvakt',
    'doc.scope.case': 'Indhold: de meddelelser, der er journaliseret på sag {caseNumber} (BK-20).',
    'doc.scope.period':
      'Indhold: de meddelelser, der er sendt og modtaget fra {from} til {to}, samlet efter den sag, de er journaliseret på; meddelelser, der ikke er journaliseret på en sag, ligger i en samling for sig.',
    'doc.body':
      'Dannet af {software} for {organisation} den {created}. {records} dokumenter.\n\n' +
      'METS.xml følger E-ARK CSIP og angiver alle andre filer med størrelse, medietype og SHA-256-kontrolsum.\n' +
      'metadata/descriptive/erms.xml beskriver sagen som en samling og hver meddelelse som et dokument i E-ARK CITS ERMS 3.0: retning, afsender og modtagere, datoer, journalens titel og klassifikation (KLE) og dokumentets status (offentligt, ikke offentligt med begrundelse, fortroligt med hjemmel, af ringe betydning).\n' +
      'representations/rep1/data/NNNN/ indeholder hver meddelelse nøjagtigt, som Postvakt gemte den, da den blev sendt eller modtaget (message.eml), og ved siden af, under attachments/, en kopi af hvert bilag taget ud af den. Originalen er .eml-filen; kopierne er der, så de kan læses uden et e-mailprogram.\n' +
      'Emnet i metadata har personnumre og følsomme ord maskeret som i postloggen; selve meddelelsen er uændret.\n' +
      'schemas/ indeholder de XML-skemaer, metadata følger.',
    'error.scope': 'angiv enten --case SAG eller både --from og --to',
    'error.empty.case': 'ingen meddelelser er journaliseret på sag {caseNumber}',
    'error.empty.period': 'ingen meddelelser er sendt eller modtaget fra {from} til {to}',
    'error.out': '--out {dir} er ikke en mappe',
    'error.period': '--from {from} ligger efter --to {to}',
    'done': 'Skrev {path}: {records} dokumenter, {files} filer.',
  },
  sv: {
    'doc.title': 'E-ARK-informationspaket från Postvakt',
    'doc.scope.case': 'Innehåll: de meddelanden som är registrerade i ärende {caseNumber} (BK-20).',
    'doc.scope.period':
      'Innehåll: de meddelanden som skickats och tagits emot från {from} till {to}, ordnade efter det ärende de är registrerade i; meddelanden som inte är registrerade i något ärende ligger i en egen samling.',
    'doc.body':
      'Skapat av {software} för {organisation} {created}. {records} handlingar.\n\n' +
      'METS.xml följer E-ARK CSIP och anger alla andra filer med storlek, medietyp och SHA-256-kontrollsumma.\n' +
      'metadata/descriptive/erms.xml beskriver ärendet som en akt och varje meddelande som en handling enligt E-ARK CITS ERMS 3.0 (FGS Ärendehantering 2.0): riktning, avsändare och mottagare, datum, registratorns rubrik och klassificering och handlingens status (allmän, inte allmän med grund, sekretess med bestämmelse, av ringa betydelse).\n' +
      'representations/rep1/data/NNNN/ innehåller varje meddelande exakt som Postvakt sparade det när det skickades eller togs emot (message.eml), och bredvid, under attachments/, en kopia av varje bilaga tagen ur det. Originalet är .eml-filen; kopiorna finns för att kunna läsas utan e-postprogram.\n' +
      'Ämnesraden i metadata har personnummer och känsliga ord maskerade som i e-postloggen; själva meddelandet är oförändrat.\n' +
      'schemas/ innehåller de XML-scheman som metadata följer.',
    'error.scope': 'ange antingen --case ÄRENDE eller både --from och --to',
    'error.empty.case': 'inga meddelanden är registrerade i ärende {caseNumber}',
    'error.empty.period': 'inga meddelanden har skickats eller tagits emot från {from} till {to}',
    'error.out': '--out {dir} är inte en katalog',
    'error.period': '--from {from} ligger efter --to {to}',
    'done': 'Skrev {path}: {records} handlingar, {files} filer.',
  },
});
