/** What `postvakt retention` and the retention run tell people (issue 20). */
import { defineCatalog } from '../i18n/catalog.ts';

export const messages = defineCatalog({
  en: {
    'plan.header': 'ITEM                                  RULE                 PURGE AT                   KEPT BECAUSE',
    'plan.none': 'No message bodies are stored.',
    'plan.noRule': '(no rule: kept)',
    'plan.summary': '{bodies} bodies: {due} due for purging now, {held} kept by a hold, {later} later, {kept} kept (no rule).',
    'run.summary': 'Purged {bodies} message bodies, {logRows} mail-log rows and {auditRows} register audit rows.',
    'run.checkpoint': 'The signed checkpoint at log row {checkpoint} vouches for the purged log rows.',
    'hold.added': 'Body of {id} is kept until the hold ends: {reason}',
    'hold.ended': 'Ended {count} hold(s) on {id}; the body follows its retention rule again.',
    'hold.none': 'No manual holds.',
    'held.queue': 'held in the queue',
    'error.reasonMissing': 'give the reason with --reason "…" (it is shown in the plan)',
    'error.noItem': 'no queue item with id {id}',
    'error.noHold': 'queue item {id} has no open manual hold',
  },
  da: {
    'plan.header': 'ELEMENT                               REGEL                SLETTES                    BEVARES FORDI',
    'plan.none': 'Der er ingen brevindhold gemt.',
    'plan.noRule': '(ingen regel: bevares)',
    'plan.summary': '{bodies} brevindhold: {due} skal slettes nu, {held} bevares af en tilbageholdelse, {later} senere, {kept} bevares (ingen regel).',
    'run.summary': 'Slettede {bodies} brevindhold, {logRows} rækker i postloggen og {auditRows} rækker i registrets log.',
    'run.checkpoint': 'Det signerede kontrolpunkt i logrække {checkpoint} står inde for de slettede logrækker.',
    'hold.added': 'Indholdet af {id} bevares, til tilbageholdelsen ophører: {reason}',
    'hold.ended': '{count} tilbageholdelse(r) af {id} er ophørt; indholdet følger igen sin regel.',
    'hold.none': 'Ingen manuelle tilbageholdelser.',
    'held.queue': 'tilbageholdt i køen',
    'error.reasonMissing': 'angiv begrundelsen med --reason "…" (den vises i planen)',
    'error.noItem': 'der er intet element i køen med id {id}',
    'error.noHold': 'elementet {id} har ingen åben manuel tilbageholdelse',
  },
  sv: {
    'plan.header': 'OBJEKT                                REGEL                GALLRAS                    SPARAS EFTERSOM',
    'plan.none': 'Inget brevinnehåll är sparat.',
    'plan.noRule': '(ingen regel: sparas)',
    'plan.summary': '{bodies} brevinnehåll: {due} ska gallras nu, {held} skyddas av ett bevarandebeslut, {later} senare, {kept} sparas (ingen regel).',
    'run.summary': 'Gallrade {bodies} brevinnehåll, {logRows} rader i e-postloggen och {auditRows} rader i registrets logg.',
    'run.checkpoint': 'Den signerade kontrollpunkten på loggrad {checkpoint} går i god för de gallrade loggraderna.',
    'hold.added': 'Innehållet i {id} sparas tills bevarandet upphör: {reason}',
    'hold.ended': '{count} bevarande för {id} har upphört; innehållet följer åter sin regel.',
    'hold.none': 'Inga manuella bevaranden.',
    'held.queue': 'kvarhållet i kön',
    'error.reasonMissing': 'ange skälet med --reason "…" (det visas i planen)',
    'error.noItem': 'det finns inget objekt i kön med id {id}',
    'error.noHold': 'objektet {id} har inget öppet manuellt bevarande',
  },
});

export type RetentionMessage = keyof (typeof messages)['en'];
