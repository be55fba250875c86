/**
 * Problem details (RFC 9457) for the intake's refusals: a title and detail in the client's
 * language, and for invalid letters one entry per bad element with what MeMo expects there.
 */
import { translate, type Lang, type Params } from '../i18n/catalog.ts';
import { messages, type MessageKey } from './messages.ts';

export interface ElementError {
  /** Which letter of a multipart request (0-based); absent for a single letter. */
  file?: number;
  /** Element path, e.g. `MessageHeader/Recipient/recipientID`. */
  path: string;
  /** What MeMo expects there, in the client's language. */
  expected: string;
  /** What the letter has there, when it has something. */
  found?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ElementError[];
}

/** A refusal the intake decided on, rendered when the language is known. */
export class IntakeProblem extends Error {
  constructor(
    readonly status: number,
    readonly titleKey: MessageKey,
    readonly detailKey: MessageKey,
    readonly params: Params = {},
    readonly errors?: ElementError[],
  ) {
    super(translate(messages, 'en', detailKey, params));
  }

  render(lang: Lang): Problem {
    return {
      type: `urn:postvakt:digitalpost:${this.titleKey.replace(/^problem\./, '')}`,
      title: translate(messages, lang, this.titleKey),
      status: this.status,
      detail: translate(messages, lang, this.detailKey, this.params),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}
