/**
 * Check a draft: paste a text or upload an .eml or MeMo letter, and see the findings marked in the
 * text with clause, explanation and, where the rule offers one, a one-click fix. A fix is a plain
 * form post of the text and the replacement, so it works without JavaScript.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { z } from 'zod';
import { guard, requirePort, type WebContext } from '../context.ts';
import { fieldValue } from '../app.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, layout, sendHtml, type Notice, type PageContext } from '../page.ts';
import type { Finding } from '../../rules/types.ts';
import { DraftInputError, type DraftCheck, type DraftChecker, type DraftInput } from '../ports.ts';
import { findingPlace, levelKey } from './names.ts';

interface Draft {
  subject: string;
  text: string;
}

const fixSchema = z.object({
  where: z.enum(['subject', 'body']),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  text: z.string(),
});

/** Where in the draft a finding's span lies, if it lies in the subject or the body text. */
function span(f: Finding): { where: 'subject' | 'body'; start: number; end: number } | null {
  const loc = f.location;
  if (loc.kind === 'body') return { where: 'body', start: loc.start, end: loc.end };
  if (loc.kind === 'header' && loc.header.toLowerCase() === 'subject' && loc.start !== undefined && loc.end !== undefined) {
    return { where: 'subject', start: loc.start, end: loc.end };
  }
  return null;
}

/** The text with each finding's span in <mark>, numbered to match the list; overlapping spans keep the first. */
function marked(text: string, findings: Finding[], where: 'subject' | 'body'): SafeHtml {
  const spans = findings
    .map((f, i) => ({ n: i + 1, s: span(f) }))
    .filter((x): x is { n: number; s: NonNullable<ReturnType<typeof span>> } => x.s?.where === where && x.s.end > x.s.start)
    .sort((a, b) => a.s.start - b.s.start);
  const parts: SafeHtml[] = [];
  let pos = 0;
  for (const { n, s } of spans) {
    if (s.start < pos) continue;
    parts.push(html`${text.slice(pos, s.start)}<mark>${text.slice(s.start, s.end)}</mark><sup><a href="#finding-${n}">${n}</a></sup>`);
    pos = s.end;
  }
  parts.push(html`${text.slice(pos)}`);
  return html`${parts}`;
}

function fixForm(ctx: PageContext, draft: Draft, finding: Finding): SafeHtml {
  const s = span(finding);
  if (!finding.fix || !s) return html``;
  const source = s.where === 'subject' ? draft.subject : draft.text;
  const fix = { where: s.where, start: finding.fix.start, end: finding.fix.end, text: finding.fix.text };
  return html`<form method="post" action="/check/fix" class="fix">${csrfField(ctx)}
<input type="hidden" name="subject" value="${draft.subject}"><input type="hidden" name="text" value="${draft.text}"><input type="hidden" name="fix" value="${JSON.stringify(fix)}">
<button type="submit">${ctx.t('applyFix')}</button> <span class="meta">${ctx.t('fixReplaces', { from: source.slice(fix.start, fix.end), to: fix.text })}</span></form>`;
}

function resultSection(ctx: PageContext, draft: Draft, result: DraftCheck): SafeHtml {
  const { t } = ctx;
  const { findings } = result;
  if (findings.length === 0) return html`<section aria-labelledby="result"><h2 id="result">${t('checkResultTitle')}</h2><p class="notice ok">${t('checkNone')}</p></section>`;
  return html`<section aria-labelledby="result"><h2 id="result">${t('checkResultTitle')}: ${t('checkCount', { count: findings.length })}</h2>
<h3>${t('checkTextTitle')}</h3>
<div class="draft"><p class="subject"><strong>${t('colSubject')}:</strong> ${marked(draft.subject, findings, 'subject')}</p><pre>${marked(draft.text, findings, 'body')}</pre></div>
<h3>${t('checkFindingsTitle')}</h3>
<ol class="findings">${findings.map(
    (f, i) => html`<li id="finding-${i + 1}"><p><span class="level ${f.level}">${t(levelKey(f.level))}</span> <strong>${t('clause', { clause: f.clause })}</strong> · ${findingPlace(ctx, f)}</p>
<p>${f.message}</p>${f.suggestion ? html`<p>${t('suggestion', { text: f.suggestion })}</p>` : ''}${fixForm(ctx, draft, f)}</li>`,
  )}</ol></section>`;
}

function formSection(ctx: PageContext, draft: Draft): SafeHtml {
  const { t } = ctx;
  return html`<p>${t('checkIntro')}</p>
<form method="post" action="/check" enctype="multipart/form-data" class="stack">${csrfField(ctx)}
<p><label for="subject">${t('checkSubject')}</label><input id="subject" name="subject" value="${draft.subject}"></p>
<p><label for="text">${t('checkText')}</label><textarea id="text" name="text" rows="12">
${draft.text}</textarea></p>
<p><label for="file">${t('checkFile')}</label><input id="file" name="file" type="file" accept=".eml,.xml,message/rfc822,application/xml,text/xml"></p>
<p><button type="submit">${t('checkButton')}</button></p>
</form>`;
}

export function checkRoutes(app: FastifyInstance, web: WebContext): void {
  const { deps } = web;
  const preHandler = guard(web, 'check');

  const show = async (request: FastifyRequest, reply: FastifyReply, draft: Draft, result?: DraftCheck, notice?: Notice, status = 200) => {
    const ctx = web.page(request, reply);
    const body = html`${formSection(ctx, draft)}${result ? resultSection(ctx, draft, result) : ''}`;
    return sendHtml(reply, layout(ctx, ctx.t('checkTitle'), body, notice), status);
  };

  const run = async (request: FastifyRequest, reply: FastifyReply, checker: DraftChecker, input: DraftInput, fallback: Draft) => {
    const t = web.page(request, reply).t;
    try {
      const result = await checker.check(input, request.lang);
      // Finding offsets point into the parsed text (newlines normalised), so that is what is shown.
      return show(request, reply, { subject: result.message.subject, text: result.message.body.text }, result);
    } catch (err) {
      if (err instanceof DraftInputError) return show(request, reply, fallback, undefined, { kind: 'error', text: t('errDraftUnreadable', { detail: err.message }) }, err.status);
      throw err;
    }
  };

  app.get('/check', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.checker)) return reply;
    return show(request, reply, { subject: '', text: '' });
  });

  app.post('/check', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.checker)) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const field = (name: string) => fieldValue(body[name]) ?? '';
    const draft = { subject: field('subject').replace(/[\r\n]+/g, ' '), text: field('text') };
    const file = body.file as MultipartFile | undefined;
    const raw = file && typeof file === 'object' && 'toBuffer' in file && file.filename ? await file.toBuffer() : undefined;
    if (raw && raw.length > 0) return run(request, reply, deps.checker, { kind: 'file', raw }, draft);
    if (!draft.text.trim()) return show(request, reply, draft, undefined, { kind: 'error', text: web.page(request, reply).t('errEmptyDraft') }, 400);
    return run(request, reply, deps.checker, { kind: 'text', ...draft }, draft);
  });

  app.post('/check/fix', { preHandler }, async (request, reply) => {
    if (!requirePort(web, request, reply, deps.checker)) return reply;
    const body = (request.body ?? {}) as { subject?: string; text?: string; fix?: string };
    const draft = { subject: String(body.subject ?? ''), text: String(body.text ?? '') };
    let fix: z.infer<typeof fixSchema> | undefined;
    try {
      fix = fixSchema.parse(JSON.parse(String(body.fix ?? '')));
    } catch {
      fix = undefined;
    }
    const target = fix?.where === 'subject' ? draft.subject : draft.text;
    if (fix && fix.start <= fix.end && fix.end <= target.length) {
      const fixed = target.slice(0, fix.start) + fix.text + target.slice(fix.end);
      if (fix.where === 'subject') draft.subject = fixed.replace(/[\r\n]+/g, ' ');
      else draft.text = fixed;
    }
    return run(request, reply, deps.checker, { kind: 'text', ...draft }, draft);
  });
}
