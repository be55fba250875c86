/**
 * BK-7: no mass e-mail to larger groups; use the intranet. Counts distinct recipients against
 * a threshold (default 25, Outlook's "large audience") and finds the distribution lists that
 * the configuration names.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { defineRule } from '../types.ts';
import { allRecipients, headerLocation, rememberLast } from '../support.ts';
import thresholds from '../data/thresholds.json' with { type: 'json' };

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`, 'i');
}

const listPatterns = rememberLast((lists: string[]) => lists.map(globToRegExp));

export default defineRule({
  meta: {
    id: 'no-mass-mail',
    clause: 'BK-7',
    docs: {
      description: {
        en: 'The message must not go to a large group or a distribution list.',
        da: 'Mailen må ikke sendes til en stor gruppe eller en distributionsliste.',
        sv: 'Mejlet får inte skickas till en stor grupp eller en sändlista.',
      },
      rationale: {
        en: 'Mass e-mail fills everyone’s inbox with mail that concerns few of them. News for many belongs on the intranet, where people read it when it suits them.',
        da: 'Massemails fylder alles indbakke med post, som kun vedrører få. Nyheder til mange hører hjemme på intranettet, hvor man læser dem, når det passer.',
        sv: 'Massutskick fyller allas inkorgar med post som bara rör ett fåtal. Nyheter till många hör hemma på intranätet, där man läser dem när det passar.',
      },
    },
    defaultLevel: 'warning',
    channels: ['email'],
    options: z.object({ max: z.number().int().positive().default(thresholds['no-mass-mail'].max) }).strict(),
    messages: defineCatalog({
      en: {
        tooMany: 'The message goes to {count} recipients; the limit is {max}.',
        distributionList: '{address} is a distribution list that reaches many people.',
        useIntranet: 'Post it on the intranet, or send it only to those it concerns.',
      },
      da: {
        tooMany: 'Mailen går til {count} modtagere; grænsen er {max}.',
        distributionList: '{address} er en distributionsliste, som når mange mennesker.',
        useIntranet: 'Læg det på intranettet, eller send det kun til dem, det vedrører.',
      },
      sv: {
        tooMany: 'Mejlet går till {count} mottagare; gränsen är {max}.',
        distributionList: '{address} är en sändlista som når många personer.',
        useIntranet: 'Lägg ut det på intranätet, eller skicka det bara till dem som det berör.',
      },
    }),
  },
  check(context) {
    const { message, options, settings } = context;
    const count = new Set(allRecipients(message).map((a) => a.address.toLowerCase())).size;
    if (count > options.max) {
      context.report({
        messageId: 'tooMany',
        params: { count, max: options.max },
        location: headerLocation(message, message.to.length ? 'To' : message.cc.length ? 'Cc' : 'Bcc'),
        suggestionId: 'useIntranet',
      });
    }
    const lists = listPatterns(settings.distributionLists);
    if (lists.length === 0) return;
    for (const [name, addresses] of [['To', message.to], ['Cc', message.cc], ['Bcc', message.bcc]] as const) {
      for (const { address } of addresses) {
        if (!lists.some((re) => re.test(address))) continue;
        context.report({
          messageId: 'distributionList',
          params: { address },
          location: headerLocation(message, name, address),
          suggestionId: 'useIntranet',
        });
      }
    }
  },
});
