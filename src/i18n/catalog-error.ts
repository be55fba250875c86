/**
 * Errors a case worker or sender may see (web app, CLI): a stable code plus parameters, the
 * English sentence as the message (logs) and `describe(lang)` for the reader's language.
 */
import { translate, type Catalog, type Lang, type Params } from './catalog.ts';

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
