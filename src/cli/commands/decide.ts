/**
 * `postvakt decide FILE --at ISO [--json]`: what the gateway or the Digital Post intake would do
 * with this message at that instant, per recipient, with the reasons and the FX questions in
 * the sender's language. Reads the real register (lookups are audited like the gateway's).
 */
import { readFile } from 'node:fs/promises';
import { createCalendar } from '../../calendar/calendar.ts';
import { messages } from '../../decision/messages.ts';
import type { RecipientDecision, Verdict } from '../../decision/types.ts';
import { isLang, translate, type Lang } from '../../i18n/catalog.ts';
import { parseMessage } from '../../message/parse.ts';
import type { Message } from '../../message/types.ts';
import { deciderFor } from '../../serve/decider.ts';
import { UsageError } from '../errors.ts';
import { cliInstant, printJson, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import { cliActor, withRegister } from './flag.ts';
import type { RegisterCommands } from './index.ts';

interface DecideOptions {
  at?: string;
  json?: boolean;
  lang?: string;
  recipient?: string[];
  config?: string;
}

const VERDICT_KEY: Record<Verdict, 'verdictDeliver' | 'verdictHold' | 'verdictWarn'> = {
  deliver: 'verdictDeliver',
  hold: 'verdictHold',
  'deliver-with-warning': 'verdictWarn',
};

/** Who the message goes to: the MeMo recipient, or every To, Cc and Bcc address. */
function recipientsOf(message: Message): string[] {
  if (message.memo) return [message.memo.recipient.id];
  return [...message.to, ...message.cc, ...message.bcc].map((a) => a.address);
}

function decisionJson(d: RecipientDecision) {
  return {
    ...d,
    holdUntil: d.holdUntil?.toISOString(),
    deadline: d.deadline?.toISOString(),
    arrival: d.arrival?.toISOString(),
    nextOpening: d.nextOpening?.toISOString(),
  };
}

function render(decisions: RecipientDecision[], lang: Lang): string {
  const blocks = decisions.map((d) => {
    const line = translate(messages, lang, 'decisionLine', {
      recipient: d.recipient,
      verdict: translate(messages, lang, VERDICT_KEY[d.verdict]),
      flagged: translate(messages, lang, d.flagged ? 'flaggedYes' : 'flaggedNo'),
    });
    const reasons = d.reasons.map((r) => `  - ${r.text}`);
    const questions = d.questions.map((q) => `  ? [${q.clause}] ${q.question}${q.hint ? `\n      ${q.hint}` : ''}`);
    return [line, ...reasons, ...questions].join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

export const register: RegisterCommands = (program) => {
  withConfigOption(
    program
      .command('decide')
      .description('show the hold decision for each recipient of a message (e-mail or MeMo letter)')
      .argument('<file>', 'an .eml file or a MeMo XML letter')
      .option('--at <instant>', 'decide as at this ISO 8601 instant with offset (default: now)')
      .option('--recipient <id...>', 'decide for these recipients instead of the message\'s own')
      .option('--lang <lang>', "the sender's language: da, sv or en (default: the municipality's)")
      .option('--json', 'print JSON'),
  ).action(async (file: string, opts: DecideOptions) => {
    const termLang = terminalLang('en');
    if (opts.lang !== undefined && !isLang(opts.lang)) {
      throw new UsageError(translate(messages, termLang, 'cli.badLang', { value: opts.lang }));
    }
    let raw: Buffer;
    try {
      raw = await readFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError(translate(messages, termLang, 'cli.cannotRead', { file, code }));
    }
    const message = await parseMessage(raw);
    const now = cliInstant(opts);
    await withRegister(opts, async ({ config, register }) => {
      const lang = (opts.lang as Lang | undefined) ?? (config.municipality.language as Lang);
      const recipients = opts.recipient ?? recipientsOf(message);
      if (recipients.length === 0) throw new UsageError(translate(messages, termLang, 'cli.noRecipients', { file }));
      const decider = deciderFor(config, createCalendar(config.calendar), register);
      const decisions = await decider.decide({ message, recipients, now, lang, actor: cliActor({}, config) });
      if (opts.json) printJson(decisions.map(decisionJson));
      else process.stdout.write(render(decisions, lang));
    });
  });
};
