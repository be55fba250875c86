/**
 * `postvakt requests`: requests for public documents (issue 19; BK-18, BK-23…BK-26, BK-29).
 * add, list, show (with mask suggestions), assign, escalate, delay (DK § 36), mask, override
 * (BK-26, lawyers), decide (and send the letter through the gateway), written-decision (SE),
 * release (the masked PDF) and suggestions (mail to a registrar that asks for documents).
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { translate, type Lang } from '../../i18n/catalog.ts';
import { clockFromEnv, parseInstant } from '../../clock/clock.ts';
import type { Config } from '../../config/schema.ts';
import { openStore } from '../../store/db.ts';
import { requestContext } from '../../requests/context.ts';
import { suggestedRequests } from '../../requests/detect.ts';
import { suggestMasks } from '../../requests/identifiers.ts';
import { messages } from '../../requests/messages.ts';
import { releaseCopy, sendDecisionLetter, sendDelayNotice, type LetterOptions } from '../../requests/release.ts';
import {
  addMasks,
  addRequest,
  askWrittenDecision,
  assignRequest,
  decideRequest,
  escalateRequest,
  getRequest,
  listRequests,
  overrideSecrecyFirst,
  recordDelayNotice,
  RequestError,
  requestDocuments,
  unmasked,
  type Actor,
  type NewMask,
} from '../../requests/requests.ts';
import type { RequestOutcome, RequestState } from '../../requests/tables.ts';
import { inReaderLanguage, registerInputError, UsageError } from '../errors.ts';
import { cliConfig, printJson, withConfigOption } from '../shared.ts';
import { terminalLang } from './calendar.ts';
import type { RegisterCommands } from './index.ts';

registerInputError(RequestError);

interface Common {
  config?: string;
  json?: boolean;
  by?: string;
  role?: string;
}

const OUTCOMES: RequestOutcome[] = ['release', 'partial', 'refusal'];
const STATES: RequestState[] = ['open', 'in-review', 'escalated', 'decided', 'released'];

function actorOf(opts: Common): Actor {
  return { name: opts.by ?? userInfo().username, role: opts.role ?? 'operator' };
}

/** Open the store, build the context, run, close; refusals in the reader's language. */
/** Whole seconds: nobody reads a deadline to the millisecond. */
function local(ctx: ReturnType<typeof requestContext>, t: Date): string {
  return ctx.calendar.formatLocal(new Date(Math.floor(t.getTime() / 1000) * 1000));
}

async function withRequests<T>(opts: Common, run: (env: { config: Config; ctx: ReturnType<typeof requestContext>; lang: Lang; now: Date }) => Promise<T>): Promise<T> {
  const { config } = cliConfig(opts);
  const lang = terminalLang(config.municipality.language as Lang);
  const store = await openStore(config.store.url);
  try {
    const ctx = requestContext(config, store.db);
    return await inReaderLanguage(lang, () => run({ config, ctx, lang, now: clockFromEnv().now() }));
  } finally {
    await store.close();
  }
}

function acting(command: Command): Command {
  return withConfigOption(command)
    .option('--by <name>', 'who does this (audit trail; default: the login name)')
    .option('--role <role>', 'holder, registrar, lawyer or operator', 'operator')
    .option('--json', 'machine-readable output');
}

/** Letters come from the request's unit's registrar (or `requests.from`) and enter the gateway's relay. */
function letterOptions(config: Config, unitId: string | null): LetterOptions {
  const unit = config.units.find((u) => u.id === unitId) ?? config.units[0];
  return {
    submitTo: { host: config.requests.submitTo.host, port: config.requests.submitTo.port ?? config.gateway.port },
    from: config.requests.from ?? unit?.registrars[0] ?? config.municipality.email ?? `postmaster@${config.gateway.hostname}`,
    hostname: config.gateway.hostname,
    municipality: config.municipality.name,
    fallbackLang: config.municipality.language as Lang,
    ...(config.requests.letters ? { lettersFile: config.requests.letters } : {}),
  };
}

function int(text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`expected a whole number, not "${text}"`);
  return Number(text);
}

export const register: RegisterCommands = (program) => {
  const requests = program.command('requests').description('requests for public documents: deadlines, review, masking, decisions (BK-18, BK-23…BK-26, BK-29)');

  acting(requests.command('add').description('register a request (SE: 2 working days, +2 for secrecy review; DK: 7 working days)'))
    .option('--item <queueId...>', 'stored messages asked for (queue item ids, as in the mail log)')
    .option('--log-mailbox <address>', 'BK-29: the mailbox whose mail log is asked for')
    .option('--log-from <instant>', 'BK-29: period start (ISO 8601 with offset)')
    .option('--log-to <instant>', 'BK-29: period end, exclusive')
    .option('--received-at <instant>', 'when it arrived (default: now)')
    .option('--channel <channel>', 'email, letter, phone, in-person or web', 'email')
    .option('--requester <name>', 'who asks; leave out for an anonymous request (SE: nobody must say who they are)')
    .option('--reply-to <address>', 'where the decision letter goes')
    .option('--lang <lang>', 'language of the decision letter (da, sv, en)')
    .option('--unit <unit>', 'the unit holding the documents')
    .option('--description <text>', 'what is asked, in the requester\'s words', '')
    .option('--secrecy-review', 'add the secrecy review\'s working days (SE, BK-18)')
    .option('--assign <holder>', 'the holder of the documents, who judges first (BK-23)')
    .option('--from-inbound <id>', 'the inbound message it was suggested from')
    .action(async (opts: Common & { item?: string[]; logMailbox?: string; logFrom?: string; logTo?: string; receivedAt?: string; channel: string; requester?: string; replyTo?: string; lang?: string; unit?: string; description: string; secrecyReview?: boolean; assign?: string; fromInbound?: string }) => {
      await withRequests(opts, async ({ config, ctx, lang, now }) => {
        if (opts.logMailbox && !(opts.logFrom && opts.logTo)) throw new RequestError('error.nothingAsked');
        const request = await addRequest(
          ctx,
          {
            receivedAt: opts.receivedAt ? parseInstant(opts.receivedAt) : now,
            channel: opts.channel,
            ...(opts.requester ? { requester: opts.requester } : {}),
            ...(opts.replyTo ? { replyTo: opts.replyTo } : {}),
            lang: opts.lang ?? config.municipality.language,
            ...(opts.unit ? { unit: opts.unit } : {}),
            description: opts.description,
            items: opts.item ?? [],
            ...(opts.logMailbox ? { log: { mailbox: opts.logMailbox, from: parseInstant(opts.logFrom!), to: parseInstant(opts.logTo!) } } : {}),
            secrecyReview: opts.secrecyReview ?? false,
            ...(opts.assign ? { assignee: opts.assign } : {}),
            ...(opts.fromInbound ? { sourceInboundId: opts.fromInbound } : {}),
          },
          actorOf(opts),
          now,
        );
        if (opts.json) return printJson({ id: request.id, dueAt: local(ctx, request.dueAt) });
        process.stdout.write(`${translate(messages, lang, 'added', { id: request.id, due: local(ctx, request.dueAt) })}\n`);
      });
    });

  acting(requests.command('list').description('requests, due first'))
    .option('--state <state>', STATES.join(', '))
    .action(async (opts: Common & { state?: string }) => {
      if (opts.state !== undefined && !(STATES as string[]).includes(opts.state)) throw new UsageError(`--state: expected ${STATES.join(', ')}`);
      await withRequests(opts, async ({ ctx, lang }) => {
        const rows = (await listRequests(ctx.db, opts.state ? { state: opts.state as RequestState } : {})).map((r) => ({
          id: r.id,
          receivedAt: local(ctx, r.receivedAt),
          dueAt: local(ctx, r.dueAt),
          state: r.state,
          items: r.items,
          anonymous: r.anonymous,
        }));
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return void process.stdout.write(`${translate(messages, lang, 'none')}\n`);
        for (const r of rows) process.stdout.write(`${r.id}  ${r.dueAt}  ${r.state.padEnd(9)}  ${r.items.length}\n`);
      });
    });

  acting(requests.command('show').description('one request: deadlines, masks, audit trail, and suggested masks').argument('<id>'))
    .action(async (id: string, opts: Common) => {
      await withRequests(opts, async ({ ctx }) => {
        const request = await getRequest(ctx.db, id);
        const documents = await requestDocuments(ctx, request);
        const when = (t: Date | null) => (t ? local(ctx, t) : null);
        const out = {
          ...request,
          receivedAt: when(request.receivedAt),
          dueAt: when(request.dueAt),
          reviewDueAt: when(request.reviewDueAt),
          expectedAt: when(request.expectedAt),
          decidedAt: when(request.decidedAt),
          appealUntil: when(request.appealUntil),
          writtenDecisionAskedAt: when(request.writtenDecisionAskedAt),
          log: request.log ? { mailbox: request.log.mailbox, from: when(request.log.from), to: when(request.log.to) } : null,
          masks: request.masks.map((m) => ({ ...m, at: when(m.at) })),
          events: request.events.map((e) => ({ ...e, at: when(e.at) })),
          documents: documents.map((d) => ({ id: d.id, parts: d.parts.map((p) => ({ part: p.part, text: p.text })), unreadable: d.unreadable })),
          suggestions: suggestMasks(documents, ctx.isOwn),
        };
        if (opts.json) return printJson(out);
        process.stdout.write(`${out.id}  ${out.state}  due ${out.dueAt}  ${out.anonymous ? 'anonymous' : (out.requester ?? '')}\n`);
        for (const e of out.events) process.stdout.write(`  ${e.at}  ${e.kind}  ${e.actor ?? ''}\n`);
      });
    });

  acting(requests.command('assign').description('assign to the holder of the documents (BK-23)').argument('<id>'))
    .requiredOption('--to <holder>', 'who holds the documents')
    .action(async (id: string, opts: Common & { to: string }) => {
      await withRequests(opts, ({ ctx, now }) => assignRequest(ctx, id, opts.to, actorOf(opts), now));
    });

  acting(requests.command('escalate').description('to the registrar or lawyer, with its own deadline (BK-23)').argument('<id>'))
    .requiredOption('--to <who>', 'the registrar or lawyer')
    .requiredOption('--reason <text>', 'what is in doubt')
    .action(async (id: string, opts: Common & { to: string; reason: string }) => {
      await withRequests(opts, async ({ ctx, now }) => {
        const due = await escalateRequest(ctx, id, opts.to, opts.reason, actorOf(opts), now);
        if (opts.json) printJson({ id, reviewDueAt: local(ctx, due) });
      });
    });

  acting(requests.command('delay').description('DK: the reasoned delay notice with the expected date (offentlighedsloven § 36)').argument('<id>'))
    .requiredOption('--expected <instant>', 'when the decision is expected')
    .requiredOption('--reason <text>', 'why it takes longer')
    .option('--send', 'send the notice to the requester through the gateway')
    .action(async (id: string, opts: Common & { expected: string; reason: string; send?: boolean }) => {
      await withRequests(opts, async ({ config, ctx, lang, now }) => {
        await recordDelayNotice(ctx, id, parseInstant(opts.expected), opts.reason, actorOf(opts), now);
        if (!opts.send) return;
        const sent = await sendDelayNotice(ctx, id, letterOptions(config, (await getRequest(ctx.db, id)).unit), actorOf(opts), now);
        if (opts.json) printJson({ id, letter: sent });
        else process.stdout.write(`${translate(messages, lang, 'delaySent', { id, to: sent.to })}\n`);
      });
    });

  acting(requests.command('mask').description('mask a span with its ground (BK-25), or every suggested span').argument('<id>'))
    .requiredOption('--ground <id>', 'the ground from the catalogue (BK-24)')
    .option('--document <id>', 'queue item id, or log')
    .option('--part <part>', 'from, to, subject, body, attachment:N or log:SEQ')
    .option('--start <n>', 'first character masked')
    .option('--end <n>', 'first character after the mask')
    .option('--suggested', 'mask every suggested span (identity numbers, addresses, phone numbers, sensitive terms, names)')
    .action(async (id: string, opts: Common & { ground: string; document?: string; part?: string; start?: string; end?: string; suggested?: boolean }) => {
      await withRequests(opts, async ({ ctx, now }) => {
        let masks: NewMask[];
        if (opts.suggested) {
          const request = await getRequest(ctx.db, id);
          masks = unmasked(request, suggestMasks(await requestDocuments(ctx, request), ctx.isOwn)).map((s) => ({ document: s.document, part: s.part, start: s.start, end: s.end, ground: opts.ground }));
        } else {
          if (!opts.document || !opts.part || opts.start === undefined || opts.end === undefined) throw new UsageError('mask: give --document, --part, --start and --end, or --suggested');
          masks = [{ document: opts.document, part: opts.part, start: int(opts.start), end: int(opts.end), ground: opts.ground }];
        }
        if (masks.length > 0) await addMasks(ctx, id, masks, actorOf(opts), now);
        if (opts.json) printJson({ id, masked: masks.length });
      });
    });

  acting(requests.command('override').description('BK-26: a lawyer releases although an identifier remains, with a recorded reason').argument('<id>'))
    .requiredOption('--reason <text>', 'why the release is lawful anyway')
    .action(async (id: string, opts: Common & { reason: string }) => {
      await withRequests(opts, ({ ctx, now }) => overrideSecrecyFirst(ctx, id, opts.reason, actorOf(opts), now));
    });

  acting(requests.command('decide').description('release, partial or refusal (BK-23, BK-24); --send writes the letter and sends it through the gateway').argument('<id>'))
    .requiredOption('--outcome <outcome>', OUTCOMES.join(', '))
    .option('--send', 'send the decision letter (with the masked PDF unless refused) through the gateway')
    .action(async (id: string, opts: Common & { outcome: string; send?: boolean }) => {
      if (!(OUTCOMES as string[]).includes(opts.outcome)) throw new UsageError(`--outcome: expected ${OUTCOMES.join(', ')}`);
      await withRequests(opts, async ({ config, ctx, lang, now }) => {
        const actor = actorOf(opts);
        const decided = await decideRequest(ctx, id, opts.outcome as RequestOutcome, actor, now);
        const until = local(ctx, decided.appealUntil!);
        let letter: { to: string; response: string } | undefined;
        if (opts.send) {
          letter = await sendDecisionLetter(ctx, id, ctx.describeGround, letterOptions(config, decided.unit), actor, now);
        }
        if (opts.json) return printJson({ id, outcome: decided.outcome, appealUntil: until, ...(letter ? { letter } : {}) });
        const outcome = translate(messages, lang, `outcome.${opts.outcome as RequestOutcome}`);
        process.stdout.write(`${translate(messages, lang, 'decided', { id, outcome, until })}\n`);
        if (letter) process.stdout.write(`${translate(messages, lang, 'letterSent', { id, to: letter.to })}\n`);
      });
    });

  acting(requests.command('written-decision').description('SE: the requester asks for the authority\'s written, appealable decision').argument('<id>'))
    .action(async (id: string, opts: Common) => {
      await withRequests(opts, ({ ctx, now }) => askWrittenDecision(ctx, id, actorOf(opts), now));
    });

  acting(requests.command('release').description('write the released copy: a PDF with black boxes and the grounds used (BK-25, BK-26)').argument('<id>'))
    .requiredOption('--out <file>', 'the PDF to write')
    .action(async (id: string, opts: Common & { out: string }) => {
      await withRequests(opts, async ({ config, ctx, lang, now }) => {
        const copy = await releaseCopy(ctx, id, ctx.describeGround, config.municipality.language as Lang, actorOf(opts), now);
        writeFileSync(opts.out, copy.pdf);
        if (opts.json) return printJson({ id, file: opts.out, pages: copy.pages, masks: copy.masks });
        process.stdout.write(`${translate(messages, lang, 'released', { id, file: opts.out, pages: String(copy.pages), masks: String(copy.masks) })}\n`);
      });
    });

  acting(requests.command('suggestions').description('mail to a registrar that asks for documents ("begäran om allmän handling", "aktindsigt"), not yet a request'))
    .option('--since <instant>', 'from this instant (default: 30 days back)')
    .action(async (opts: Common & { since?: string }) => {
      await withRequests(opts, async ({ config, ctx, now }) => {
        const registrars = config.units.flatMap((u) => u.registrars);
        const since = opts.since ? parseInstant(opts.since) : new Date(now.getTime() - 30 * 86_400_000);
        const rows = (await suggestedRequests(ctx.db, registrars, since)).map((s) => ({ ...s, receivedAt: local(ctx, s.receivedAt) }));
        if (opts.json) return printJson(rows);
        for (const r of rows) process.stdout.write(`${r.inboundId}  ${r.receivedAt}  ${r.from}  "${r.phrase}"  ${r.subject}\n`);
      });
    });
};
