/**
 * Postvakt as Exchange's journal recipient (issue 17, item 1): reports built to Exchange's
 * documented format (an `X-MS-Journal-Report` header, an envelope part of `Sender:`, `Subject:`,
 * `Message-ID:` and recipient lines, the original as message/rfc822) are read, recorded in the
 * mail log with the direction of the original's envelope, open and close waiting items, and
 * nothing is relayed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotAJournalReport, readJournalReport } from '../../src/inbound/journal.ts';
import { cli, freePort, setup, startServe, startSink, swaks, type Served, type Setup, type Sink } from '../gateway/harness.ts';

function original(lines: string[]): string {
  return [...lines, 'Content-Type: text/plain; charset=utf-8', '', 'Hej. Hvornår får jeg svar på min ansøgning? Venlig hilsen, en borger', ''].join('\r\n');
}

/** A journal report as Exchange writes one; `envelope` lines after Sender/Subject/Message-ID. */
function journalReport(o: { sender: string; subject: string; messageId: string; recipients: string[]; original: string; qp?: boolean }): string {
  const envelope = [`Sender: ${o.sender}`, `Subject: ${o.subject}`, `Message-ID: ${o.messageId}`, ...o.recipients, ''].join('\r\n');
  const body = o.qp ? envelope.replace(/[^\x20-\x7e\r\n]/gu, (c) => [...Buffer.from(c)].map((b) => `=${b.toString(16).toUpperCase()}`).join('')) : envelope;
  return [
    'From: Microsoft Exchange Server <journal@eksempel-kommune.dk>',
    'To: postvakt-journal@eksempel-kommune.dk',
    `Subject: ${o.subject}`,
    'X-MS-Journal-Report:',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="_journal_"',
    '',
    '--_journal_',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${o.qp ? 'quoted-printable' : '8bit'}`,
    '',
    body,
    '--_journal_',
    'Content-Type: message/rfc822',
    '',
    o.original,
    '--_journal_--',
    '',
  ].join('\r\n');
}

const CITIZEN_MAIL = original(['From: borger@example.dk', 'To: jobcenter@eksempel-kommune.dk', 'Subject: Min ansøgning', 'Message-ID: <j-1@example.dk>']);

describe('reading a journal report', () => {
  it('takes the envelope from the report, expanded and forwarded recipients included, and the original byte for byte', () => {
    const raw = journalReport({
      sender: 'borger@example.dk',
      subject: 'Min ansøgning',
      messageId: '<j-1@example.dk>',
      recipients: ['To: jobcenter@eksempel-kommune.dk', 'Cc: sagsbehandler@eksempel-kommune.dk, Expanded: team@eksempel-kommune.dk', 'Recipient: Leder.Jobcenter@eksempel-kommune.dk, Forwarded: chef@eksempel-kommune.dk', 'Bcc: jobcenter@eksempel-kommune.dk'],
      original: CITIZEN_MAIL,
      qp: true,
    });
    const report = readJournalReport(Buffer.from(raw));
    expect(report.sender).toBe('borger@example.dk');
    expect(report.messageId).toBe('<j-1@example.dk>');
    expect(report.recipients).toEqual(['jobcenter@eksempel-kommune.dk', 'sagsbehandler@eksempel-kommune.dk', 'leder.jobcenter@eksempel-kommune.dk']);
    expect(report.original.equals(Buffer.from(CITIZEN_MAIL))).toBe(true);
  });

  it('refuses a message that is not a journal report, or lacks the envelope or the original', () => {
    expect(() => readJournalReport(Buffer.from(CITIZEN_MAIL))).toThrow(NotAJournalReport);
    const noOriginal = journalReport({ sender: 'a@example.dk', subject: 'x', messageId: '<x@y>', recipients: ['To: b@eksempel-kommune.dk'], original: 'x' }).replace('message/rfc822', 'text/html');
    expect(() => readJournalReport(Buffer.from(noOriginal))).toThrow(/message\/rfc822/);
    const noRecipient = journalReport({ sender: 'a@example.dk', subject: 'x', messageId: '<x@y>', recipients: [], original: CITIZEN_MAIL });
    expect(() => readJournalReport(Buffer.from(noRecipient))).toThrow(/no recipient/);
  });
});

describe('the inbound door in journal mode', () => {
  let sink: Sink;
  let s: Setup;
  let served: Served;
  let port: number;

  beforeAll(async () => {
    sink = await startSink();
    port = await freePort();
    s = await setup({
      sinkPort: sink.port,
      sections: { inbound: { enabled: true, mode: 'journal', host: '127.0.0.1', port } },
    });
    served = await startServe(s, { POSTVAKT_NOW: '2026-12-01T10:00:00+01:00' });
  }, 180_000);
  afterAll(async () => {
    await served?.stop();
    await sink?.close();
    await s?.cleanup();
  });

  const send = (name: string, report: string) => {
    const file = join(s.dir, name);
    writeFileSync(file, report);
    return swaks(port, ['--from', 'journal@eksempel-kommune.dk', '--to', 'postvakt-journal@eksempel-kommune.dk', '--data', file]);
  };
  const replies = async () => JSON.parse((await cli(s, ['replies', 'list', '--json'], { POSTVAKT_NOW: '2026-12-01T10:00:00+01:00' })).stdout) as Array<Record<string, string>>;

  it('records a citizen mail and its answer from the reports, relays nothing, and refuses what is no report', async () => {
    const incoming = await send('in.eml', journalReport({ sender: 'borger@example.dk', subject: 'Min ansøgning', messageId: '<j-1@example.dk>', recipients: ['To: jobcenter@eksempel-kommune.dk'], original: CITIZEN_MAIL }));
    expect(incoming.output).toMatch(/250 2\.0\.0/);
    expect(await replies()).toMatchObject([{ mailbox: 'jobcenter@eksempel-kommune.dk', from: 'borger@example.dk', state: 'waiting', dueAt: expect.stringMatching(/^2026-12-03T10:0\d:\d\d\+01:00$/) }]);

    const reply = original(['From: sagsbehandler@eksempel-kommune.dk', 'To: borger@example.dk', 'Subject: Re: Min ansøgning', 'Message-ID: <r-1@eksempel-kommune.dk>', 'In-Reply-To: <j-1@example.dk>']);
    const outgoing = await send('out.eml', journalReport({ sender: 'sagsbehandler@eksempel-kommune.dk', subject: 'Re: Min ansøgning', messageId: '<r-1@eksempel-kommune.dk>', recipients: ['To: borger@example.dk'], original: reply }));
    expect(outgoing.output).toMatch(/250 2\.0\.0/);
    expect(await replies()).toMatchObject([{ state: 'answered' }]);

    const notReport = await swaks(port, ['--from', 'borger@example.dk', '--to', 'jobcenter@eksempel-kommune.dk', '--body', 'Hej']);
    expect(notReport.output).toMatch(/550 5\.6\.0 Ikke en journalrapport fra Exchange/);

    const log = JSON.parse((await cli(s, ['log', 'export', '--mailbox', 'borger@example.dk', '--from', '2026-12-01', '--to', '2026-12-01', '--format', 'json'])).stdout) as Array<{ event: string; direction: string; subject: string; verdict: string }>;
    expect(log.map((r) => [r.event, r.direction, r.subject, r.verdict])).toEqual([
      ['received', 'in', 'Min ansøgning', 'journal'],
      ['received', 'out', 'Re: Min ansøgning', 'journal'],
      ['refused', 'in', '', 'refuse'],
    ]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(sink.messages).toEqual([]);
  });
});
