/** The mail log page for a registrar: search by mailbox and period, verify the chain, export. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS } from '../support/stores.ts';
import { appendMailLog, type MailLogEntry } from '../../src/maillog/log.ts';
import { signedIn, webFixture, type Client, type WebFixture } from './support.ts';
import { logAccepted } from '../../src/gateway/maillog.ts';
import { storedDecision } from '../../src/queue/stored-decision.ts';
import type { RecipientDecision } from '../../src/decision/types.ts';

const entry = (at: string, sender: string, to: string, subject: string): MailLogEntry => ({
  at: new Date(at),
  event: 'received',
  direction: 'out',
  channel: 'email',
  sender,
  recipients: [to],
  subject,
  size: 1200,
  verdict: 'pass',
});

describe.each(DIALECTS)('mail log in the web app (%s)', (dialect) => {
  let f: WebFixture;
  let registrar: Client;

  beforeAll(async () => {
    f = await webFixture(dialect);
    await appendMailLog(f.store.db, [
      entry('2026-12-01T09:00:00Z', 'sagsbehandler@eksempel-kommune.dk', 'borger.a@example.dk', 'Mødeindkaldelse'),
      entry('2026-12-03T09:00:00Z', 'sagsbehandler@eksempel-kommune.dk', 'borger.b@example.dk', '=HYPERLINK("http://evil.example")'),
      entry('2026-12-03T10:00:00Z', 'jobcenter@eksempel-kommune.dk', 'borger.a@example.dk', 'Afgørelse <b>vedlagt</b>'),
    ]);
    registrar = await signedIn(f.app, 'registrar');
  });

  afterAll(async () => f?.close());

  it('searches by mailbox and by period (whole local days)', async () => {
    const byMailbox = await registrar.get('/log?mailbox=Borger.A%40example.dk');
    expect(byMailbox.statusCode).toBe(200);
    expect(byMailbox.body).toContain('2 rækker');
    expect(byMailbox.body).toContain('Afgørelse &lt;b&gt;vedlagt&lt;/b&gt;');
    expect(byMailbox.body).not.toContain('HYPERLINK');
    const byPeriod = (await registrar.get('/api/log?from=2026-12-03&to=2026-12-03')).json() as Array<{ seq: number }>;
    expect(byPeriod.map((r) => r.seq)).toEqual([2, 3]);
    expect((await registrar.get('/log?from=2026-13-40')).statusCode).toBe(400);
  });

  it('exports CSV with spreadsheet formulas defused, and JSON', async () => {
    const csv = await registrar.get('/log/export?format=csv&from=2026-12-03');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="postvakt-log-\d{8}-\d{4}\.csv"$/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^seq,time,event,/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    const json = (await registrar.get('/log/export?format=json&mailbox=borger.b@example.dk')).json() as Array<{ subject: string }>;
    expect(json.map((r) => r.subject)).toEqual(['=HYPERLINK("http://evil.example")']);
  });

  it('verifies the chain, and names the row that was edited behind its back', async () => {
    await registrar.get('/log');
    const ok = await registrar.post('/log/verify', {});
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Loggen er intakt: 3 rækker kontrolleret.');
    // Someone with the rights to drop the append-only trigger edits a row: the chain still tells.
    if (dialect === 'postgres') await sql`DROP TRIGGER mail_log_no_change ON mail_log`.execute(f.store.db);
    else await sql`DROP TRIGGER mail_log_no_update`.execute(f.store.db);
    await sql`UPDATE mail_log SET subject = 'Noget andet' WHERE seq = 2`.execute(f.store.db);
    const broken = await registrar.post('/log/verify', {});
    expect(broken.body).toContain('Loggen er blevet ændret:');
    expect(broken.body).toContain('Række 2: rækken er ændret, efter den blev skrevet');
  });

  it('does not pair a citizen with a hold in /api/log: a held letter is logged under its keyed pseudonym', async () => {
    const citizen = 'borger.holdt@example.dk';
    const decision: RecipientDecision = {
      recipient: citizen,
      verdict: 'hold',
      holdUntil: new Date('2026-12-07T08:00:00Z'),
      flagged: true,
      flagId: 'f-1',
      reasons: [{ code: 'hold', text: 'Tilbageholdt til mandag' }],
      questions: [{ clause: 'FX-7', question: 'Hvem er borgeren?', hint: 'En sagsbehandler i Jobcenter har markeret borgeren' }],
    };
    const stored = storedDecision({ id: 'held-1', decision, recipients: [citizen], keeper: f.register, findings: [] });
    const item = {
      id: 'held-1',
      channel: 'email' as const,
      status: 'held' as const,
      raw: Buffer.from('Subject: Afgørelse\r\n\r\nHej\r\n'),
      envelope: { from: 'sagsbehandler@eksempel-kommune.dk', to: [citizen] },
      lang: 'da',
      subject: 'Afgørelse',
      originId: 'o-held',
      releaseAt: decision.holdUntil!,
      decision: stored,
    };
    await f.store.db.transaction().execute((trx) => logAccepted(trx, [item], new Date('2026-12-04T13:00:00Z')));
    const rows = (await registrar.get('/api/log')).json() as Array<{ event: string; verdict: string; recipients: string[] }>;
    const held = rows.filter((r) => r.event === 'held');
    expect(held).toEqual([expect.objectContaining({ verdict: 'hold', recipients: [f.register.pseudonym(citizen)] })]);
    expect(JSON.stringify(rows)).not.toContain(citizen);
    expect(JSON.stringify(rows)).not.toMatch(/Jobcenter|flagged/);
    expect((await registrar.get(`/api/log?mailbox=${encodeURIComponent(citizen)}`)).json()).toEqual([]);
  });
});
