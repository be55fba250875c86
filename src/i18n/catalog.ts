/**
 * Message catalogs. Each module keeps its user-facing text in a `messages.ts` beside it,
 * defined with `defineCatalog`, so English is the key set and Danish and Swedish must
 * translate every key (the type checker refuses a missing one).
 */
export const LANGUAGES = ['da', 'sv', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

export type Catalog<K extends string> = Record<Lang, Record<K, string>>;

export function defineCatalog<K extends string>(catalog: {
  en: Record<K, string>;
  da: Record<K, string>;
  sv: Record<K, string>;
}): Catalog<K> {
  return catalog;
}

export type Params = Record<string, string | number>;

/** Replace `{name}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function format(template: string, params: Params = {}): string {
  // Most messages have no placeholder; this runs for every finding.
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

export function translate<K extends string>(catalog: Catalog<K>, lang: Lang, key: K, params?: Params): string {
  return format(plural(catalog[lang][key], lang, params), params);
}

const pluralRules = new Map<Lang, Intl.PluralRules>();
const PLURAL = /\{(\w+), plural,((?:\s*\w+ \{[^{}]*\})+)\s*\}/g;

/**
 * `{count, plural, one {# brev} other {# breve}}`: the form the language's plural rules choose
 * for the number (`#`), as in ICU MessageFormat, so "1 tilbageholdt brev" is not "1 … breve".
 */
function plural(template: string, lang: Lang, params: Params = {}): string {
  if (!template.includes(', plural,')) return template;
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return template.replace(PLURAL, (whole, name: string, cases: string) => {
    const n = Number(params[name]);
    if (!(name in params) || Number.isNaN(n)) return whole;
    const forms = new Map([...cases.matchAll(/(\w+) \{([^{}]*)\}/g)].map((m) => [m[1]!, m[2]!]));
    return (forms.get(rules.select(n)) ?? forms.get('other') ?? whole).replaceAll('#', String(n));
  });
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Pick the best language from an Accept-Language header or a locale string such as "sv-SE". */
export function negotiateLang(header: string | undefined, fallback: Lang): Lang {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (base === 'nb' || base === 'no' || base === 'nn') continue;
    if (isLang(base)) return base;
  }
  return fallback;
}
