/**
 * Writes eld's "medium" n-gram database cut down to Danish, English and Swedish into eld's own
 * `src/ngrams/` folder, as eld's README describes for subsets (its `saveSubset()` only works in a
 * browser). `patches/eld+<version>.patch` carries the result; after an eld upgrade, run
 * `npx tsx scripts/eld-subset.ts && npx patch-package eld` to make it again.
 *
 * Why: the full database holds 60 languages in a 2 MB module that takes about a second to parse
 * and 60 MB of heap in every thread that loads it, while Postvakt only asks for three. Languages
 * are numbered 0…n-1 here because eld sizes its score array by the number of languages; each
 * language's scores are sums over its own n-grams, so the answers do not change (the language
 * tests compare both databases on the whole corpus).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SUBSET_NAME = 'medium-da-en-sv';
const LANGUAGES = ['da', 'en', 'sv'];

interface NgramsData {
  type: string;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

// eld exports no package.json; its main entry is src/entries/dynamic.js.
const eldDir = fileURLToPath(new URL('../..', import.meta.resolve('eld')));
const { ngramsData } = (await import(join(eldDir, 'src/ngrams/medium.js'))) as { ngramsData: NgramsData };

const oldIds = LANGUAGES.map((code) => {
  const id = Object.keys(ngramsData.languages).find((key) => ngramsData.languages[key] === code);
  if (id === undefined) throw new Error(`eld's medium database has no ${code}`);
  return id;
});
const ngrams: NgramsData['ngrams'] = {};
for (const [ngram, scores] of Object.entries(ngramsData.ngrams)) {
  const kept: Record<string, number> = {};
  oldIds.forEach((old, id) => {
    if (scores[old] !== undefined) kept[id] = scores[old];
  });
  if (Object.keys(kept).length > 0) ngrams[ngram] = kept;
}
const subset = { type: ngramsData.type, languages: Object.fromEntries(LANGUAGES.map((code, id) => [id, code])), isSubset: true, ngrams };
const file = join(eldDir, 'src/ngrams', `${SUBSET_NAME}.js`);
writeFileSync(
  file,
  `// eld's medium database for ${LANGUAGES.join(', ')} only, written by Postvakt's scripts/eld-subset.ts.\n` +
    `// Copyright 2023 Nito T.M. [ Apache 2.0 Licence https://www.apache.org/licenses/LICENSE-2.0 ]\n` +
    `export const ngramsData = ${JSON.stringify(subset)};\n`,
);
console.log(`${file}: ${Object.keys(ngrams).length} of ${Object.keys(ngramsData.ngrams).length} n-grams`);
