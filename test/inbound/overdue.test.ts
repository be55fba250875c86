/**
 * Overdue answers (issue 17 item 4, BK-14) from outside, on both stores: a real `postvakt serve`
 * restarted at later instants (POSTVAKT_NOW), swaks as the citizen's MTA, Postfix's smtp-sink as
 * the smart host and the internal mail system. A mail left unanswered notifies the mailbox's
 * owners and the unit's managers once when due and once a working day later, in the unit's
 * language, and never again, across restarts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { DIALECTS } from '../support/stores.ts';
import { freePort, setup, startServe, swaks, waitFor, type Setup } from '../gateway/harness.ts';
import PostalMime from 'postal-mime';
import { startPostfixSink, type PostfixSink } from './support.ts';

/** A notice as its readers see it: envelope recipients, decoded subject and text. */
async function read(m: { to: string[]; raw: string }): Promise<{ to: string[]; subject: string; text: string; raw: string }> {
  const mail = await PostalMime.parse(m.raw);
  return { to: m.to, subject: mail.subject ?? '', text: mail.text ?? '', raw: m.raw };
}

const TUESDAY = '2026-12-01T10:00:00+01:00';
// Both function mailboxes are covered all week, so the only automatic mail is about overdue answers (no BK-16 gap alerts).
const WEEK = (person: string) => ({ person, days: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: '08:00-17:00' });
// The answers were due Thursday 3 December about 10:00.
const THURSDAY_AFTER_DUE = '2026-12-03T10:30:00+01:00';
const THURSDAY_LATER = '2026-12-03T14:00:00+01:00';
// A working day after the first notice (Thursday 10:30): Friday 10:30.
const FRIDAY_BEFORE = '2026-12-04T10:15:00+01:00';
const FRIDAY_AFTER = '2026-12-04T10:45:00+01:00';
const MONDAY = '2026-12-07T10:00:00+01:00';

describe.each(DIALECTS)('overdue-answer notices on %s', (dialect) => {
  let sink: PostfixSink;
  let s: Setup;
  let inboundPort: number;

  // Postvakt's own mail: the null sender, marked automatic (RFC 3834).
  const notices = () => sink.messages().filter((m) => m.from === '' && /^Auto-Submitted: auto-generated/m.test(m.raw));

  /** Run serve at `now` long enough for a few sweeps, then stop it. */
  async function runAt(now: string, expectTotal: number): Promise<void> {
    const served = await startServe(s, { POSTVAKT_NOW: now });
    try {
      await waitFor(() => notices().length >= expectTotal, 30_000).catch((err: unknown) => {
        throw new Error(`${String(err)}:\n${served.log.join('\n')}`);
      });
      // Several sweeps (every second) pass: nothing more may go.
      await new Promise((r) => setTimeout(r, 3_000));
    } finally {
      await served.stop();
    }
    expect(notices()).toHaveLength(expectTotal);
  }

  beforeAll(async () => {
    sink = await startPostfixSink();
    inboundPort = await freePort();
    s = await setup({
      sinkPort: sink.port,
      dialect,
      sections: {
        inbound: { enabled: true, host: '127.0.0.1', port: inboundPort, deliverTo: { host: '127.0.0.1', port: sink.port }, overdueSweep: '1s' },
        units: [
          { id: 'jobcenter', name: 'Jobcenter', managers: ['leder.jobcenter@eksempel-kommune.dk'] },
          { id: 'svensk', name: 'Svenska enheten', managers: ['chef.svensk@eksempel-kommune.dk'], language: 'sv' },
        ],
        mailboxes: [
          { address: 'jobcenter@eksempel-kommune.dk', kind: 'function', unit: 'jobcenter', owners: ['leder.jobcenter@eksempel-kommune.dk'], members: ['sagsbehandler@eksempel-kommune.dk'], duty: [WEEK('sagsbehandler@eksempel-kommune.dk')] },
          { address: 'svensk@eksempel-kommune.dk', kind: 'function', unit: 'svensk', owners: ['agare.svensk@eksempel-kommune.dk'], duty: [WEEK('agare.svensk@eksempel-kommune.dk')] },
        ],
      },
    });
    const served = await startServe(s, { POSTVAKT_NOW: TUESDAY });
    try {
      for (const to of ['jobcenter@eksempel-kommune.dk', 'svensk@eksempel-kommune.dk']) {
        const out = await swaks(inboundPort, ['--from', 'borger@example.dk', '--to', to, '--header', 'Subject: Min sag 070761-4285 om kontanthjælp', '--body', 'Hej. Hvornår får jeg svar? Borger']);
        expect(out.output).toMatch(/250 2\.0\.0/);
      }
      await waitFor(() => sink.messages().filter((m) => m.raw.includes('Hvornår får jeg svar')).length === 2, 30_000);
    } finally {
      await served.stop();
    }
  }, 240_000);

  afterAll(async () => {
    await sink?.close();
    await s?.cleanup();
  });

  it('sends nothing before the answer is due', { timeout: 60_000 }, async () => {
    await runAt('2026-12-03T09:00:00+01:00', 0);
  });

  it('tells the owners and the unit’s managers once when due, in the unit’s language, with the subject masked', { timeout: 60_000 }, async () => {
    await runAt(THURSDAY_AFTER_DUE, 2);
    const read2 = await Promise.all(notices().map(read));
    const danish = read2.find((n) => n.subject.includes('jobcenter@'))!;
    const swedish = read2.find((n) => n.subject.includes('svensk@'))!;
    // Owner and manager are one person at the Jobcenter: one copy.
    expect(danish.to).toEqual(['leder.jobcenter@eksempel-kommune.dk']);
    expect(danish.subject).toBe('Svar overskredet: mail til jobcenter@eksempel-kommune.dk');
    expect(danish.text).toContain('er ikke besvaret');
    expect(danish.text).toContain('inden for 2 arbejdsdage');
    expect(swedish.to.sort()).toEqual(['agare.svensk@eksempel-kommune.dk', 'chef.svensk@eksempel-kommune.dk']);
    expect(swedish.subject).toBe('Svar försenat: e-post till svensk@eksempel-kommune.dk');
    expect(swedish.text).toContain('har inte besvarats');
    for (const n of [danish, swedish]) {
      // The subject as the log masks it; never the citizen's number, address or words.
      expect(n.text).toContain('070761-XXXX');
      expect(n.raw).not.toContain('4285');
      expect(n.raw).not.toContain('borger@example.dk');
      expect(n.text).not.toContain('Hvornår');
    }
  });

  it('does not send it again after a restart the same day', { timeout: 60_000 }, async () => {
    await runAt(THURSDAY_LATER, 2);
  });

  it('sends the second notice a working day after the first, and then no more', { timeout: 120_000 }, async () => {
    await runAt(FRIDAY_BEFORE, 2);
    await runAt(FRIDAY_AFTER, 4);
    const second = await Promise.all(notices().slice(2).map(read));
    expect(second.map((n) => n.subject).sort()).toEqual([
      'Fortfarande obesvarat: e-post till svensk@eksempel-kommune.dk',
      'Stadig ubesvaret: mail til jobcenter@eksempel-kommune.dk',
    ]);
    expect(second.find((n) => n.subject.includes('jobcenter@'))!.text).toContain('Dette er den anden besked');
    expect(second.find((n) => n.subject.includes('svensk@'))!.text).toContain('andra meddelandet');
    await runAt(MONDAY, 4);
    const store = await openStore(s.storeUrl, { migrate: false });
    try {
      const events = await store.db.selectFrom('inbound_waiting_events').select(['waiting_id', 'kind', 'data']).where('kind', '=', 'overdue-notice').execute();
      expect(events).toHaveLength(4);
      expect(events.map((e) => (JSON.parse(e.data!) as { round: number }).round).sort()).toEqual([1, 1, 2, 2]);
    } finally {
      await store.close();
    }
  });
});
