/**
 * The hold decision over the sample profiles (DK and SE), one row per situation the guideline
 * names: Friday after the cut-off, Thursday night with the Digital Post delay (FX-2), Easter,
 * Christmas and New Year, midsummer, both DST weekends, deadlines (FX-3) from headers, MeMo and
 * text, the urgent header, an unflagged recipient beside a flagged one, and expired flags.
 * Real messages (parsed e-mails and MeMo letters), the real calendar and the real register.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/calendar/calendar.ts';
import type { WorkingCalendar } from '../../src/calendar/types.ts';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { createDecider } from '../../src/decision/decider.ts';
import type { Decider, Verdict } from '../../src/decision/types.ts';
import type { Message } from '../../src/message/types.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { CASE_WORKER, movableClock, testRegister } from '../register/support.ts';
import { email, memo } from './support.ts';

type Country = 'DK' | 'SE';

interface Expectation {
  verdict: Verdict;
  /** Local ISO instant with offset. */
  holdUntil?: string;
  /** Reason codes that must be among the decision's reasons. */
  codes?: string[];
}

interface Scenario {
  name: string;
  country: Country;
  at: string;
  message: () => Promise<Message>;
  /** Default: the message's own recipients. */
  recipients?: string[];
  /** The message reads as angry and the gateway holds angry mail (FX-5). */
  angry?: boolean;
  expect: Record<string, Expectation>;
}

const DK_FLAGGED = 'borger@example.dk';
const DK_CPR = '010190-1234';
const SE_FLAGGED = 'invanare@example.se';

const hold = (holdUntil: string, ...codes: string[]): Expectation => ({ verdict: 'hold', holdUntil, codes: ['quiet-window', 'hold', ...codes] });
const deliver = (...codes: string[]): Expectation => ({ verdict: 'deliver', codes });
const warn = (...codes: string[]): Expectation => ({ verdict: 'deliver-with-warning', codes: ['quiet-window', ...codes] });

const dkMail = (headers: Record<string, string> = {}, body?: string, to = [DK_FLAGGED]) => () => email({ to, headers, ...(body ? { body } : {}) });
const seMail = (headers: Record<string, string> = {}, body?: string, to = [SE_FLAGGED]) => () =>
  email({ to, headers, subject: 'Ditt beslut om bostadsanpassning', ...(body ? { body } : {}) });
const dkMemo = (spec: Partial<Parameters<typeof memo>[0]> = {}) => () => memo({ recipient: '0101901234', ...spec });

const FRIDAY_AFTER_CUTOFF = '2026-11-27T13:30:00+01:00';
const MONDAY_RELEASE = '2026-11-30T09:00:00+01:00';
const FRIDAY_1400 = '2026-11-27T14:00:00+01:00';

const scenarios: Scenario[] = [
  // Weekends
  { name: 'DK Friday after the cut-off: held until Monday, an hour after opening', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMail(), expect: { [DK_FLAGGED]: hold(MONDAY_RELEASE) } },
  { name: 'DK Friday before the cut-off: e-mail lands at once, delivered', country: 'DK', at: '2026-11-27T11:00:00+01:00', message: dkMail(), expect: { [DK_FLAGGED]: deliver('outside-quiet-window') } },
  { name: 'DK Friday morning Digital Post may land after the cut-off (FX-2)', country: 'DK', at: '2026-11-27T09:00:00+01:00', message: dkMemo(), expect: { '0101901234': hold(MONDAY_RELEASE, 'channel-delay') } },
  { name: 'DK Thursday night Digital Post may land Friday afternoon (FX-2)', country: 'DK', at: '2026-11-26T20:00:00+01:00', message: dkMemo(), expect: { '0101901234': hold(MONDAY_RELEASE, 'channel-delay') } },
  { name: 'DK Thursday night e-mail lands at once, outside the quiet window', country: 'DK', at: '2026-11-26T20:00:00+01:00', message: dkMail(), expect: { [DK_FLAGGED]: deliver('outside-quiet-window') } },
  { name: 'DK Thursday 17:00 Digital Post lands Friday before the cut-off', country: 'DK', at: '2026-11-26T17:00:00+01:00', message: dkMemo(), expect: { '0101901234': deliver('outside-quiet-window') } },
  { name: 'DK an ordinary Tuesday morning', country: 'DK', at: '2026-11-24T10:00:00+01:00', message: dkMail(), expect: { [DK_FLAGGED]: deliver('outside-quiet-window') } },
  { name: 'DK Saturday', country: 'DK', at: '2026-11-28T10:00:00+01:00', message: dkMail(), expect: { [DK_FLAGGED]: hold(MONDAY_RELEASE) } },
  { name: 'DK Sunday night', country: 'DK', at: '2026-11-29T22:00:00+01:00', message: dkMail(), expect: { [DK_FLAGGED]: hold(MONDAY_RELEASE) } },
  {
    name: 'DK an unflagged recipient beside a flagged one',
    country: 'DK',
    at: FRIDAY_AFTER_CUTOFF,
    message: dkMail({}, undefined, [DK_FLAGGED, 'nabo@example.dk']),
    expect: { [DK_FLAGGED]: hold(MONDAY_RELEASE), 'nabo@example.dk': deliver('not-flagged') },
  },
  // Urgency and deadlines (FX-3)
  { name: 'DK urgent header: not held', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMail({ 'X-Postvakt-Urgent': 'yes' }), expect: { [DK_FLAGGED]: warn('urgent') } },
  { name: 'DK urgent header saying "no" is not urgent', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMail({ 'X-Postvakt-Urgent': 'no' }), expect: { [DK_FLAGGED]: hold(MONDAY_RELEASE) } },
  { name: 'DK deadline header two working days after the release: not held', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMail({ 'X-Postvakt-Deadline': '2026-12-02' }), expect: { [DK_FLAGGED]: warn('deadline-header', 'deadline-too-close') } },
  { name: 'DK deadline header three weeks away: held', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMail({ 'X-Postvakt-Deadline': '2026-12-18T12:00:00+01:00' }), expect: { [DK_FLAGGED]: hold(MONDAY_RELEASE, 'deadline-header', 'deadline-allows-hold') } },
  { name: 'DK unreadable deadline header: not held', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMail({ 'X-Postvakt-Deadline': 'next week' }), expect: { [DK_FLAGGED]: warn('deadline-unreadable') } },
  { name: 'DK "svar senest" two days away in the text: not held', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMail({}, 'Kære borger\n\nSvar senest 2026-12-01.\n\nVenlig hilsen\nJobcenter\n'), expect: { [DK_FLAGGED]: warn('deadline-text', 'deadline-too-close') } },
  { name: 'DK "senest den 4. januar" leaves time: held', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMail({}, 'Kære borger\n\nSvar senest den 4. januar.\n\nVenlig hilsen\nJobcenter\n'), expect: { [DK_FLAGGED]: hold(MONDAY_RELEASE, 'deadline-text', 'deadline-allows-hold') } },
  { name: "DK a reply-by date only in the quoted history is not the sender's deadline", country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMail({}, 'Tak for dit svar.\n\n> Svar senest 2026-12-01\n> Jobcenter\n'), expect: { [DK_FLAGGED]: hold(MONDAY_RELEASE) } },
  // The angry hold (FX-5) obeys the same refusals as any hold (FX-3)
  { name: 'DK angry and urgent to a flagged citizen on Friday afternoon: not held, and the sender is told why', country: 'DK', at: FRIDAY_AFTER_CUTOFF, angry: true, message: dkMail({ 'X-Postvakt-Urgent': 'yes' }), expect: { [DK_FLAGGED]: warn('urgent', 'angry-not-held') } },
  { name: 'DK angry to an unflagged recipient on a Tuesday: held until the next morning', country: 'DK', at: '2026-11-24T15:00:00+01:00', angry: true, message: dkMail({}, undefined, ['nabo@example.dk']), expect: { 'nabo@example.dk': { verdict: 'hold', holdUntil: '2026-11-25T08:00:00+01:00', codes: ['not-flagged', 'angry-tone'] } } },
  { name: 'DK angry to a flagged citizen on a Tuesday, outside the quiet window: held until the next morning', country: 'DK', at: '2026-11-24T15:00:00+01:00', angry: true, message: dkMail(), expect: { [DK_FLAGGED]: { verdict: 'hold', holdUntil: '2026-11-25T08:00:00+01:00', codes: ['outside-quiet-window', 'angry-tone'] } } },
  { name: 'DK angry and urgent to an unflagged recipient: not held', country: 'DK', at: '2026-11-24T15:00:00+01:00', angry: true, message: dkMail({ 'X-Postvakt-Urgent': 'yes' }, undefined, ['nabo@example.dk']), expect: { 'nabo@example.dk': { verdict: 'deliver-with-warning', codes: ['angry-not-held', 'urgent'] } } },
  { name: 'DK angry with a deadline the morning would shorten: not held', country: 'DK', at: '2026-11-24T15:00:00+01:00', angry: true, message: dkMail({ 'X-Postvakt-Deadline': '2026-11-27' }, undefined, ['nabo@example.dk']), expect: { 'nabo@example.dk': { verdict: 'deliver-with-warning', codes: ['angry-not-held', 'deadline-too-close'] } } },
  { name: 'DK angry with an unreadable deadline header: not held', country: 'DK', at: '2026-11-24T15:00:00+01:00', angry: true, message: dkMail({ 'X-Postvakt-Deadline': 'snart' }, undefined, ['nabo@example.dk']), expect: { 'nabo@example.dk': { verdict: 'deliver-with-warning', codes: ['angry-not-held', 'deadline-unreadable'] } } },
  { name: 'DK angry MeMo legal notification: not held', country: 'DK', at: '2026-11-24T15:00:00+01:00', angry: true, message: dkMemo({ legalNotification: true }), expect: { '0101901234': { verdict: 'deliver-with-warning', codes: ['angry-not-held', 'legal-notification'] } } },
  { name: 'DK angry to a flagged citizen on Friday afternoon: the later quiet-window hold stands', country: 'DK', at: FRIDAY_AFTER_CUTOFF, angry: true, message: dkMail(), expect: { [DK_FLAGGED]: hold(MONDAY_RELEASE) } },
  { name: 'SE angry and urgent to a flagged resident on Friday afternoon: not held', country: 'SE', at: FRIDAY_AFTER_CUTOFF, angry: true, message: seMail({ 'X-Postvakt-Urgent': 'ja' }), expect: { [SE_FLAGGED]: warn('urgent', 'angry-not-held') } },
  // Deadlines written without a date, read from the sending time (Friday 14:00)
  { name: 'DK "senest mandag" sent Friday 14:00: the deadline is Monday, not held', country: 'DK', at: FRIDAY_1400, message: dkMail({}, 'Kære borger\n\nSvar venligst senest mandag.\n\nVenlig hilsen\nJobcenter\n'), expect: { [DK_FLAGGED]: warn('deadline-text', 'deadline-too-close') } },
  { name: 'DK "inden fredag": four working days after the release, not held', country: 'DK', at: FRIDAY_1400, message: dkMail({}, 'Kære borger\n\nSend dokumenterne inden fredag.\n\nVenlig hilsen\nJobcenter\n'), expect: { [DK_FLAGGED]: warn('deadline-text', 'deadline-too-close') } },
  { name: 'DK "senest i morgen": not held', country: 'DK', at: FRIDAY_1400, message: dkMail({}, 'Kære borger\n\nSvar senest i morgen.\n\nVenlig hilsen\nJobcenter\n'), expect: { [DK_FLAGGED]: warn('deadline-text', 'deadline-too-close') } },
  { name: 'DK "inden for 8 dage": not held', country: 'DK', at: FRIDAY_1400, message: dkMail({}, 'Kære borger\n\nIndsend bilag inden for 8 dage.\n\nVenlig hilsen\nJobcenter\n'), expect: { [DK_FLAGGED]: warn('deadline-text', 'deadline-too-close') } },
  { name: 'DK "inden for 14 dage" leaves time: held', country: 'DK', at: FRIDAY_1400, message: dkMail({}, 'Kære borger\n\nIndsend bilag inden for 14 dage.\n\nVenlig hilsen\nJobcenter\n'), expect: { [DK_FLAGGED]: hold(MONDAY_RELEASE, 'deadline-text', 'deadline-allows-hold') } },
  { name: 'DK "senest i uge 49" (its Friday): not held', country: 'DK', at: FRIDAY_1400, message: dkMail({}, 'Kære borger\n\nSvar senest i uge 49.\n\nVenlig hilsen\nJobcenter\n'), expect: { [DK_FLAGGED]: warn('deadline-text', 'deadline-too-close') } },
  { name: 'DK "senest i uge 51" leaves time: held', country: 'DK', at: FRIDAY_1400, message: dkMail({}, 'Kære borger\n\nSvar senest i uge 51.\n\nVenlig hilsen\nJobcenter\n'), expect: { [DK_FLAGGED]: hold(MONDAY_RELEASE, 'deadline-text', 'deadline-allows-hold') } },
  { name: 'DK a clear deadline that cannot be read: not held', country: 'DK', at: FRIDAY_1400, message: dkMail({}, 'Kære borger\n\nSvar venligst senest snarest muligt.\n\nVenlig hilsen\nJobcenter\n'), expect: { [DK_FLAGGED]: warn('deadline-unreadable') } },
  { name: 'SE "senast på tisdag" sent Friday 14:00: not held', country: 'SE', at: FRIDAY_1400, message: seMail({}, 'Hej\n\nSvara senast på tisdag.\n\nMed vänlig hälsning\nKommunen\n'), expect: { [SE_FLAGGED]: warn('deadline-text', 'deadline-too-close') } },
  { name: 'SE "senast imorgon": not held', country: 'SE', at: FRIDAY_1400, message: seMail({}, 'Hej\n\nSkicka in intyget senast imorgon.\n\nMed vänlig hälsning\nKommunen\n'), expect: { [SE_FLAGGED]: warn('deadline-text', 'deadline-too-close') } },
  { name: 'SE "inom en vecka": not held', country: 'SE', at: FRIDAY_1400, message: seMail({}, 'Hej\n\nSvara inom en vecka.\n\nMed vänlig hälsning\nKommunen\n'), expect: { [SE_FLAGGED]: warn('deadline-text', 'deadline-too-close') } },
  { name: 'SE "inom 14 dagar" leaves time: held', country: 'SE', at: FRIDAY_1400, message: seMail({}, 'Hej\n\nBeslutet kan överklagas inom 14 dagar.\n\nMed vänlig hälsning\nKommunen\n'), expect: { [SE_FLAGGED]: hold(MONDAY_RELEASE, 'deadline-text', 'deadline-allows-hold') } },
  { name: 'SE "senast vecka 49": not held', country: 'SE', at: FRIDAY_1400, message: seMail({}, 'Hej\n\nSvara senast vecka 49.\n\nMed vänlig hälsning\nKommunen\n'), expect: { [SE_FLAGGED]: warn('deadline-text', 'deadline-too-close') } },
  { name: 'SE a clear deadline that cannot be read: not held', country: 'SE', at: FRIDAY_1400, message: seMail({}, 'Hej\n\nSvara senast när du kan.\n\nMed vänlig hälsning\nKommunen\n'), expect: { [SE_FLAGGED]: warn('deadline-unreadable') } },
  // Holidays
  { name: 'DK 23 December after the cut-off: held over Christmas', country: 'DK', at: '2026-12-23T13:00:00+01:00', message: dkMail(), expect: { [DK_FLAGGED]: hold('2026-12-28T09:00:00+01:00') } },
  { name: 'DK 30 December: held over New Year', country: 'DK', at: '2026-12-30T14:00:00+01:00', message: dkMail(), expect: { [DK_FLAGGED]: hold('2027-01-04T09:00:00+01:00') } },
  { name: 'DK Digital Post on the evening of 22 December lands in the Christmas stretch', country: 'DK', at: '2026-12-22T20:00:00+01:00', message: dkMemo(), expect: { '0101901234': hold('2026-12-28T09:00:00+01:00', 'channel-delay') } },
  { name: 'DK the day before Easter (Maundy Thursday is closed)', country: 'DK', at: '2027-03-24T13:00:00+01:00', message: dkMail(), expect: { [DK_FLAGGED]: hold('2027-03-30T09:00:00+02:00') } },
  { name: 'DK Easter Saturday, released after the spring DST change', country: 'DK', at: '2027-03-27T10:00:00+01:00', message: dkMail(), expect: { [DK_FLAGGED]: hold('2027-03-30T09:00:00+02:00') } },
  // DST weekends
  { name: 'DK Friday before the spring DST weekend', country: 'DK', at: '2026-03-27T14:00:00+01:00', message: dkMail(), expect: { [DK_FLAGGED]: hold('2026-03-30T09:00:00+02:00') } },
  { name: 'DK Friday before the autumn DST weekend', country: 'DK', at: '2026-10-23T14:00:00+02:00', message: dkMail(), expect: { [DK_FLAGGED]: hold('2026-10-26T09:00:00+01:00') } },
  { name: 'DK Thursday night Digital Post before the autumn DST weekend', country: 'DK', at: '2026-10-22T20:00:00+02:00', message: dkMemo(), expect: { '0101901234': hold('2026-10-26T09:00:00+01:00', 'channel-delay') } },
  // Flags and recipients
  { name: 'DK a flag past expiry no longer holds', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMail({}, undefined, ['udloebet@example.dk']), expect: { 'udloebet@example.dk': deliver('flag-expired') } },
  { name: 'DK a flag expiring today still holds', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMail({}, undefined, ['idag@example.dk']), expect: { 'idag@example.dk': hold(MONDAY_RELEASE) } },
  { name: 'DK Digital Post to a company (CVR) cannot be flagged', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMemo({ recipient: '29189846' }), expect: { '29189846': deliver('not-a-citizen') } },
  { name: 'DK the flag is found however the address is capitalised', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMail({}, undefined, ['Borger@Example.DK']), expect: { 'Borger@Example.DK': hold(MONDAY_RELEASE) } },
  // MeMo signals
  { name: 'DK MeMo legal notification: not held', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMemo({ legalNotification: true }), expect: { '0101901234': warn('legal-notification') } },
  { name: 'DK MeMo legal notification with a near reply-by: every reason is given', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMemo({ legalNotification: true, replyByDateTime: '2026-12-01T15:00:00Z' }), expect: { '0101901234': warn('legal-notification', 'deadline-memo-reply-by', 'deadline-too-close') } },
  { name: 'DK MeMo replyByDateTime two working days after the release: not held', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMemo({ replyByDateTime: '2026-12-02T22:59:59Z' }), expect: { '0101901234': warn('deadline-memo-reply-by', 'deadline-too-close') } },
  { name: 'DK MeMo action ending in three weeks: held', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMemo({ actionEnd: '2026-12-21T22:59:59Z' }), expect: { '0101901234': hold(MONDAY_RELEASE, 'deadline-memo-action', 'deadline-allows-hold') } },
  { name: 'DK MeMo doNotDeliverUntilDate Tuesday: it lands outside the quiet window', country: 'DK', at: FRIDAY_AFTER_CUTOFF, message: dkMemo({ doNotDeliverUntilDate: '2026-12-01' }), expect: { '0101901234': deliver('do-not-deliver-until', 'outside-quiet-window') } },
  // Sweden
  { name: 'SE Friday after the cut-off', country: 'SE', at: FRIDAY_AFTER_CUTOFF, message: seMail(), expect: { [SE_FLAGGED]: hold(MONDAY_RELEASE) } },
  { name: 'SE Friday before the cut-off', country: 'SE', at: '2026-11-27T10:00:00+01:00', message: seMail(), expect: { [SE_FLAGGED]: deliver('outside-quiet-window') } },
  { name: 'SE Maundy Thursday after the cut-off (Good Friday is closed)', country: 'SE', at: '2027-03-25T13:00:00+01:00', message: seMail(), expect: { [SE_FLAGGED]: hold('2027-03-30T09:00:00+02:00') } },
  { name: 'SE the Wednesday before Easter is an ordinary day', country: 'SE', at: '2027-03-24T13:00:00+01:00', message: seMail(), expect: { [SE_FLAGGED]: deliver('outside-quiet-window') } },
  { name: 'SE the day before midsummer eve', country: 'SE', at: '2026-06-18T14:00:00+02:00', message: seMail(), expect: { [SE_FLAGGED]: hold('2026-06-22T09:00:00+02:00') } },
  { name: 'SE 23 December after the cut-off', country: 'SE', at: '2026-12-23T13:00:00+01:00', message: seMail(), expect: { [SE_FLAGGED]: hold('2026-12-28T09:00:00+01:00') } },
  { name: 'SE Friday before the autumn DST weekend', country: 'SE', at: '2026-10-23T14:00:00+02:00', message: seMail(), expect: { [SE_FLAGGED]: hold('2026-10-26T09:00:00+01:00') } },
  { name: 'SE a MeMo letter to a Danish CPR number is looked up as CPR, not as a personnummer', country: 'SE', at: FRIDAY_AFTER_CUTOFF, message: dkMemo({ recipient: '0101901234' }), expect: { '0101901234': hold(MONDAY_RELEASE) } },
  { name: 'SE a ten-digit personnummer finds the flag made with twelve', country: 'SE', at: FRIDAY_AFTER_CUTOFF, message: seMail(), recipients: ['900101-0017'], expect: { '900101-0017': hold(MONDAY_RELEASE) } },
  { name: 'SE "svara senast" two days away: not held', country: 'SE', at: FRIDAY_AFTER_CUTOFF, message: seMail({}, 'Hej\n\nSvara senast 2026-12-01.\n\nMed vänlig hälsning\nKommunen\n'), expect: { [SE_FLAGGED]: warn('deadline-text', 'deadline-too-close') } },
  { name: 'SE urgent header', country: 'SE', at: FRIDAY_AFTER_CUTOFF, message: seMail({ 'X-Postvakt-Urgent': 'true' }), expect: { [SE_FLAGGED]: warn('urgent') } },
  { name: 'SE a flag past expiry no longer holds', country: 'SE', at: FRIDAY_AFTER_CUTOFF, message: seMail({}, undefined, ['utgangen@example.se']), expect: { 'utgangen@example.se': deliver('flag-expired') } },
  {
    name: 'SE an unflagged recipient beside a flagged one',
    country: 'SE',
    at: FRIDAY_AFTER_CUTOFF,
    message: seMail({}, undefined, ['granne@example.se', SE_FLAGGED]),
    expect: { 'granne@example.se': deliver('not-flagged'), [SE_FLAGGED]: hold(MONDAY_RELEASE) },
  },
];

interface Setup {
  config: Config;
  calendar: WorkingCalendar;
  decider: Decider;
  store: Store;
}

const setups = new Map<Country, Setup>();

async function setup(country: Country): Promise<Setup> {
  const { config } = loadConfig(samplePath(country === 'DK' ? 'dk' : 'se'), {});
  const store = await openStore('sqlite::memory:');
  // Flags are made on 1 November, so one can already have expired by the scenarios' dates.
  const clock = movableClock('2026-11-01T10:00:00Z');
  const register = testRegister(store, { clock, country });
  const flag = (identifier: string, expiresOn?: string) =>
    register.add({ identifier, reason: 'Individuel vurdering', reviewOn: '2027-06-30', ...(expiresOn ? { expiresOn } : {}) }, CASE_WORKER);
  if (country === 'DK') {
    await flag(DK_FLAGGED);
    await flag(DK_CPR);
    await flag('udloebet@example.dk', '2026-11-20');
    await flag('idag@example.dk', '2026-11-27');
  } else {
    await flag(SE_FLAGGED);
    await flag('cpr:010190-1234');
    await flag('19900101-0017');
    await flag('utgangen@example.se', '2026-11-20');
  }
  const calendar = createCalendar(config.calendar);
  const decider = createDecider({
    calendar,
    register,
    config: config.decision,
    ...(config.municipality.phone ? { phone: config.municipality.phone } : {}),
  });
  return { config, calendar, decider, store };
}

beforeAll(async () => {
  setups.set('DK', await setup('DK'));
  setups.set('SE', await setup('SE'));
});

afterAll(async () => {
  for (const s of setups.values()) await s.store.close();
});

describe('hold decision scenarios', () => {
  it('covers at least 30 situations over both countries', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
    expect(new Set(scenarios.map((s) => s.country))).toEqual(new Set(['DK', 'SE']));
  });

  it.each(scenarios)('$name', async (scenario) => {
    const { decider, config, calendar } = setups.get(scenario.country)!;
    const message = await scenario.message();
    const recipients = scenario.recipients ?? (message.memo ? [message.memo.recipient.id] : message.to.map((a) => a.address));
    const lang = scenario.country === 'DK' ? 'da' : 'sv';
    const decisions = await decider.decide({ message, recipients, now: new Date(scenario.at), lang, ...(scenario.angry ? { angry: true } : {}) });

    expect(decisions.map((d) => d.recipient)).toEqual(recipients);
    for (const d of decisions) {
      const want = scenario.expect[d.recipient];
      expect(want, `no expectation for ${d.recipient}`).toBeDefined();
      expect(d.verdict, d.reasons.map((r) => r.code).join(', ')).toBe(want!.verdict);
      if (want!.holdUntil) expect(d.holdUntil?.toISOString()).toBe(new Date(want!.holdUntil).toISOString());
      else expect(d.holdUntil).toBeUndefined();
      expect(d.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(want!.codes ?? []));

      if (d.flagged) {
        // The four questions, in the sender's language, with the next opening in the FX-8 hint.
        expect(d.questions.map((q) => q.clause)).toEqual(['FX-6', 'FX-7', 'FX-8', 'FX-9']);
        const opening = new Intl.DateTimeFormat(lang === 'da' ? 'da-DK' : 'sv-SE', {
          weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: config.calendar.timeZone,
        }).format(d.nextOpening!);
        expect(d.questions[2]!.hint).toContain(opening);
        expect(d.questions[2]!.hint).toContain(config.municipality.phone!);
        expect(d.reasons.map((r) => r.text).join(' ')).toContain(lang === 'da' ? 'hensynsmarkering' : 'hänsynsmarkering');
        // The flag's reason is never part of a decision (it travels to notices and queue rows).
        expect(JSON.stringify(d)).not.toContain('Individuel vurdering');
      } else {
        expect(d.questions).toEqual([]);
      }
      // A held message is released while the municipality is open.
      if (d.verdict === 'hold') expect(calendar.isOpen(d.holdUntil!)).toBe(true);
    }
  });
});
