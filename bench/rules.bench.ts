/**
 * `npm run bench:rules`: CPU per rule for one 10 KB Danish mail (the gateway bench's message),
 * every rule on, with the Danish sample configuration. Each round parses the mail afresh, as the
 * gateway does, so caches kept per message (the new text, the language analysis) count in full.
 * Prints the slowest rules first: the place to look when the gateway's rule CPU grows.
 * BENCH_ROUNDS (default 300) sets the rounds; the first round (JIT warm-up) is timed apart.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig, samplePath } from '../src/config/load.ts';
import { parseMessage } from '../src/message/parse.ts';
import { ruleSettings } from '../src/rules/config.ts';
import { createEngine } from '../src/rules/engine.ts';
import { rules } from '../src/rules/registry.ts';
import type { AnyRule } from '../src/rules/types.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);

const paragraph =
  'Vi har modtaget din ansøgning om hjælp til medicin og har nu behandlet den. Du får bevilget tilskud fra den 1. januar. ' +
  'Hvis du har spørgsmål til afgørelsen, er du velkommen til at ringe til os mandag til fredag kl. 8-15 på 70 00 00 00. ';
let body = 'Kære borger\n\n';
while (Buffer.byteLength(body) < 10_000) body += `${paragraph}\n\n`;
const raw = Buffer.from(
  [
    'From: Jobcenter <jobcenter@eksempel-kommune.dk>',
    'To: borger@example.dk',
    'Cc: Karen Holm <karen.holm@eksempel-kommune.dk>',
    'Subject: Afgørelse om tilskud til medicin',
    'Date: Mon, 23 Nov 2026 09:12:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `${body}Venlig hilsen\nen sagsbehandler\nJobcenter Eksempel Kommune\n`,
  ].join('\n'),
);

const { config } = loadConfig(samplePath('dk'));
const spent = new Map<string, number>();
// Each rule wrapped in a timer; the engine itself is the real one.
const timed = rules.map((rule): AnyRule => ({
  ...rule,
  check(context) {
    const start = performance.now();
    try {
      rule.check(context);
    } finally {
      spent.set(rule.meta.id, (spent.get(rule.meta.id) ?? 0) + performance.now() - start);
    }
  },
}));
const levels = config.rules.levels;
const engine = createEngine({
  settings: ruleSettings(config),
  registry: timed,
  rules: Object.fromEntries(
    rules.map((r) => [r.meta.id, { ...levels[r.meta.id], level: r.meta.defaultLevel === 'off' ? 'suggestion' : r.meta.defaultLevel }]),
  ),
});

const coldStart = performance.now();
engine.check(await parseMessage(raw), { lang: 'da' });
const cold = performance.now() - coldStart;
spent.clear();

let parsing = 0;
const cpu = process.cpuUsage();
for (let i = 0; i < ROUNDS; i++) {
  const parseStart = performance.now();
  const message = await parseMessage(raw);
  parsing += performance.now() - parseStart;
  engine.check(message, { lang: 'da' });
}
const used = process.cpuUsage(cpu);
const ruleTotal = [...spent.values()].reduce((a, b) => a + b, 0);

console.log(`rules on a ${(raw.length / 1024).toFixed(1)} KB mail, ${ROUNDS} rounds (first round, cold: ${cold.toFixed(0)} ms)`);
console.log(`CPU ms/msg (parse + rules): ${((used.user + used.system) / 1000 / ROUNDS).toFixed(2)}`);
console.log(`parse ms/msg: ${(parsing / ROUNDS).toFixed(2)}   rules ms/msg: ${(ruleTotal / ROUNDS).toFixed(2)}\n`);
console.log('rule                             ms/msg');
for (const [id, ms] of [...spent].sort((a, b) => b[1] - a[1])) console.log(`${id.padEnd(32)} ${(ms / ROUNDS).toFixed(3)}`);
