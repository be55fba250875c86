/**
 * SF1601 KombiPostAfsend's answers (issue 24), `<kombi_response><Result>true|false</Result>…`,
 * and what each KombiValgKode means for the hold. The request itself is read in the check pool
 * (`message/kombi.ts`).
 */
import type { DeliveryRoute } from '../decision/config.ts';
import { translate, type Lang, type Params } from '../i18n/catalog.ts';
import type { KombiValgKode } from '../message/kombi.ts';
import { messages, type MessageKey } from './messages.ts';

/**
 * Each KombiValgKode and the route whose delay decides a hold (FX-2). Digital Post and NemSMS
 * reach the citizen at once (FX-1); print takes days; Automatisk Valg is Digital Post when the
 * citizen can receive it, so it uses the digital delay (issue 24).
 */
export const KOMBI_ROUTES: Readonly<Record<KombiValgKode, DeliveryRoute>> = {
  'Digital Post': 'digitalpost',
  NemSMS: 'nemsms',
  'Fysisk Post': 'physicalpost',
  'Automatisk Valg': 'digitalpost',
};

export type KombiErrorCode =
  | 'unauthorized'
  | 'invalid-transaction'
  | 'transaction-conflict'
  | 'unsupported-media-type'
  | 'too-large'
  | 'invalid-xml'
  | 'doctype-forbidden'
  | 'not-kombi-request'
  | 'unknown-kombivalgkode'
  | 'memo-required'
  | 'invalid-memo'
  | 'duplicate-uuid'
  | 'refused'
  | 'check-timeout'
  | 'internal';

/** A refusal in the service's own shape: HTTP status, a stable FejlId and a FejlTekst in the client's language. */
export class KombiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: KombiErrorCode,
    readonly params: Params = {},
    /** The text when it comes from elsewhere (the parser's own refusal), else this catalog's. */
    private readonly text?: (lang: Lang) => string,
  ) {
    super(text ? text('en') : translate(messages, 'en', `kombi.error.${code}` as MessageKey, params));
  }

  render(lang: Lang): string {
    return kombiError(this.code, this.text ? this.text(lang) : translate(messages, lang, `kombi.error.${this.code}` as MessageKey, this.params));
  }
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** `Result` true, with an Advis that says what a receipt would (held until…, or forwarded), nothing more. */
export function kombiSuccess(advis: { id: string; text: string }): string {
  return (
    `${DECLARATION}<kombi_response><Result>true</Result><HovedoplysningerSvarREST><SvarReaktion><Advis>` +
    `<AdvisId>${xmlText(advis.id)}</AdvisId><AdvisTekst>${xmlText(advis.text)}</AdvisTekst>` +
    `</Advis></SvarReaktion></HovedoplysningerSvarREST></kombi_response>\n`
  );
}

export function kombiError(code: string, text: string): string {
  return (
    `${DECLARATION}<kombi_response><Result>false</Result><HovedoplysningerSvarREST><SvarReaktion><Fejl>` +
    `<FejlId>${xmlText(code)}</FejlId><FejlTekst>${xmlText(text)}</FejlTekst>` +
    `</Fejl></SvarReaktion></HovedoplysningerSvarREST></kombi_response>\n`
  );
}
