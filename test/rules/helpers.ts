/**
 * Builds `Message` objects by hand, so each rule can be tested on exactly the shape it reads,
 * independent of the parser. The body is given as parts with their roles; offsets follow.
 */
import type { Address, BodySegment, Message } from '../../src/message/types.ts';
import { createEngine, type RulesConfig } from '../../src/rules/engine.ts';
import type { Finding, RuleSettings } from '../../src/rules/types.ts';
import type { Lang } from '../../src/i18n/catalog.ts';

export const settings: RuleSettings = {
  internalDomains: ['eksempel-kommune.dk'],
  distributionLists: ['alle@eksempel-kommune.dk', 'alle-*@eksempel-kommune.dk'],
  signatureTemplate: 'Med venlig hilsen\n{name}\n{title}\nEksempel Kommune\nTelefon: {phone}',
  municipalityName: 'Eksempel Kommune',
  timeZone: 'Europe/Copenhagen',
};

type Part = [BodySegment['kind'], string, number?];

export interface MessageSpec {
  subject?: string;
  from?: string;
  to?: string[];
  cc?: string[];
  bcc?: string[];
  /** Extra headers beyond those derived from the fields. */
  headers?: Record<string, string>;
  /** The body as one new-text part, or as parts with their roles (and depth). */
  body?: string | Part[];
  inReplyTo?: string;
  date?: string;
  attachments?: Message['attachments'];
  memo?: Message['memo'];
}

/** "Name <a@b>" or "a@b" into an Address. */
export function address(text: string): Address {
  const m = /^(.*?)\s*<([^>]+)>$/.exec(text);
  return m ? { name: m[1]!, address: m[2]! } : { address: text };
}

export function makeMessage(spec: MessageSpec): Message {
  const parts: Part[] = typeof spec.body === 'string' || spec.body === undefined ? [['new', spec.body ?? '']] : spec.body;
  let text = '';
  const segments: BodySegment[] = [];
  for (const [kind, partText, depth] of parts) {
    if (text && !text.endsWith('\n')) text += '\n';
    const start = text.length;
    text += partText;
    segments.push({ kind, start, end: text.length, ...(depth ? { depth } : {}) });
  }
  const headers = [
    { name: 'From', value: spec.from ?? 'Mette Hansen <meh@eksempel-kommune.dk>' },
    ...(spec.to?.length ? [{ name: 'To', value: spec.to.join(', ') }] : []),
    ...(spec.cc?.length ? [{ name: 'Cc', value: spec.cc.join(', ') }] : []),
    { name: 'Subject', value: spec.subject ?? '' },
    ...(spec.inReplyTo ? [{ name: 'In-Reply-To', value: spec.inReplyTo }] : []),
    ...Object.entries(spec.headers ?? {}).map(([name, value]) => ({ name, value })),
  ];
  return {
    channel: spec.memo ? 'digitalpost' : 'email',
    format: spec.memo ? 'memo' : 'eml',
    headers,
    subject: spec.subject ?? spec.memo?.label ?? '',
    from: address(spec.from ?? 'Mette Hansen <meh@eksempel-kommune.dk>'),
    replyTo: [],
    to: (spec.to ?? []).map(address),
    cc: (spec.cc ?? []).map(address),
    bcc: (spec.bcc ?? []).map(address),
    ...(spec.inReplyTo ? { inReplyTo: spec.inReplyTo } : {}),
    references: [],
    date: new Date(spec.date ?? '2026-11-23T09:00:00+01:00'),
    body: { text, source: 'plain', segments },
    attachments: spec.attachments ?? [],
    ...(spec.memo ? { memo: spec.memo } : {}),
    size: text.length,
    warnings: [],
  };
}

/** The findings of one rule only (all others off), in the given language. */
export function check(
  ruleId: string,
  message: Message,
  options: { options?: unknown; settings?: Partial<RuleSettings>; lang?: Lang } = {},
): Finding[] {
  const engine = createEngine({ settings: { ...settings, ...options.settings } });
  const rules: RulesConfig = Object.fromEntries(
    engine.rules.map(({ rule }) => [rule.meta.id, { level: rule.meta.id === ruleId ? 'warning' : 'off' }]),
  );
  if (options.options !== undefined) rules[ruleId] = { level: 'warning', options: options.options };
  return createEngine({ rules, settings: { ...settings, ...options.settings } }).check(message, { lang: options.lang ?? 'en' });
}

/** A minimal MeMo letter part, from a Danish municipality to a citizen. */
export function memo(overrides: Partial<NonNullable<Message['memo']>> = {}): NonNullable<Message['memo']> {
  return {
    version: '1.2',
    messageUuid: '5b2f7b0e-6a1e-4c1e-9d55-3f2a9b8c1d01',
    label: 'Din boligstøtte fra januar 2027',
    mandatory: false,
    legalNotification: false,
    sender: { id: '29189846', idType: 'CVR', label: 'Eksempel Kommune' },
    recipient: { id: '0101011234', idType: 'CPR' },
    contactPoints: [],
    actions: [],
    files: [{ role: 'main', filename: 'brev.txt', contentType: 'text/plain', size: 100 }],
    ...overrides,
  };
}
