/** The verification verdict in words, for the CLI and the web app. */
import { translate, type Lang } from '../i18n/catalog.ts';
import type { MailLogVerification } from './log.ts';
import { messages } from './messages.ts';

export function describeVerification(v: MailLogVerification, lang: Lang): string {
  if (!v.broken && v.from) return translate(messages, lang, 'verify.okFrom', { from: v.from.seq, checkpoint: v.from.checkpoint, rows: v.rows, hash: v.headHash });
  if (!v.broken) return translate(messages, lang, 'verify.ok', { rows: v.rows, hash: v.headHash });
  const why = translate(messages, lang, `reason.${v.broken.reason}`);
  return translate(messages, lang, 'verify.broken', { seq: v.broken.seq, why, rows: v.rows });
}
