/** How findings and recorded events are named on a page: level, place, event kind. */
import type { Finding } from '../../rules/types.ts';
import type { WebMessageKey } from '../messages.ts';
import type { PageContext } from '../page.ts';

export function levelKey(level: Finding['level']): WebMessageKey {
  return level === 'error' ? 'levelError' : level === 'warning' ? 'levelWarning' : 'levelSuggestion';
}

export function findingPlace(ctx: PageContext, finding: Finding): string {
  const { t } = ctx;
  const loc = finding.location;
  const where =
    loc.kind === 'body'
      ? t('whereBody', { line: loc.line })
      : loc.kind === 'header'
        ? loc.header.toLowerCase() === 'subject'
          ? t('whereSubject')
          : t('whereHeader', { header: loc.header })
        : t('whereMessage');
  return t('findingIn', { where });
}

const EVENT_KEYS: Record<string, WebMessageKey> = {
  received: 'eventReceived',
  refused: 'eventRefused',
  accepted: 'eventAccepted',
  held: 'eventHeld',
  queued: 'eventQueued',
  released: 'eventReleased',
  rescheduled: 'eventRescheduled',
  cancelled: 'eventCancelled',
  told: 'eventTold',
  delivered: 'eventDelivered',
  deferred: 'eventDeferred',
  failed: 'eventFailed',
  retry: 'eventRetry',
  classified: 'eventClassified',
  registered: 'eventRegistered',
};

/** A queue or mail-log event kind in the reader's language; an unknown kind shows as recorded. */
export function eventName(ctx: PageContext, kind: string): string {
  const key = EVENT_KEYS[kind];
  return key ? ctx.t(key) : kind;
}
