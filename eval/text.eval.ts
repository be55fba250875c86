/**
 * `npm run eval:text`: precision and recall of each text detector per language on every labelled
 * set in `eval/corpus/`, and language-detection accuracy on paragraphs of 20+ words.
 *
 * Every set is printed. The exit code is 1 only when a target is missed on a set that counts:
 * the `tuned` sets (the main sets and `holdout-tone`, which has been tuned against). `held-out`
 * sets (`holdout-officialese`, `holdout2-officialese`, `holdout2-tone`) are reported with their
 * target, marked "missed (held-out)" when below it, and never change the exit code. `FA` is the
 * share of a set's 0 lines the detector fires on; the plain-control line (issue 16) pools the plain
 * rewrites of the source-based officialese sets and fails the run above 0.02. See `eval/README.md`.
 */
import { plainControl, PLAIN_FALSE_ALARMS, scoreAll, TARGETS, type Score } from './score.ts';

const rows = scoreAll();
const pct = (x: number): string => x.toFixed(3);
console.log('detector             set       lang  n     P      R      acc    FA     target');
let failed = false;
for (const r of rows) {
  const ok = meets(r);
  if (!ok && r.role === 'tuned') failed = true;
  const verdict = ok ? 'ok' : r.role === 'tuned' ? 'MISSED' : 'missed (held-out)';
  console.log(
    `${r.detector.padEnd(20)} ${r.role.padEnd(9)} ${r.lang.padEnd(5)} ${String(r.n).padEnd(5)} ${pct(r.precision)}  ${pct(r.recall)}  ${pct(r.accuracy)}  ${pct(r.falseAlarms)}  ${TARGETS[r.detector]?.label ?? '-'} ${verdict}`,
  );
}
for (const lang of ['da', 'sv'] as const) {
  const c = plainControl(lang);
  const ok = c.falseAlarms <= PLAIN_FALSE_ALARMS;
  if (!ok) failed = true;
  console.log(`officialese plain control (${lang}): ${c.n} plain rewrites, false alarms ${pct(c.falseAlarms)} (target <= ${PLAIN_FALSE_ALARMS}) ${ok ? 'ok' : 'MISSED'}`);
}
process.exitCode = failed ? 1 : 0;

function meets(r: Score): boolean {
  const t = TARGETS[r.detector];
  if (!t) return true;
  return r.precision >= t.precision && r.recall >= t.recall && r.accuracy >= t.accuracy;
}
