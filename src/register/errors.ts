/** The register's errors: what the case worker typed or asked for could not be done. */
import { CatalogError } from '../i18n/catalog-error.ts';
import type { Params } from '../i18n/catalog.ts';
import { messages } from './messages.ts';

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
