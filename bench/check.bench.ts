/**
 * `npm run bench:check`: how fast `postvakt check` reads and checks a message, with every rule
 * on, for 5 KB, 100 KB and 5 MB of mail text (no attachments). Prints messages per second and
 * ms per message, and ms per KB relative to the 5 KB run: a ratio near 1 means cost grows
 * linearly with size.
 */
import { performance } from 'node:perf_hooks';
import { parseMessage } from '../src/message/parse.ts';
import { createEngine } from '../src/rules/engine.ts';
import { rules } from '../src/rules/registry.ts';
import type { RuleSettings } from '../src/rules/types.ts';

const settings: RuleSettings = {
  internalDomains: ['kommune.example.dk'],
  distributionLists: ['alle@kommune.example.dk'],
  signatureTemplate: 'Med venlig hilsen\n{name}\n{title}\nEksempel Kommune\nTelefon: {phone}',
  municipalityName: 'Eksempel Kommune',
  timeZone: 'Europe/Copenhagen',
};
// Every rule on, at least as a suggestion.
const engine = createEngine({
  settings,
  rules: Object.fromEntries(rules.map((r) => [r.meta.id, { level: r.meta.defaultLevel === 'off' ? 'suggestion' : r.meta.defaultLevel }])),
});

const PARAGRAPHS = [
  'Vi holder møde om handleplanen den 3. december kl. 10 i mødelokale 2. Giv besked senest 30/11-2026, om du kan deltage.',
  'Karen, kan du booke lokalet? Hvem tager referat? Skal vi have kaffe? Hvornår sender du dagsordenen?',
  'Fra 2027-02-01 sker der en omorganisering af teamet, og nogle sager skal overdrages til nye kolleger i det andet team.',
  'Har du spørgsmål, er du velkommen til at ringe til mig på 70 00 00 01 mandag-torsdag kl. 9-15 eller skrive til mette.hansen@kommune.example.dk.',
  'Borgeren har bedt om svar hurtigst muligt, men vi kan tidligst svare den 4. januar, når ansøgningen er færdigbehandlet.',
];

function mail(bytes: number): Buffer {
  const head = [
    'From: Mette Hansen <mette.hansen@kommune.example.dk>',
    'To: Anna Jensen <anna.jensen@example.dk>',
    'Cc: Karen Holm <karen.holm@kommune.example.dk>',
    'Subject: Møde',
    'Date: Mon, 23 Nov 2026 09:12:00 +0100',
    'Disposition-Notification-To: mette.hansen@kommune.example.dk',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Hej Anna',
    '',
  ].join('\n');
  const tail = '\nMed venlig hilsen\nMette Hansen\nTeamleder\nEksempel Kommune\nTelefon: 70 00 00 01\n';
  const parts = [head];
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail);
  for (let i = 0; size < bytes; i++) {
    const paragraph = `${PARAGRAPHS[i % PARAGRAPHS.length]}\n\n`;
    parts.push(paragraph);
    size += Buffer.byteLength(paragraph);
  }
  parts.push(tail);
  return Buffer.from(parts.join(''));
}

interface Row {
  size: string;
  kb: number;
  runs: number;
  findings: number;
  msParse: number;
  msCheck: number;
  /** CPU time of this process per message: what the work costs, even on a busy machine. */
  msCpu: number;
}

async function measure(label: string, bytes: number, minMs: number, minRuns: number): Promise<Row> {
  const raw = mail(bytes);
  let runs = 0;
  let parseTotal = 0;
  let checkTotal = 0;
  let findings = 0;
  let cpuTotal = 0;
  // A warm-up run so JIT compilation is not counted (the larger sizes run on warm code).
  if (bytes < 64 * 1024) engine.check(await parseMessage(raw), { lang: 'da' });
  while (runs < minRuns || parseTotal + checkTotal < minMs) {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const message = await parseMessage(raw);
    const t1 = performance.now();
    findings = engine.check(message, { lang: 'da' }).length;
    const t2 = performance.now();
    const used = process.cpuUsage(cpu);
    cpuTotal += (used.user + used.system) / 1000;
    parseTotal += t1 - t0;
    checkTotal += t2 - t1;
    runs++;
  }
  return { size: label, kb: raw.length / 1024, runs, findings, msParse: parseTotal / runs, msCheck: checkTotal / runs, msCpu: cpuTotal / runs };
}

const rows: Row[] = [];
for (const [label, bytes, minMs, minRuns] of [
  ['5 KB', 5 * 1024, 1500, 50],
  ['100 KB', 100 * 1024, 1500, 20],
  ['5 MB', 5 * 1024 * 1024, 0, 3],
] as const) {
  process.stderr.write(`measuring ${label}…\n`);
  rows.push(await measure(label, bytes, minMs, minRuns));
}
const base = rows[0]!;
const cpuPerKb = (r: Row) => r.msCpu / r.kb;
const wallPerKb = (r: Row) => (r.msParse + r.msCheck) / r.kb;

console.log(`postvakt check: ${rules.length} rules on, parse + check of a plain-text mail (no attachments)\n`);
console.log('size     runs  findings  wall ms/msg  (check)   msgs/s   CPU ms/msg  CPU ms/KB  CPU ×5KB/KB  wall ×5KB/KB');
for (const r of rows) {
  const wall = r.msParse + r.msCheck;
  console.log(
    [
      r.size.padEnd(7),
      String(r.runs).padStart(5),
      String(r.findings).padStart(9),
      wall.toFixed(2).padStart(11),
      r.msCheck.toFixed(2).padStart(8),
      (1000 / wall).toFixed(1).padStart(8),
      r.msCpu.toFixed(2).padStart(11),
      cpuPerKb(r).toFixed(4).padStart(9),
      (cpuPerKb(r) / cpuPerKb(base)).toFixed(2).padStart(11),
      (wallPerKb(r) / wallPerKb(base)).toFixed(2).padStart(12),
    ].join('  '),
  );
}
console.log('\n×5KB/KB: cost per KB relative to the 5 KB message; near 1 (or below) means linear growth.');
console.log('CPU time is this process only, so it stays meaningful when other work shares the machine.');
