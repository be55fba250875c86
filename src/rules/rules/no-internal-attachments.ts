/**
 * BK-12: within the organisation, do not attach files; share a link. Fires when every
 * recipient is internal and the mail carries attached files (inline images, such as a logo
 * in the signature, are not files someone attached).
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { defineRule } from '../types.ts';
import { allRecipients, isInternal } from '../support.ts';

export default defineRule({
  meta: {
    id: 'no-internal-attachments',
    clause: 'BK-12',
    docs: {
      description: {
        en: 'Mail to colleagues shares a link instead of attaching files.',
        da: 'Mail til kolleger deler et link i stedet for at vedhæfte filer.',
        sv: 'Mejl till kolleger delar en länk i stället för att bifoga filer.',
      },
      rationale: {
        en: 'An attached file becomes many copies in many mailboxes that soon differ. A link to the shared place keeps one version that everyone works on.',
        da: 'En vedhæftet fil bliver til mange kopier i mange postkasser, som hurtigt kommer til at afvige. Et link til det fælles sted giver én version, som alle arbejder i.',
        sv: 'En bifogad fil blir många kopior i många brevlådor som snart skiljer sig åt. En länk till den gemensamma platsen ger en version som alla arbetar i.',
      },
    },
    defaultLevel: 'warning',
    channels: ['email'],
    options: z.object({}).strict(),
    messages: defineCatalog({
      en: {
        attached: 'All recipients are colleagues, and {count} file(s) are attached: {files}.',
        shareLink: 'Put the file in the shared space (team site, case system or shared drive) and send a link instead.',
      },
      da: {
        attached: 'Alle modtagere er kolleger, og der er vedhæftet {count} fil(er): {files}.',
        shareLink: 'Læg filen på det fælles sted (teamsite, sagssystem eller fællesdrev), og send et link i stedet.',
      },
      sv: {
        attached: 'Alla mottagare är kolleger, och {count} fil(er) är bifogade: {files}.',
        shareLink: 'Lägg filen på den gemensamma platsen (teamsajt, ärendesystem eller gemensam lagring) och skicka en länk i stället.',
      },
    }),
  },
  check(context) {
    const { message, settings } = context;
    const files = message.attachments.filter((a) => a.disposition !== 'inline');
    const recipients = allRecipients(message);
    if (files.length === 0 || recipients.length === 0 || settings.internalDomains.length === 0) return;
    if (!recipients.every((r) => isInternal(r.address, settings.internalDomains))) return;
    context.report({
      messageId: 'attached',
      params: { count: files.length, files: files.map((f) => f.filename ?? f.contentType).join(', ') },
      location: { kind: 'message' },
      suggestionId: 'shareLink',
    });
  },
});
