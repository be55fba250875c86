/**
 * Reads the labelled evaluation corpus in `eval/corpus/<lang>/<detector>.tsv`:
 * one `label<TAB>sentence` per line, `#` lines are comments.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TextLang } from '../src/text/segment.ts';

export interface Labelled {
  label: boolean;
  text: string;
}

const ROOT = fileURLToPath(new URL('./corpus/', import.meta.url));

export function readCorpus(lang: TextLang, detector: string): Labelled[] {
  const file = `${ROOT}${lang}/${detector}.tsv`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const tab = line.indexOf('\t');
      if (tab < 0) throw new Error(`${file}: a line without a tab: ${line}`);
      return { label: line.slice(0, tab) === '1', text: line.slice(tab + 1) };
    });
}

/** Every sentence of a language, from all detectors' files. */
export function allSentences(lang: TextLang): string[] {
  return ['officialese', 'tone', 'sensitive', 'identity'].flatMap((d) => readCorpus(lang, d).map((s) => s.text));
}

/**
 * Paragraphs of at least `minWords` words, made by joining sentences of one language taken in a
 * fixed interleaved order (so a paragraph mixes topics, as a letter does).
 */
export function paragraphs(lang: TextLang, minWords = 20): string[] {
  const sentences = allSentences(lang);
  const order = sentences.map((_, i) => (i * 7919) % sentences.length);
  const out: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const i of new Set(order)) {
    const s = sentences[i]!;
    current.push(s);
    words += s.split(/\s+/).length;
    if (words >= minWords) {
      out.push(current.join(' '));
      current = [];
      words = 0;
    }
  }
  return out;
}
