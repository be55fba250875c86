/**
 * User-facing text of `postvakt check`: level names, labels and summaries in the reports.
 * The findings' own sentences live in each rule's `meta.messages`.
 */
import { defineCatalog } from '../i18n/catalog.ts';

export const messages = defineCatalog({
  en: {
    'level.error': 'error',
    'level.warning': 'warning',
    'level.suggestion': 'suggestion',
    'location.message': 'message',
    'label.why': 'Why',
    'label.instead': 'Instead',
    'label.fix': 'Fix',
    'label.parseWarning': 'read with a warning',
    'label.inputError': 'cannot be checked',
    summary: 'Findings: {total} (errors: {errors}, warnings: {warnings}, suggestions: {suggestions})',
    clean: 'No findings.',
    failedFiles: 'Files that could not be checked: {count}',
    'error.noFiles': 'give one or more files to check, or - to read from standard input',
    'error.unreadable': 'cannot read the file ({code})',
    'listRules.header': 'Rules (level as configured; default in brackets):',
  },
  da: {
    'level.error': 'fejl',
    'level.warning': 'advarsel',
    'level.suggestion': 'forslag',
    'location.message': 'beskeden',
    'label.why': 'Hvorfor',
    'label.instead': 'Gør i stedet',
    'label.fix': 'Ret til',
    'label.parseWarning': 'læst med en advarsel',
    'label.inputError': 'kan ikke kontrolleres',
    summary: 'Fund: {total} (fejl: {errors}, advarsler: {warnings}, forslag: {suggestions})',
    clean: 'Ingen fund.',
    failedFiles: 'Filer, der ikke kunne kontrolleres: {count}',
    'error.noFiles': 'angiv en eller flere filer, der skal kontrolleres, eller - for at læse fra standard input',
    'error.unreadable': 'filen kan ikke læses ({code})',
    'listRules.header': 'Regler (niveau som konfigureret; standard i parentes):',
  },
  sv: {
    'level.error': 'fel',
    'level.warning': 'varning',
    'level.suggestion': 'förslag',
    'location.message': 'meddelandet',
    'label.why': 'Varför',
    'label.instead': 'Gör i stället',
    'label.fix': 'Ändra till',
    'label.parseWarning': 'läst med en varning',
    'label.inputError': 'kan inte kontrolleras',
    summary: 'Fynd: {total} (fel: {errors}, varningar: {warnings}, förslag: {suggestions})',
    clean: 'Inga fynd.',
    failedFiles: 'Filer som inte kunde kontrolleras: {count}',
    'error.noFiles': 'ange en eller flera filer att kontrollera, eller - för att läsa från standard in',
    'error.unreadable': 'filen kan inte läsas ({code})',
    'listRules.header': 'Regler (nivå enligt konfigurationen; standard inom parentes):',
  },
});
