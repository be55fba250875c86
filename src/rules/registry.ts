/**
 * Every rule Postvakt knows, by id. Add a rule by writing `rules/<id>.ts` and listing it here.
 */
import type { AnyRule } from './types.ts';
import thresholds from './data/thresholds.json' with { type: 'json' };
import callInstead from './rules/call-instead.ts';
import ccForInformation from './rules/cc-for-information.ts';
import commonSignature from './rules/common-signature.ts';
import contactPath from './rules/contact-path.ts';
import descriptiveTitle from './rules/descriptive-title.ts';
import forwardedThreadDepth from './rules/forwarded-thread-depth.ts';
import noInternalAttachments from './rules/no-internal-attachments.ts';
import noMassMail from './rules/no-mass-mail.ts';
import noReadReceipt from './rules/no-read-receipt.ts';
import noReplyAll from './rules/no-reply-all.ts';
import replyByDateIso from './rules/reply-by-date-iso.ts';
import replyKeepsHistory from './rules/reply-keeps-history.ts';
import shortMail from './rules/short-mail.ts';
import standardLetterCover from './rules/standard-letter-cover.ts';
import subjectStatesAction from './rules/subject-states-action.ts';
import calmTone from './rules/calm-tone.ts';
import identityNumberInBody from './rules/identity-number-in-body.ts';
import noIdentityNumberInSubject from './rules/no-identity-number-in-subject.ts';
import noSensitiveSubject from './rules/no-sensitive-subject.ts';
import plainLanguage from './rules/plain-language.ts';
import secretContent from './rules/secret-content.ts';

export const rules: AnyRule[] = [
  // BK: the e-mail guideline
  callInstead,
  subjectStatesAction,
  replyByDateIso,
  noReplyAll,
  ccForInformation,
  noMassMail,
  shortMail,
  forwardedThreadDepth,
  replyKeepsHistory,
  noReadReceipt,
  noInternalAttachments,
  commonSignature,
  // FX: letters to citizens
  contactPath,
  descriptiveTitle,
  standardLetterCover,
  // Language analysis (src/text)
  plainLanguage,
  calmTone,
  noIdentityNumberInSubject,
  identityNumberInBody,
  noSensitiveSubject,
  secretContent,
];

/**
 * The default thresholds are rule options too, checked as strictly as the configuration's: an
 * option a rule does not take is a mistake in the data, and stops the start.
 */
export function checkThresholds(data: Record<string, unknown>): void {
  for (const [id, options] of Object.entries(data)) {
    if (id === '$comment') continue;
    const rule = rules.find((r) => r.meta.id === id);
    const parsed = rule?.meta.options.safeParse(options);
    if (!parsed?.success) throw new Error(`rules/data/thresholds.json: ${rule ? `rule ${id}: ${parsed!.error.message}` : `unknown rule ${id}`}`);
  }
}

checkThresholds(thresholds);
