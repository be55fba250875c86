/**
 * The grounds catalogue (BK-19, BK-24): why a document is not public, or which secrecy provision
 * covers it. The four BK-19 grounds hold in both countries; the secrecy provisions are per country
 * (SE: OSL chapters and sections; DK: forvaltningsloven § 27 and offentlighedsloven §§ 23, 30-33).
 * The shipped catalogue is a sample: every entry marked `review` is for the municipal lawyer to
 * check, and `records.grounds` in postvakt.yaml adds or replaces entries by id.
 *
 * Used by record status decisions (records/status.ts) and by requests for documents (issue 19),
 * which name the same grounds in their decision letters.
 */
import type { Lang } from '../i18n/catalog.ts';
import type { GroundEntry } from './config.ts';
import data from './data/grounds.json' with { type: 'json' };

export type Country = 'DK' | 'SE';
export type GroundKind = 'not-public' | 'secret';

export interface Ground {
  id: string;
  kind: GroundKind;
  /** `any`: a BK-19 ground that holds in both countries. */
  country: 'dk' | 'se' | 'any';
  /** The provision cited, e.g. "OSL 26 kap. 1 §"; "BK-19" for the guideline's own grounds. */
  provision: string;
  title: Record<Lang, string>;
  /** A sample entry still to be checked by the municipal lawyer. */
  review: boolean;
  /** Sensitive-term categories (text/sensitive) for which Postvakt suggests this ground. */
  suggestFor?: string[];
}

const shipped = data.grounds as Ground[];

/** The catalogue for one country: shipped grounds of that country and `any`, then the municipality's own (same id replaces). */
export function groundsFor(country: Country, own: readonly GroundEntry[] = [], kind?: GroundKind): Ground[] {
  const code = country === 'DK' ? 'dk' : 'se';
  const byId = new Map<string, Ground>();
  for (const g of shipped) if (g.country === 'any' || g.country === code) byId.set(g.id, g);
  for (const g of own) byId.set(g.id, { ...g, country: code });
  const all = [...byId.values()];
  return kind ? all.filter((g) => g.kind === kind) : all;
}

/** One ground of the country's catalogue by id, or undefined. */
export function findGround(country: Country, id: string, own: readonly GroundEntry[] = []): Ground | undefined {
  return groundsFor(country, own).find((g) => g.id === id);
}

/** "OSL 26 kap. 1 § — Socialtjänst (…)" in the reader's language. */
export function describeGround(ground: Ground, lang: Lang): string {
  return ground.provision === 'BK-19' ? `${ground.title[lang]} (BK-19)` : `${ground.provision} — ${ground.title[lang]}`;
}
