/**
 * Input the parser cannot read at all. Everything it can read with a problem becomes a
 * `ParseWarning` on the Message instead; see `messages.ts` for both.
 */
import { registerInputError } from '../cli/errors.ts';
import { translate, type Lang, type Params } from '../i18n/catalog.ts';
import { messages, type ErrorCode } from './messages.ts';

export class MessageError extends Error {
  override readonly name = 'MessageError';

  constructor(
    /** A stable code, e.g. `doctype-forbidden`. */
    readonly code: ErrorCode,
    readonly params: Params = {},
  ) {
    super(translate(messages, 'en', `error.${code}`, params));
  }

  /** The same sentence in another language. */
  describe(lang: Lang): string {
    return translate(messages, lang, `error.${this.code}`, this.params);
  }
}

registerInputError(MessageError);
