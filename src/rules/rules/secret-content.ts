/**
 * BK-27: no secret information by e-mail. Terms that reveal sensitive personal data in the body
 * get a warning, once per category (the first place it occurs, with the count), so a case worker
 * sees what to move to a secure channel without a wall of findings. Quoted history counts, since
 * it is sent too; the signature does not.
 */
import { defineCatalog, translate } from '../../i18n/catalog.ts';
import { messageText } from '../../text/message.ts';
import { textMessages } from '../../text/messages.ts';
import { findSensitiveTerms, type SensitiveMatch } from '../../text/sensitive.ts';
import { defineRule } from '../types.ts';
import { sensitiveCategoriesOptions } from '../support.ts';

export default defineRule({
  meta: {
    id: 'secret-content',
    clause: 'BK-27',
    docs: {
      description: {
        en: 'The e-mail reveals nothing sensitive about a person (health, social measures, crime …).',
        da: 'Mailen afslører intet følsomt om en person (helbred, sociale foranstaltninger, kriminalitet …).',
        sv: 'Mejlet avslöjar inget känsligt om en person (hälsa, sociala insatser, brott …).',
      },
      rationale: {
        en: 'Sensitive personal data must not travel by ordinary e-mail; use a secure channel.',
        da: 'Følsomme personoplysninger må ikke sendes med almindelig mail; brug en sikker kanal.',
        sv: 'Känsliga personuppgifter får inte skickas med vanlig e-post; använd en säker kanal.',
      },
    },
    defaultLevel: 'warning',
    channels: ['email'],
    options: sensitiveCategoriesOptions,
    messages: defineCatalog({
      en: {
        found: 'The e-mail reveals {category}: "{text}" ({count} in all).',
        secure: 'Send sensitive details through a secure channel, and keep them out of ordinary e-mail.',
      },
      da: {
        found: 'Mailen afslører {category}: "{text}" ({count} i alt).',
        secure: 'Send følsomme oplysninger sikkert, fx med sikker mail eller Digital Post, ikke med almindelig mail.',
      },
      sv: {
        found: 'Mejlet avslöjar {category}: "{text}" ({count} totalt).',
        secure: 'Skicka känsliga uppgifter via en säker kanal, inte med vanlig e-post.',
      },
    }),
  },
  check(context) {
    const own = messageText(context.message, context.lang);
    const wanted = new Set(context.options.categories);
    // A signature names the writer's department ("Socialtjänsten"), not a person's situation.
    const signatures = context.message.body.segments.filter((s) => s.kind === 'signature');
    const inSignature = (at: number) => signatures.some((s) => at >= s.start && at < s.end);
    const byCategory = new Map<string, SensitiveMatch[]>();
    for (const m of findSensitiveTerms(own.bodyWords(), own.lang === 'en' ? ['da', 'sv'] : [own.lang])) {
      if (!wanted.has(m.category) || inSignature(m.start)) continue;
      const list = byCategory.get(m.category);
      if (list) list.push(m);
      else byCategory.set(m.category, [m]);
    }
    for (const [category, matches] of byCategory) {
      const first = matches[0]!;
      context.report({
        messageId: 'found',
        params: { category: translate(textMessages, context.lang, category as SensitiveMatch['category']), text: first.text, count: matches.length },
        location: context.bodyLocation(first.start, first.end),
        suggestionId: 'secure',
      });
    }
  },
});
