/**
 * Every rule Postvakt knows, by id. Add a rule by writing `rules/<id>.ts` and listing it here.
 */
import type { AnyRule } from './types.ts';
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
