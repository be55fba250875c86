/**
 * Whether a title says nothing about the letter (FX-11): "Brev fra kommunen", "Meddelande",
 * "Du har fået post". Shared by the title rule and the cover-text rule.
 */
import genericTitles from './data/generic-titles.json' with { type: 'json' };
import { stripSubjectPrefixes } from './support.ts';

const { $comment: _, ...lists } = genericTitles;
const GENERIC = new Set(Object.values(lists).flat());
const FROM_SENDER = /\s+(?:fra|från|from)\s+(?:\{municipality\}|kommunen|the municipality|os|oss|us)$/u;

function normalise(title: string, municipalityName: string): string {
  let text = ` ${stripSubjectPrefixes(title).text.toLowerCase()} `;
  const name = municipalityName.toLowerCase().trim();
  if (name) text = text.split(name).join(' {municipality} ');
  return text
    .replace(/[^\p{L}\p{N}{}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function isGenericTitle(title: string, municipalityName: string): boolean {
  const text = normalise(title, municipalityName);
  return text === '' || GENERIC.has(text) || GENERIC.has(text.replace(FROM_SENDER, ''));
}
