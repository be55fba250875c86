/**
 * Answer templates (issue 17 item 6): routine answers the contact centre gives itself (BK-15), a
 * referral to the right authority with its contact details (BK-17) and an acknowledgement naming
 * a contact person (BK-14). The texts are data in da, sv and en (`data/templates.json`), the
 * authorities too (`data/authorities.json`); here they are filled in and made into the mail the
 * mailbox sends, which then goes through the gateway like any answer.
 */
import MimeNode from 'nodemailer/lib/mime-node';
import type { Lang } from '../i18n/catalog.ts';
import data from './data/templates.json' with { type: 'json' };
import authorities from './data/authorities.json' with { type: 'json' };
import rules from './data/answers.json' with { type: 'json' };

export type TemplateKind = 'routine' | 'referral' | 'acknowledgement';
export type TemplateField = 'note' | 'authority' | 'contactName' | 'contactPhone';

export interface AnswerTemplate {
  id: string;
  kind: TemplateKind;
  /** The guideline clause the template serves. */
  clause: string;
  fields: TemplateField[];
  required: TemplateField[];
  title: Record<Lang, string>;
  body: Record<Lang, string>;
}

export interface Authority {
  id: string;
  name: string;
  contact: string;
  source: string;
}

export const TEMPLATES = data.templates as AnswerTemplate[];

export function authoritiesOf(country: string): Authority[] {
  return (authorities as unknown as Record<string, Authority[] | undefined>)[country.toUpperCase()] ?? [];
}

export interface TemplateInput {
  template: string;
  lang: Lang;
  note?: string;
  /** An authority of the list, or another one typed with its contact details. */
  authority?: string;
  authorityName?: string;
  authorityContact?: string;
  contactName?: string;
  contactPhone?: string;
}

/** The input lacks something the template needs; `field` names it for the form. */
export class TemplateInputError extends Error {
  constructor(readonly field: TemplateField | 'template') {
    super(`missing or unknown: ${field}`);
  }
}

export interface Sender {
  municipality: { name: string; phone?: string | undefined; email?: string | undefined; web?: string | undefined };
  mailbox: string;
  country: string;
}

export interface FilledAnswer {
  template: AnswerTemplate;
  text: string;
  /** For an acknowledgement: the contact person as the answer names them. */
  contact?: string;
}

const LIMITS: Record<TemplateField, number> = { note: 4000, authority: 200, contactName: 120, contactPhone: 60 };

function clean(value: string | undefined, max: number): string {
  return (value ?? '').replace(/\r\n?/g, '\n').trim().slice(0, max);
}

export function fillTemplate(input: TemplateInput, sender: Sender): FilledAnswer {
  const template = TEMPLATES.find((t) => t.id === input.template);
  if (!template) throw new TemplateInputError('template');
  const listed = authoritiesOf(sender.country).find((a) => a.id === input.authority);
  const authority = listed ?? { name: clean(input.authorityName, LIMITS.authority), contact: clean(input.authorityContact, LIMITS.note) };
  const values: Record<string, string> = {
    municipality: sender.municipality.name,
    phone: sender.municipality.phone ?? '',
    email: sender.municipality.email ?? sender.mailbox,
    web: sender.municipality.web ?? '',
    mailbox: sender.mailbox,
    note: clean(input.note, LIMITS.note),
    authority: authority.name,
    authorityContact: authority.contact,
    contactName: clean(input.contactName, LIMITS.contactName),
    contactPhone: clean(input.contactPhone, LIMITS.contactPhone),
  };
  for (const field of template.required) {
    const missing = field === 'authority' ? !authority.name || !authority.contact : !values[field];
    if (missing) throw new TemplateInputError(field);
  }
  // A line that was only an empty placeholder goes, and so does the blank line it leaves.
  const text = template.body[input.lang]
    .split('\n')
    .filter((line) => !/^\{(\w+)\}$/.test(line.trim()) || values[line.trim().slice(1, -1)] !== '')
    .join('\n')
    .replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole)
    .replace(/\n{3,}/g, '\n\n');
  return {
    template,
    text,
    ...(template.kind === 'acknowledgement' ? { contact: `${values.contactName}, ${values.contactPhone}` } : {}),
  };
}

export interface AnswerMail {
  from: string;
  to: string;
  /** The received mail's subject (as the item keeps it). */
  subject: string;
  /** The received mail's Message-ID, which the answer refers to. */
  inReplyTo: string | null;
  answer: FilledAnswer;
  hostname: string;
  date: Date;
}

/** The answer as the mailbox sends it: a reply in the received mail's thread; an acknowledgement marked as one. */
export async function composeAnswer(mail: AnswerMail): Promise<Buffer> {
  const root = new MimeNode('text/plain; charset=utf-8', { hostname: mail.hostname, newline: 'win' });
  const subject = /^\s*(re|sv|aw|vs)\s*:/i.test(mail.subject) ? mail.subject : `Re: ${mail.subject}`;
  root.setHeader({ From: mail.from, To: mail.to, Subject: subject, Date: mail.date.toUTCString().replace('GMT', '+0000') });
  if (mail.inReplyTo) root.setHeader({ 'In-Reply-To': mail.inReplyTo, References: mail.inReplyTo });
  if (mail.answer.contact) {
    const ack = rules.acknowledgement;
    root.setHeader({ [ack.header]: ack.value, [ack.contactHeader]: mail.answer.contact });
  }
  // SMTP wants CRLF everywhere; the gateway refuses a bare LF.
  root.setContent(mail.answer.text.replace(/\n/g, '\r\n') + '\r\n');
  return root.build();
}
