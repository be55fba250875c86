/**
 * The gateway end to end with real peers: swaks as the client, a real `postvakt serve` process
 * standing on a Friday afternoon (POSTVAKT_NOW), and an smtp-server sink as the smart host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/gateway/access.ts';
import { openStore } from '../../src/store/db.ts';
import { readMailLog, verifyMailLog } from '../../src/maillog/index.ts';
import { parseMessage } from '../../src/message/parse.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cli, flagCitizen, setup, startServe, startSink, swaks, waitFor, type Served, type Setup, type Sink } from './harness.ts';

const FRIDAY_AFTERNOON = '2026-12-04T14:00:00+01:00';
const MONDAY_RELEASE = '2026-12-07T09:00:00+01:00';
const FLAGGED = 'borger.flag@example.dk';
const UNFLAGGED = 'borger.fri@example.dk';
const SENDER = 'sagsbehandler@eksempel-kommune.dk';
const COLLEAGUE = 'kollega@eksempel-kommune.dk';
const USER = 'case-system';
const PASSWORD = 'correct horse battery staple';

const run = promisify(execFile);

let sink: Sink;
let s: Setup;
let served: Served;
const auth = ['--tls', '--auth', 'PLAIN', '--auth-user', USER, '--auth-password', PASSWORD];

beforeAll(async () => {
  sink = await startSink();
  s = await setup({
    sinkPort: sink.port,
    gateway: { relayNetworks: [], users: [{ name: USER, passwordHash: await hashPassword(PASSWORD) }] },
    queue: { retrySchedule: Array.from({ length: 60 }, () => '1s') },
  });
  await flagCitizen(s, FLAGGED);
  served = await startServe(s, { POSTVAKT_NOW: FRIDAY_AFTERNOON });
}, 60_000);

afterAll(async () => {
  await served?.stop();
  await sink?.close();
  await s?.cleanup();
});

const toSink = (rcpt: string, subject: string) =>
  sink.messages.find((m) => m.to.includes(rcpt) && m.raw.includes(subject));

/** The header block of a message as the sink got it. */
const headerBlock = (raw: string) => raw.slice(0, raw.search(/\r?\n\r?\n/));

describe('gateway with real peers', () => {
  it('refuses to relay for a client that neither authenticated nor comes from an allowed network', async () => {
    const r = await swaks(s.smtpPort, ['--from', SENDER, '--to', UNFLAGGED, '--header', 'Subject: open relay probe']);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/<\*\* 550 5\.7\.1 /);
    expect(toSink(UNFLAGGED, 'open relay probe')).toBeUndefined();
  });

  it('refuses to relay after STARTTLS too, for a client that did not authenticate', async () => {
    // smtp-server sets the session's user to false after STARTTLS; that once counted as signed in.
    const r = await swaks(s.smtpPort, ['--tls', '--from', SENDER, '--to', UNFLAGGED, '--header', 'Subject: open relay probe over TLS']);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/<~\* 550 5\.7\.1 /);
    expect(toSink(UNFLAGGED, 'open relay probe over TLS')).toBeUndefined();
  });

  it('does not offer AUTH before STARTTLS', async () => {
    const r = await swaks(s.smtpPort, ['--from', SENDER, '--to', UNFLAGGED, '--auth', 'PLAIN', '--auth-user', USER, '--auth-password', PASSWORD]);
    expect(r.code).not.toBe(0);
    expect(r.output).not.toMatch(/235 /);
  });

  it('refuses a wrong password over TLS', async () => {
    const r = await swaks(s.smtpPort, ['--from', SENDER, '--to', UNFLAGGED, '--tls', '--auth', 'PLAIN', '--auth-user', USER, '--auth-password', 'wrong']);
    expect(r.output).toMatch(/535 5\.7\.8/);
  });

  it('accepts STARTTLS + AUTH and delivers an unflagged recipient at once, with no Postvakt header leaving the organisation', async () => {
    const subject = 'Mødeindkaldelse tirsdag';
    const r = await swaks(s.smtpPort, [...auth, '--from', SENDER, '--to', UNFLAGGED, '--header', `Subject: ${subject}`, '--header', 'Disposition-Notification-To: ' + SENDER, '--header', 'X-Postvakt-Verdict: forged', '--body', 'Hej. Vi ses 10/12-2026 og 11/12-2026. Ring på 70 00 00 00 hvis du har spørgsmål.']);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toMatch(/250 2\.0\.0 /);
    const got = await waitFor(() => toSink(UNFLAGGED, subject));
    expect(got.from).toBe(SENDER);
    expect(got.raw).toMatch(/^Received: from .* by postvakt\.example\.dk \(Postvakt\) with ESMTPSA/m);
    // The sample has verdictHeaders on; the citizen gets neither verdict nor findings (FX-4).
    expect(headerBlock(got.raw)).not.toMatch(/^X-Postvakt-/im);
    expect(got.raw).not.toMatch(/^Disposition-Notification-To:/im);
  });

  it('gives a colleague in an internal domain the verdict and the findings, one line per rule, split from the citizen', async () => {
    const subject = 'Mødet i december';
    const body = 'Hej\n\nVi mødes 10/12-2026 og igen 11/12-2026 og 14/12-2026. Ring 70 00 00 00.\n\nMed venlig hilsen\nen kollega';
    const r = await swaks(s.smtpPort, [...auth, '--from', SENDER, '--to', `${COLLEAGUE},${UNFLAGGED}`, '--header', `Subject: ${subject}`, '--body', body]);
    expect(r.code, r.output).toBe(0);
    const internal = await waitFor(() => toSink(COLLEAGUE, subject));
    const external = await waitFor(() => toSink(UNFLAGGED, subject));
    expect(internal.to).toEqual([COLLEAGUE]);
    expect(external.to).toEqual([UNFLAGGED]);
    expect(headerBlock(external.raw)).not.toMatch(/^X-Postvakt-/im);
    const head = headerBlock(internal.raw);
    expect(head).toMatch(/^X-Postvakt-Verdict: deliver\r?$/m);
    const findings = [...head.matchAll(/^X-Postvakt-Findings: (\S+) (\S+) \((\w+)\)(?:; count=(\d+))?\r?$/gm)];
    const rules = findings.map((m) => m[2]);
    expect(rules).toContain('reply-by-date-iso');
    expect(new Set(rules).size).toBe(rules.length);
    expect(findings.find((m) => m[2] === 'reply-by-date-iso')![4]).toBe('3');
  });

  it('holds a flagged citizen on a Friday afternoon, tells the sender, and delivers at release with run-due', async () => {
    const subject = 'Afgørelse om dit forløb';
    const r = await swaks(s.smtpPort, [...auth, '--from', SENDER, '--to', `${FLAGGED},${UNFLAGGED}`, '--header', `Subject: ${subject}`, '--body', 'Du kan ringe til os mandag kl. 8-15 på 70 00 00 00.']);
    expect(r.code, r.output).toBe(0);

    // The unflagged recipient is split off and delivered now; the flagged one is held.
    await waitFor(() => toSink(UNFLAGGED, subject));
    const notice = await waitFor(() => sink.messages.find((m) => m.to.includes(SENDER) && m.from === ''));
    expect(notice.raw).not.toMatch(/postvakt queue/);
    expect(notice.raw).toMatch(/Auto-Submitted: auto-generated/);
    expect(toSink(FLAGGED, subject)).toBeUndefined();

    const list = await cli(s, ['queue', 'list', '--status', 'held', '--json']);
    const held = JSON.parse(list.stdout) as Array<{ id: string; envelope: { to: string[] }; releaseAt: string }>;
    expect(held).toHaveLength(1);
    expect(held[0]!.envelope.to).toEqual([FLAGGED]);
    expect(new Date(held[0]!.releaseAt).getTime()).toBe(new Date(MONDAY_RELEASE).getTime());

    // Still Friday: nothing is due yet.
    const early = await cli(s, ['queue', 'run-due', '--at', '2026-12-05T10:00:00+01:00', '--json'], { POSTVAKT_NOW: FRIDAY_AFTERNOON });
    expect(JSON.parse(early.stdout)).toMatchObject({ released: 0, delivered: 0 });
    expect(toSink(FLAGGED, subject)).toBeUndefined();

    const due = await cli(s, ['queue', 'run-due', '--at', MONDAY_RELEASE, '--json'], { POSTVAKT_NOW: FRIDAY_AFTERNOON });
    expect(due.code, due.stderr).toBe(0);
    expect(JSON.parse(due.stdout)).toMatchObject({ released: 1, delivered: 1 });
    const delivered = await waitFor(() => toSink(FLAGGED, subject));
    // Nothing in the delivered letter says it was held (FX-4).
    expect(headerBlock(delivered.raw)).not.toMatch(/^X-Postvakt-|hold/im);

    const show = await cli(s, ['queue', 'show', held[0]!.id, '--json']);
    const item = JSON.parse(show.stdout) as { status: string; events: Array<{ kind: string }> };
    expect(item.status).toBe('delivered');
    expect(item.events.map((e) => e.kind)).toEqual(['held', 'released', 'delivered']);
    // Releasing it again is refused in one line in the terminal's language, exit 2.
    const again = await cli(s, ['queue', 'release', held[0]!.id, '--reason', 'igen'], { LC_ALL: 'da_DK.UTF-8' });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`postvakt: elementet ${held[0]!.id} har status delivered; "released" kræver status held\n`);
  }, 240_000);

  it('delivers a letter released now with no stale "held" in it, and logs the release under the pseudonym', async () => {
    const subject = 'Svar på din henvendelse';
    const r = await swaks(s.smtpPort, [...auth, '--from', SENDER, '--to', FLAGGED, '--header', `Subject: ${subject}`, '--body', 'Du kan ringe til os mandag kl. 8-15 på 70 00 00 00.']);
    expect(r.code, r.output).toBe(0);
    const list = JSON.parse((await cli(s, ['queue', 'list', '--status', 'held', '--json'])).stdout) as Array<{ id: string; subject: string }>;
    const held = list.find((i) => i.subject === subject)!;
    const release = await cli(s, ['queue', 'release', held.id, '--reason', 'Borgeren bad selv om svar i dag'], { POSTVAKT_NOW: FRIDAY_AFTERNOON });
    expect(release.code, release.stderr).toBe(0);
    const delivered = await waitFor(() => toSink(FLAGGED, subject), 20_000);
    expect(headerBlock(delivered.raw)).not.toMatch(/^X-Postvakt-|hold/im);
  }, 60_000);

  /** The Postvakt notice (null sender) to SENDER about the letter `subject` (ASCII: the notice encodes its headers). */
  const noticeAbout = (subject: string) => sink.messages.find((m) => m.from === '' && m.to.includes(SENDER) && m.raw.includes(subject));
  const queued = async () =>
    JSON.parse((await cli(s, ['queue', 'list', '--json'])).stdout) as Array<{ subject: string; envelope: { to: string[] }; decision: Record<string, unknown> }>;

  it.each([
    ['urgent', 'Hastende: indkaldelse til samtale', ['--header', 'X-Postvakt-Urgent: yes', '--body', 'Du bedes møde op på rådhuset. Ring på 70 00 00 00.'], /Holdes ikke tilbage: Afsenderen har markeret meddelelsen som hastende/],
    ['a deadline on Monday', 'Dokumentation til din sag', ['--body', 'Vi mangler en kopi af din lønseddel. Svar venligst senest mandag.'], /Holdes ikke tilbage: Fristen .*mandag/],
  ])('delivers a letter FX-3 refuses to hold (%s) to a flagged citizen now, and tells the sender why in Danish', async (_case, subject, args, reason) => {
    const r = await swaks(s.smtpPort, [...auth, '--from', SENDER, '--to', FLAGGED, '--header', `Subject: ${subject}`, ...args]);
    expect(r.code, r.output).toBe(0);
    const letter = await waitFor(() => toSink(FLAGGED, subject), 20_000);
    expect(headerBlock(letter.raw)).not.toMatch(/^X-Postvakt-(Verdict|Findings)|hold/im);
    const notice = await waitFor(() => noticeAbout(subject), 20_000);
    expect(notice.to).toEqual([SENDER]);
    expect(notice.raw).toMatch(/Auto-Submitted: auto-generated/);
    const text = (await parseMessage(Buffer.from(notice.raw), { format: 'eml' })).body.text;
    expect(text).toContain(`Postvakt har leveret din besked "${subject}" til ${FLAGGED} nu.`);
    expect(text).toMatch(reason);
    // The flag's reason, unit and review date stay out of mail.
    expect(text).not.toMatch(/Reacts strongly|Jobcenter|2027/i);
  }, 60_000);

  it('sends no notice for urgent mail to an unflagged recipient', async () => {
    const subject = 'Hastende: ny mødetid';
    const r = await swaks(s.smtpPort, [...auth, '--from', SENDER, '--to', UNFLAGGED, '--header', `Subject: ${subject}`, '--header', 'X-Postvakt-Urgent: yes', '--body', 'Mødet er flyttet til kl. 10.']);
    expect(r.code, r.output).toBe(0);
    await waitFor(() => toSink(UNFLAGGED, subject));
    // A notice is committed with its letter, before the 250: the queue holds all there will be.
    const items = (await queued()).filter((i) => i.subject === subject);
    expect(items.map((i) => i.envelope.to)).toEqual([[UNFLAGGED]]);
    expect(noticeAbout(subject)).toBeUndefined();
  });

  it('refuses a sensitive subject with 550 by default, naming the clause (BK-28)', async () => {
    const r = await swaks(s.smtpPort, [...auth, '--from', SENDER, '--to', UNFLAGGED, '--header', 'Subject: Anbringelse af dit barn', '--body', 'Se vedhæftede.']);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/<[~*]\* 550 5\.7\.1 Afvist af Postvakt: .*\(BK-28, regel no-sensitive-subject\)/);
    expect(toSink(UNFLAGGED, 'Anbringelse')).toBeUndefined();
  });

  it('refuses an identity number in the subject at end of DATA, naming the clause', async () => {
    const r = await swaks(s.smtpPort, [...auth, '--from', SENDER, '--to', UNFLAGGED, '--header', 'Subject: Sag vedr. 070761-4285', '--body', 'Se vedhæftede.']);
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/<[~*]\* 550 5\.7\.1 Afvist af Postvakt: .*\(BK-28, regel no-identity-number-in-subject\)/);
    expect(toSink(UNFLAGGED, '070761-4285')).toBeUndefined();
  });

  it('loses nothing while the smart host is down, and delivers once it is back', async () => {
    await sink.down();
    const subjects = ['Nede 1', 'Nede 2', 'Nede 3'];
    for (const subject of subjects) {
      const r = await swaks(s.smtpPort, [...auth, '--from', SENDER, '--to', UNFLAGGED, '--header', `Subject: ${subject}`, '--body', 'Venlig hilsen']);
      expect(r.code, r.output).toBe(0);
    }
    await new Promise((r) => setTimeout(r, 1500));
    const waiting = JSON.parse((await cli(s, ['queue', 'list', '--status', 'queued,delivering', '--json'])).stdout) as Array<{ attempts: number }>;
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    expect(waiting.some((w) => w.attempts >= 1)).toBe(true);
    await sink.up();
    for (const subject of subjects) await waitFor(() => toSink(UNFLAGGED, subject), 20_000);
    for (const subject of subjects) expect(sink.messages.filter((m) => m.raw.includes(`Subject: ${subject}`))).toHaveLength(1);
  }, 60_000);

  it('sends an RFC 3464 DSN to the envelope sender when the smart host refuses permanently', async () => {
    sink.failWith = { code: 550, text: '5.1.1 no such user', recipient: 'findes.ikke@example.dk' };
    const r = await swaks(s.smtpPort, [...auth, '--from', SENDER, '--to', 'findes.ikke@example.dk', '--header', 'Subject: Til en forkert adresse']);
    expect(r.code, r.output).toBe(0);
    const dsn = await waitFor(() =>
      sink.messages.find((m) => m.to.includes(SENDER) && m.raw.includes('report-type=delivery-status') && m.raw.includes('findes.ikke@')),
    );
    expect(dsn.from).toBe('');
    expect(dsn.raw).toMatch(/Final-Recipient: rfc822; findes\.ikke@example\.dk/);
    expect(dsn.raw).toMatch(/Status: 5\.1\.1/);
    expect(dsn.raw).toMatch(/Action: failed/);
  });

  it('when upstream refuses some recipients: the rest delivered once, a DSN for the refused, a retry for the deferred', async () => {
    sink.refuseRecipients.set('ukendt@example.dk', { code: 550, text: '5.1.1 unknown recipient' });
    sink.refuseRecipients.set('optaget@example.dk', { code: 450, text: '4.2.1 mailbox busy' });
    const subject = 'Til flere modtagere';
    const r = await swaks(s.smtpPort, [...auth, '--from', SENDER, '--to', `${UNFLAGGED},ukendt@example.dk,optaget@example.dk`, '--header', `Subject: ${subject}`]);
    expect(r.code, r.output).toBe(0);
    const first = await waitFor(() => toSink(UNFLAGGED, subject));
    expect(first.to).toEqual([UNFLAGGED]);
    const dsn = await waitFor(() => sink.messages.find((m) => m.from === '' && m.raw.includes('Final-Recipient: rfc822; ukendt@example.dk')));
    expect(dsn.raw).not.toContain('Final-Recipient: rfc822; optaget@example.dk');
    sink.refuseRecipients.clear();
    const later = await waitFor(() => toSink('optaget@example.dk', subject), 20_000);
    expect(later.to).toEqual(['optaget@example.dk']);
    expect(sink.messages.filter((m) => m.to.includes(UNFLAGGED) && m.raw.includes(subject))).toHaveLength(1);
  }, 60_000);

  it('keeps who is flagged out of a dump of the database: no "flagged", no FX-7 text, no address beside a hold', async () => {
    const dump = (await run('sqlite3', [s.storeUrl.replace(/^sqlite:/, ''), '.dump'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
    expect(dump).toContain('INSERT INTO mail_log');
    expect(dump).not.toMatch(/flagged/i);
    expect(dump).not.toMatch(/deliver-with-warning/);
    // The FX-7 hint names the flag's unit and review date (decision catalog, hintWho).
    expect(dump).not.toContain('har markeret borgeren');
    expect(dump).not.toContain('Jobcenter har');
    const logLines = dump.split('\n').filter((l) => l.startsWith('INSERT INTO mail_log '));
    for (const line of logLines.filter((l) => l.includes("'hold'"))) expect(line).not.toContain(FLAGGED);
  });

  it('has written every message in and out to the mail log, with an intact hash chain (BK-28)', async () => {
    const store = await openStore(s.storeUrl);
    try {
      const rows = await readMailLog(store.db);
      const events = new Set(rows.map((r) => r.event));
      for (const event of ['refused', 'accepted', 'held', 'delivered', 'failed'] as const) expect(events, event).toContain(event);
      const refused = rows.find((r) => r.event === 'refused' && r.subject.startsWith('Sag vedr.'))!;
      // The log is public: the identity number is masked there too, and so is a sensitive term.
      expect(refused.subject).not.toContain('070761-4285');
      const sensitive = rows.find((r) => r.event === 'refused' && r.subject.endsWith('af dit barn'))!;
      expect(sensitive.subject).toBe('*** af dit barn');
      expect(JSON.stringify(rows)).not.toMatch(/anbringelse/i);
      // No row pairs the flagged citizen with a hold: held, released and delivered name a pseudonym.
      expect(JSON.stringify(rows)).not.toContain(FLAGGED);
      const holdRows = rows.filter((r) => r.verdict === 'hold');
      expect(new Set(holdRows.map((r) => r.event))).toEqual(new Set(['held', 'released', 'delivered']));
      for (const row of holdRows) expect(row.recipients).toEqual([expect.stringMatching(/^pseudonym:[0-9a-f]{24}$/)]);
      expect(new Set(holdRows.map((r) => r.recipients[0])).size).toBe(1);
      // The notices that a hold was refused go to the sender, beside letters logged under the pseudonym.
      const notHeld = rows.filter((r) => r.verdict === 'notice: not-held' && r.event === 'accepted');
      expect(notHeld.map((r) => r.recipients)).toEqual([[SENDER], [SENDER]]);
      const warned = rows.filter((r) => r.event === 'accepted' && r.verdict === 'deliver' && r.recipients[0] === holdRows[0]!.recipients[0]);
      // Each notice is a message of its own, under its own subject naming the letter's (issue 17).
      expect(notHeld.map((r) => r.subject)).toEqual(warned.map((r) => `Leveret nu, ikke tilbageholdt: ${r.subject}`));
      expect(new Set(notHeld.map((r) => r.direction))).toEqual(new Set(['internal']));
      expect((await verifyMailLog(store.db)).ok).toBe(true);
    } finally {
      await store.close();
    }
  });
});
