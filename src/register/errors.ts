/**
 * Errors a case worker or sender may see (web app, CLI): a stable code plus parameters, the
 * English sentence as the message (logs, CLI) and `describe(lang)` for Danish and Swedish.
 */
import { translate, type Catalog, type Lang, type Params } from '../i18n/catalog.ts';
import { messages } from './messages.ts';

export class CatalogError<K extends string> extends Error {
  constructor(
    private readonly catalog: Catalog<K>,
    readonly code: K,
    readonly params: Params = {},
  ) {
    super(translate(catalog, 'en', code, params));
  }

  /** The same sentence in another language. */
  describe(lang: Lang): string {
    return translate(this.catalog, lang, this.code, this.params);
  }
}

type RegisterMessage = keyof (typeof messages)['en'];
type ErrorKey<P extends string> = Extract<RegisterMessage, `${P}${string}`>;

/** The identifier is not one Postvakt can flag; the message says what was expected. */
export class IdentifierError extends CatalogError<RegisterMessage> {
  constructor(code: ErrorKey<'error.identifier.'>, params: Params = {}) {
    super(messages, code, params);
  }
}

/** A request the register refuses (unknown flag, duplicate, bad date); nothing was changed. */
export class RegisterError extends CatalogError<RegisterMessage> {
  constructor(code: Exclude<ErrorKey<'error.'>, ErrorKey<'error.identifier.'>>, params: Params = {}) {
    super(messages, code, params);
  }
}
