/**
 * BK-6: cc is for information only and never asks the recipient to act; avoid cc unless
 * necessary. Finds a cc recipient who is named in a sentence that asks for something, and a
 * long cc list.
 */
import { z } from 'zod';
import { defineCatalog } from '../../i18n/catalog.ts';
import { defineRule } from '../types.ts';
import { headerLocation, newText, PhraseMatcher, sentences, type PhraseMatch } from '../support.ts';
import thresholds from '../data/thresholds.json' with { type: 'json' };
import requestWords from '../data/requests.json' with { type: 'json' };

const { $comment: _, ...requestLists } = requestWords;
const requests = new PhraseMatcher(requestLists);

/** The first name a person is addressed by: the display name's first word. */
function firstName(name: string | undefined): string | undefined {
  const first = name?.replace(/^"|"$/g, '').split(/[\s,]+/)[0];
  return first && /^\p{Lu}\p{L}{2,}$/u.test(first) ? first : undefined;
}

export default defineRule({
  meta: {
    id: 'cc-for-information',
    clause: 'BK-6',
    docs: {
      description: {
        en: 'Recipients on cc are informed only; they are never asked to do anything.',
        da: 'Modtagere på cc får kun information; de bliver aldrig bedt om at gøre noget.',
        sv: 'Mottagare på kopia får bara information; de ombeds aldrig att göra något.',
      },
      rationale: {
        en: 'People read cc mail as "for your information". A request hidden there is easily missed, and a long cc list spreads mail to people it does not concern.',
        da: 'Folk læser cc-post som "til orientering". En opgave gemt der bliver let overset, og en lang cc-liste spreder post til folk, den ikke vedrører.',
        sv: 'Man läser kopior som "för kännedom". En uppgift som göms där missas lätt, och en lång kopielista sprider post till personer den inte berör.',
      },
    },
    defaultLevel: 'warning',
    channels: ['email'],
    options: z.object({ maxCc: z.number().int().min(0).default(thresholds['cc-for-information'].maxCc) }).strict(),
    messages: defineCatalog({
      en: {
        askedToAct: '{name} is on cc but is asked to do something here.',
        moveToTo: 'Put {name} in the To field, or leave the request out of this mail.',
        manyCc: '{count} recipients on cc; more than {max}.',
        fewerCc: 'Keep on cc only those who really need to know.',
      },
      da: {
        askedToAct: '{name} står som cc, men bliver her bedt om at gøre noget.',
        moveToTo: 'Sæt {name} i Til-feltet, eller tag opgaven ud af denne mail.',
        manyCc: '{count} modtagere på cc; mere end {max}.',
        fewerCc: 'Sæt kun dem på cc, som virkelig har brug for at vide det.',
      },
      sv: {
        askedToAct: '{name} står på kopia men ombeds här att göra något.',
        moveToTo: 'Flytta {name} till Till-fältet, eller stryk uppgiften ur det här mejlet.',
        manyCc: '{count} mottagare på kopia; fler än {max}.',
        fewerCc: 'Sätt bara dem på kopia som verkligen behöver veta.',
      },
    }),
  },
  check(context) {
    const { message, options } = context;
    if (message.cc.length > options.maxCc) {
      context.report({
        messageId: 'manyCc',
        params: { count: message.cc.length, max: options.maxCc },
        location: headerLocation(message, 'Cc'),
        suggestionId: 'fewerCc',
      });
    }
    const toNames = new Set(message.to.map((a) => firstName(a.name)?.toLowerCase()));
    const text = newText(message);
    // Split only when a cc recipient can be named in a sentence; the cheap name test goes first.
    let split: PhraseMatch[] | undefined;
    for (const cc of message.cc) {
      const name = firstName(cc.name);
      // A name shared with someone in To cannot tell who is asked.
      if (!name || toNames.has(name.toLowerCase())) continue;
      const pattern = new RegExp(`(?<!\\p{L})${name}(?!\\p{L})`, 'u');
      split ??= sentences(text.text);
      for (const s of split) {
        const m = pattern.exec(s.text);
        if (!m || !requests.first(s.text)) continue;
        const start = text.toBody(s.start + m.index);
        context.report({
          messageId: 'askedToAct',
          params: { name },
          location: context.bodyLocation(start, start + name.length),
          suggestionId: 'moveToTo',
          suggestionParams: { name },
        });
        break;
      }
    }
  },
});
