/**
 * Absence, substitutes and out-of-office through a running `postvakt serve` (issue 21, BK-21,
 * BK-22, BK-10; issue 17 item 5, BK-16): swaks as the internet, Postfix's smtp-sink as the
 * internal mail system behind the inbound door, an smtp-server sink as the outbound smart host
 * (replies, alerts, digests). The clock starts Tuesday 1 December 2026, 09:59:45 in Copenhagen.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, swaks, waitFor, type Setup, type Sink, type SinkMessage } from '../gateway/harness.ts';
import PostalMime from 'postal-mime';
import { serveWithInbound, type InboundServe, type PostfixSink } from '../inbound/support.ts';

const NOW = '2026-12-01T09:59:45+01:00';
const sample = parse(readFileSync(join(resolve(import.meta.dirname, '../..'), 'config/samples/dk.yaml'), 'utf8')) as Record<string, unknown>;

let internal: PostfixSink;
let outbound: Sink;
let s: Setup;
let inboundPort: number;
let running: InboundServe | undefined;

const run = async (args: string[]) => {
  const out = await cli(s, args, { POSTVAKT_NOW: NOW });
  expect(out.code, out.stderr).toBe(0);
  return out.stdout;
};
const inbound = (args: string[]) => swaks(inboundPort, args);
const sentTo = (address: string) => outbound.messages.filter((m) => m.to.includes(address));
const repliesTo = (address: string) => sentTo(address).filter((m) => /^Auto-Submitted: auto-replied/im.test(m.raw));
const settle = () => new Promise((r) => setTimeout(r, 2500));

beforeAll(async () => {
  running = await serveWithInbound({
    env: { POSTVAKT_NOW: NOW },
    sections: {
      calendar: {
        ...(sample.calendar as Record<string, unknown>),
        // Telephone hours shorter than the opening hours (BK-16).
        phoneHours: { mon: '09:00-14:00', tue: '09:00-14:00', wed: '09:00-14:00', thu: '09:00-14:00', fri: '09:00-12:00' },
      },
      mailboxes: [
        { address: 'post@eksempel-kommune.dk', kind: 'official', unit: 'borgerservice', members: ['borgerservice-vagt@eksempel-kommune.dk'] },
        {
          address: 'jobcenter@eksempel-kommune.dk',
          kind: 'function',
          unit: 'jobcenter',
          owners: ['leder.jobcenter@eksempel-kommune.dk'],
          members: ['sagsbehandler@eksempel-kommune.dk'],
          duty: [{ person: 'sagsbehandler@eksempel-kommune.dk', days: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: '08:00-12:00' }],
        },
      ],
      notices: { sweepInterval: '1s' },
      coverage: { alertAt: '09:00' },
    },
    before: async (setUp) => {
      s = setUp;
      // The case worker is away all week; the function mailbox stands in (BK-21).
      await run(['absence', 'add', '--person', 'sagsbehandler@eksempel-kommune.dk', '--from', '2026-11-30', '--to', '2026-12-04', '--substitute', 'jobcenter@eksempel-kommune.dk', '--unit', 'jobcenter']);
      // Away from tomorrow with nobody named: Borgerservice's manager, who reads notices at 10:00 (BK-10).
      await run(['absence', 'add', '--person', 'anden@eksempel-kommune.dk', '--from', '2026-12-02', '--to', '2026-12-03', '--unit', 'borgerservice']);
      await run(['notices', 'set', '--address', 'leder.borgerservice@eksempel-kommune.dk', '--digest', '10:00,14:00']);
      // Away now with nobody named: the Jobcenter manager hears of mail that arrives.
      await run(['absence', 'add', '--person', 'tredje@eksempel-kommune.dk', '--from', '2026-11-30', '--to', '2026-12-01', '--unit', 'jobcenter']);
    },
  });
  ({ internal, outbound, inboundPort } = running);
}, 180_000);

afterAll(async () => {
  await running?.stop();
});

describe('absence with a substitute (BK-21, BK-22)', () => {
  it('copies the mail to the substitute and answers the sender once, in their language, through the outbound door', { timeout: 60_000 }, async () => {
    const first = await inbound([
      '--from', 'citizen@example.org', '--to', 'sagsbehandler@eksempel-kommune.dk',
      '--header', 'Subject: Question about my application 070761-4285', '--header', 'Message-Id: <q1@example.org>',
      '--body', 'Hello. I sent my application last week and would like to know when I can expect an answer. Kind regards, a citizen',
    ]);
    expect(first.output).toMatch(/250 2\.0\.0/);
    const relayed = await waitFor(() => internal.messages().find((m) => m.raw.includes('application last week')), 30_000);
    expect(relayed.to.sort()).toEqual(['jobcenter@eksempel-kommune.dk', 'sagsbehandler@eksempel-kommune.dk']);

    const [reply] = await waitFor(() => repliesTo('citizen@example.org').length > 0 && repliesTo('citizen@example.org'), 30_000);
    expect(reply!.from).toBe('');
    expect(reply!.raw).toMatch(/^In-Reply-To: <q1@example\.org>/m);
    expect(reply!.raw).toMatch(/^References: <q1@example\.org>/m);
    expect(reply!.raw).toMatch(/^Content-Language: en/m);
    // The identity number in the subject is not sent back out.
    expect(reply!.raw).toMatch(/^Subject: Auto: Question about my application 070761-XXXX/m);
    expect(reply!.raw).not.toContain('4285');
    // Friday is the last day away: back on Monday.
    expect(reply!.raw).toContain('back on 2026-12-07');
    expect(reply!.raw).toContain('jobcenter@eksempel-kommune.dk');

    const second = await inbound(['--from', 'citizen@example.org', '--to', 'sagsbehandler@eksempel-kommune.dk', '--header', 'Subject: One more thing', '--body', 'Hello again. I forgot to say that my phone number has changed. Regards']);
    expect(second.output).toMatch(/250 2\.0\.0/);
    await waitFor(() => internal.messages().find((m) => m.raw.includes('phone number has changed')), 30_000);
    await settle();
    expect(repliesTo('citizen@example.org')).toHaveLength(1);
  });

  it('replies in Danish to a Danish mail', { timeout: 60_000 }, async () => {
    await inbound([
      '--from', 'borger@example.dk', '--to', 'sagsbehandler@eksempel-kommune.dk', '--header', 'Subject: Min sag',
      '--body', 'Hej. Jeg vil gerne høre, hvornår jeg kan forvente et svar på min ansøgning om hjælp. Med venlig hilsen, en borger',
    ]);
    const [reply] = await waitFor(() => repliesTo('borger@example.dk').length > 0 && repliesTo('borger@example.dk'), 30_000);
    expect(reply!.raw).toMatch(/^Content-Language: da/m);
    expect(reply!.raw).toContain('tilbage 2026-12-07');
  });

  it('never answers the null sender, a list, bulk mail or another auto-reply', { timeout: 60_000 }, async () => {
    const sent = [
      await inbound(['--from', '<>', '--to', 'sagsbehandler@eksempel-kommune.dk', '--header', 'Subject: Undeliverable', '--body', 'bounce-body']),
      await inbound(['--from', 'news@example.org', '--to', 'sagsbehandler@eksempel-kommune.dk', '--header', 'List-Id: <news.example.org>', '--header', 'Subject: Newsletter', '--body', 'list-body']),
      await inbound(['--from', 'bulk@example.org', '--to', 'sagsbehandler@eksempel-kommune.dk', '--header', 'Precedence: bulk', '--header', 'Subject: Offer', '--body', 'bulk-body']),
      await inbound(['--from', 'away@example.org', '--to', 'sagsbehandler@eksempel-kommune.dk', '--header', 'Auto-Submitted: auto-replied', '--header', 'Subject: Away', '--body', 'ooo-body']),
    ];
    for (const out of sent) expect(out.output).toMatch(/250 2\.0\.0/);
    await waitFor(() => ['bounce-body', 'list-body', 'bulk-body', 'ooo-body'].every((b) => internal.messages().some((m) => m.raw.includes(b))), 30_000);
    await settle();
    for (const who of ['news@example.org', 'bulk@example.org', 'away@example.org']) expect(repliesTo(who)).toEqual([]);
    // Nothing of ours went to the null sender either: every reply so far went to the two citizens.
    expect(outbound.messages.filter((m) => /auto-replied/.test(m.raw)).flatMap((m) => m.to).sort()).toEqual(['borger@example.dk', 'citizen@example.org']);
  });

  it('moves the waiting items to the substitute with the same due time', { timeout: 60_000 }, async () => {
    const items = JSON.parse(await run(['replies', 'list', '--json'])) as Array<Record<string, string>>;
    const mine = items.filter((i) => i.from === 'citizen@example.org' || i.from === 'borger@example.dk');
    expect(mine.length).toBe(3);
    for (const item of mine) expect(item.mailbox).toBe('jobcenter@eksempel-kommune.dk');
    // Received Tuesday during opening hours: due two working days later at the same time.
    expect(mine[0]!.dueAt).toMatch(/^2026-12-03T(09:59|10:0\d)/);
  });
});

describe('nobody stands in (BK-21)', () => {
  it('tells the unit’s manager when mail arrives for an absent person nobody watches', { timeout: 60_000 }, async () => {
    await inbound(['--from', 'citizen2@example.org', '--to', 'tredje@eksempel-kommune.dk', '--header', 'Subject: Hello', '--body', 'Hello. Could you please call me back about my case? Regards']);
    const alert = await waitFor(() => sentTo('leder.jobcenter@eksempel-kommune.dk').find((m) => m.raw.includes('tredje@eksempel-kommune.dk')), 30_000);
    expect(alert.raw).toMatch(/^Auto-Submitted: auto-generated/m);
    expect(alert.raw).toContain('BK-21');
    // The sender hears whom to contact instead.
    const [reply] = await waitFor(() => repliesTo('citizen2@example.org').length > 0 && repliesTo('citizen2@example.org'), 30_000);
    expect(reply!.raw).toContain('+45 70 00 00 00');
  });

  it('keeps the alert before an absence starts for the manager’s digest, and delivers it at the chosen time (BK-10)', { timeout: 60_000 }, async () => {
    const manager = 'leder.borgerservice@eksempel-kommune.dk';
    // Serve started at 09:59:45: the alert is kept until the 10:00 digest.
    const digest = await waitFor(() => sentTo(manager)[0], 40_000);
    expect(sentTo(manager)).toHaveLength(1);
    expect(digest.raw).toMatch(/^Content-Type: multipart\/mixed/m);
    expect(digest.raw).toMatch(/multipart\/digest/);
    expect(digest.raw).toMatch(/^Subject: Postvakt: 1 besked siden sidste samling/m);
    expect(digest.raw).toContain('anden@eksempel-kommune.dk');
    const date = /^Date: (.*)$/m.exec(digest.raw)![1]!;
    expect(new Date(date).getTime()).toBeGreaterThanOrEqual(new Date('2026-12-01T10:00:00+01:00').getTime());
  });
});

describe('function mailbox coverage (BK-16)', () => {
  const coverage = async (date: string) => JSON.parse(await run(['mailboxes', 'coverage', '--date', date, '--json'])) as Array<{ mailbox: string; gaps: Array<{ from: string; to: string }>; phoneHours: Array<{ from: string; to: string }> }>;

  it('shows the gaps in a day’s telephone hours, and a member marking themself on duty closes part of one', { timeout: 90_000 }, async () => {
    const [before] = await coverage('2026-12-08');
    expect(before!.phoneHours).toEqual([{ from: '2026-12-08T09:00:00+01:00', to: '2026-12-08T14:00:00+01:00' }]);
    expect(before!.gaps).toEqual([{ from: '2026-12-08T12:00:00+01:00', to: '2026-12-08T14:00:00+01:00' }]);
    await run(['mailboxes', 'duty', '--mailbox', 'jobcenter@eksempel-kommune.dk', '--person', 'leder.jobcenter@eksempel-kommune.dk', '--date', '2026-12-08', '--hours', '12:00-13:00']);
    const [after] = await coverage('2026-12-08');
    expect(after!.gaps).toEqual([{ from: '2026-12-08T13:00:00+01:00', to: '2026-12-08T14:00:00+01:00' }]);
  });

  it('takes an absent member off the roster', { timeout: 60_000 }, async () => {
    const [wednesday] = await coverage('2026-12-02');
    expect(wednesday!.gaps).toEqual([{ from: '2026-12-02T09:00:00+01:00', to: '2026-12-02T14:00:00+01:00' }]);
  });

  it('alerts the unit’s managers of the next working day’s gap, once', { timeout: 30_000 }, async () => {
    const gapAlerts = async () => {
      const mails = await Promise.all(sentTo('leder.jobcenter@eksempel-kommune.dk').map((m: SinkMessage) => PostalMime.parse(m.raw)));
      return mails.filter((m) => m.subject?.startsWith('Ingen har vagt på jobcenter@eksempel-kommune.dk 2026-12-02'));
    };
    let alerts = await gapAlerts();
    for (const end = Date.now() + 20_000; alerts.length === 0 && Date.now() < end; alerts = await gapAlerts()) await new Promise((r) => setTimeout(r, 200));
    expect(alerts[0]!.text).toContain('09:00–14:00');
    expect(alerts[0]!.text).toContain('BK-16');
    await settle();
    expect(await gapAlerts()).toHaveLength(1);
  });
});
