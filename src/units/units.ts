/** Who leads and who registers for a unit, and in which language to tell them. */
import type { Config } from '../config/schema.ts';
import type { Lang } from '../i18n/catalog.ts';
import type { UnitConfig } from './config.ts';

export interface Unit extends UnitConfig {
  name: string;
  language: Lang;
}

export interface Units {
  /** The unit with this id; a unit that is not listed has no managers or registrars. */
  get(id: string): Unit;
  all(): Unit[];
}

export function createUnits(config: Pick<Config, 'units' | 'municipality'>): Units {
  const fallback = config.municipality.language as Lang;
  const complete = (u: UnitConfig): Unit => ({ ...u, name: u.name ?? u.id, language: (u.language as Lang | undefined) ?? fallback });
  const byId = new Map(config.units.map((u) => [u.id, complete(u)]));
  return {
    get: (id) => byId.get(id) ?? complete({ id, managers: [], registrars: [] }),
    all: () => [...byId.values()],
  };
}
