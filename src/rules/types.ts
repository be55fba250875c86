/**
 * The shape of a rule, after ESLint's rule modules: `meta` (id, the guideline clause it serves,
 * docs, default level, options schema, messages in da/sv/en) and a `check` that reports findings.
 */
import type { z } from 'zod';
import type { Catalog, Lang, Params } from '../i18n/catalog.ts';
import type { Message } from '../message/types.ts';

export const LEVELS = ['off', 'suggestion', 'warning', 'error'] as const;
export type Level = (typeof LEVELS)[number];

/** Where a finding is: a header (with an optional span inside its value) or the body. */
export type Location =
  | { kind: 'header'; header: string; start?: number; end?: number }
  | { kind: 'body'; start: number; end: number; line: number; column: number }
  | { kind: 'message' };

/** A replacement of [start, end) in the header value or body text that the location names. */
export interface Fix {
  start: number;
  end: number;
  text: string;
}

export type Confidence = 'low' | 'medium' | 'high';

export interface Finding {
  ruleId: string;
  clause: string;
  level: Exclude<Level, 'off'>;
  /** The key into the rule's messages, stable across languages. */
  messageId: string;
  /** Rendered in the requested language. */
  message: string;
  location: Location;
  /** What to do instead, rendered. */
  suggestion?: string;
  /** Why the guideline asks for this, rendered from the rule's docs. */
  explanation?: string;
  fix?: Fix;
  confidence?: Confidence;
}

/** Settings from `postvakt.yaml` that rules share (domains, lists, the signature template). */
export interface RuleSettings {
  internalDomains: string[];
  distributionLists: string[];
  signatureTemplate?: string;
  municipalityName: string;
  /** IANA zone that dates in the text are meant in (the calendar's zone). */
  timeZone?: string;
  /** The profile's country: settles an identity number valid in both countries. */
  country?: 'dk' | 'se';
}

export interface Report<K extends string> {
  messageId: K;
  params?: Params;
  location: Location;
  suggestionId?: K;
  suggestionParams?: Params;
  fix?: Fix;
  confidence?: Confidence;
}

export interface RuleContext<O, K extends string> {
  message: Message;
  options: O;
  lang: Lang;
  settings: RuleSettings;
  report(report: Report<K>): void;
  /** Body location for a body offset range (computes line and column). */
  bodyLocation(start: number, end: number): Location;
  /** When the message was written (its Date, else the checking clock): anchors dates without a year. */
  reference?: Date;
}

export interface RuleMeta<S extends z.ZodType, K extends string> {
  id: string;
  /** The GUIDELINES.md clause this rule serves, e.g. "BK-11". */
  clause: string;
  docs: {
    description: Record<Lang, string>;
    /** Why the guideline asks for this; shown with every finding. */
    rationale?: Record<Lang, string>;
  };
  defaultLevel: Level;
  /** Options are validated against this schema when the config is loaded. */
  options: S;
  messages: Catalog<K>;
  /** Channels the rule applies to (default both). */
  channels?: Array<Message['channel']>;
}

export interface Rule<S extends z.ZodType = z.ZodType, K extends string = string> {
  meta: RuleMeta<S, K>;
  check(context: RuleContext<z.infer<S>, K>): void;
}

/** Any rule, whatever its options and message keys: what lists and the engine hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the options type varies per rule
export type AnyRule = Rule<z.ZodType, any>;

/** Identity helper that keeps the option and message types linked. */
export function defineRule<S extends z.ZodType, K extends string>(rule: Rule<S, K>): Rule<S, K> {
  return rule;
}
