/**
 * The inbound door from outside (issue 17, items 1, 2 and 4): a real `postvakt serve`, swaks as
 * the sending MTA on the internet, Postfix's smtp-sink as the internal mail system, an
 * smtp-server sink as the outbound smart host. A citizen's mail to a function mailbox is spooled,
 * relayed with its envelope, logged once as `in`, and waits for an answer due two working days
 * later; the case worker's reply through the outbound door closes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { cli, freePort, setup, startServe, startSink, swaks, waitFor, type Served, type Setup, type Sink } from '../gateway/harness.ts';
import { startPostfixSink, type PostfixSink } from './support.ts';

// Tuesday 1 December 2026, 10:00 in Copenhagen: the office is open.
const TUESDAY_MORNING = '2026-12-01T10:00:00+01:00';
const CITIZEN_ID = '<citizen-1@example.dk>';

let internal: PostfixSink;
let outbound: Sink;
let s: Setup;
let served: Served;
let inboundPort: number;

beforeAll(async () => {
  internal = await startPostfixSink();
  outbound = await startSink();
  inboundPort = await freePort();
  s = await setup({
    sinkPort: outbound.port,
    sections: {
      inbound: { enabled: true, host: '127.0.0.1', port: inboundPort, deliverTo: { host: '127.0.0.1', port: internal.port } },
    },
  });
  served = await startServe(s, { POSTVAKT_NOW: TUESDAY_MORNING });
}, 180_000);

afterAll(async () => {
  await served?.stop();
  await internal?.close();
  await outbound?.close();
  await s?.cleanup();
});

const inbound = (args: string[]) => swaks(inboundPort, args);

async function replies(args: string[] = []): Promise<Array<Record<string, string>>> {
  const out = await cli(s, ['replies', 'list', '--json', ...args], { POSTVAKT_NOW: TUESDAY_MORNING });
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as Array<Record<string, string>>;
}

describe('the inbound door', () => {
  it('refuses recipients outside the own domains with 550 5.7.1, from any client', async () => {
    const out = await inbound(['--from', 'someone@example.org', '--to', 'someone@example.net']);
    expect(out.code).not.toBe(0);
    // The DK sample speaks Danish to clients.
    expect(out.output).toMatch(/550 5\.7\.1 .*example\.net er ikke et af organisationens domaener/);
  });

  it('relays a citizen mail with its envelope, records identity numbers, never refuses for style, strips forged verdicts', async () => {
    const out = await inbound([
      '--from', 'borger@example.dk',
      '--to', 'jobcenter@eksempel-kommune.dk',
      '--header', 'Subject: SPØRGSMÅL OM MIN SAG 070761-4285!!!',
      '--header', `Message-Id: ${CITIZEN_ID}`,
      '--header', 'X-Postvakt-Verdict: pass',
      '--body', 'HEJ. Mit CPR-nummer er 070761-4285. HVORFOR HAR I IKKE SVARET??? Det er helt uacceptabelt.',
    ]);
    expect(out.output).toMatch(/250 2\.0\.0/);
    // smtp-sink writes a file as the message arrives: wait for its end.
    const relayed = await waitFor(() => internal.messages().find((m) => m.raw.includes('uacceptabelt')), 30_000);
    expect(relayed!.from).toBe('borger@example.dk');
    expect(relayed!.to).toEqual(['jobcenter@eksempel-kommune.dk']);
    expect(relayed!.raw).toMatch(/by postvakt\.example\.dk \(Postvakt\)/);
    expect(relayed!.raw).not.toMatch(/X-Postvakt-Verdict/i);
    expect(relayed!.raw).toContain('070761-4285');

    const store = await openStore(s.storeUrl, { migrate: false });
    try {
      const row = await store.db.selectFrom('inbound_messages').selectAll().executeTakeFirstOrThrow();
      const sensitive = (JSON.parse(row.sensitive) as Array<{ ruleId: string; clause: string }>).map((f) => f.ruleId);
      expect(sensitive).toContain('identity-number-in-body');
      expect(row.subject).toContain('070761-XXXX');
      expect(row.subject).not.toContain('4285');
    } finally {
      await store.close();
    }
  });

  it('opens nothing for the null sender and auto-replies, but still relays them', { timeout: 90_000 }, async () => {
    const sent = [
      await inbound(['--from', '<>', '--to', 'jobcenter@eksempel-kommune.dk', '--header', 'Subject: Undeliverable', '--body', 'bounce-body']),
      await inbound(['--from', 'ferie@example.dk', '--to', 'jobcenter@eksempel-kommune.dk', '--header', 'Auto-Submitted: auto-replied', '--header', 'Subject: Ferie', '--body', 'ooo-body']),
      await inbound(['--from', 'nyt@example.dk', '--to', 'jobcenter@eksempel-kommune.dk', '--header', 'List-Id: <nyt.example.dk>', '--header', 'Subject: Nyhedsbrev', '--body', 'list-body']),
    ];
    for (const out of sent) expect(out.output).toMatch(/250 2\.0\.0/);
    await waitFor(() => ['bounce-body', 'ooo-body', 'list-body'].every((b) => internal.messages().some((m) => m.raw.includes(b))), 30_000);
    const items = await replies();
    expect(items.map((i) => i.subject)).toEqual(['SPØRGSMÅL OM MIN SAG 070761-XXXX!!!']);
  });

  it('gives the citizen mail an answer clock of two working days', async () => {
    const [item] = await replies(['--mailbox', 'jobcenter@eksempel-kommune.dk']);
    expect(item).toMatchObject({ mailbox: 'jobcenter@eksempel-kommune.dk', from: 'borger@example.dk', state: 'waiting' });
    expect(item!.receivedAt).toMatch(/^2026-12-01T10:0\d:\d\d\+01:00$/);
    expect(item!.dueAt).toMatch(/^2026-12-03T10:0\d:\d\d\+01:00$/);
    expect(item).not.toHaveProperty('answeredAt');
  });

  it('a mail from one outside the mailbox leaves it waiting; the case worker’s reply through the outbound door closes it', async () => {
    // Someone who neither is the mailbox nor answers for it refers to the mail: not the mailbox's answer.
    const notAnswer = await swaks(s.smtpPort, [
      '--from', 'anden@eksempel-kommune.dk', '--to', 'borger@example.dk',
      '--header', 'Subject: Re: Deres henvendelse', '--header', `In-Reply-To: ${CITIZEN_ID}`,
      '--body', 'Hej. Vi har modtaget din mail og svarer dig snart. Venlig hilsen, en kollega',
    ]);
    expect(notAnswer.output).toMatch(/250 2\.0\.0/);
    expect((await replies())[0]).toMatchObject({ state: 'waiting' });

    const reply = await swaks(s.smtpPort, [
      '--from', 'sagsbehandler@eksempel-kommune.dk', '--to', 'borger@example.dk',
      '--header', 'Subject: Re: Deres henvendelse', '--header', `In-Reply-To: ${CITIZEN_ID}`, '--header', `References: ${CITIZEN_ID}`,
      '--body', 'Hej. Tak for din mail. Du får svar på din sag i dag. Ring gerne på 70 00 00 00. Venlig hilsen, en sagsbehandler',
    ]);
    expect(reply.output).toMatch(/250 2\.0\.0/);
    const [answered] = await replies(['--state', 'answered']);
    expect(answered).toMatchObject({ mailbox: 'jobcenter@eksempel-kommune.dk', state: 'answered' });
    expect(answered!.answeredAt).toMatch(/^2026-12-01T10:\d\d:\d\d\+01:00$/);
    expect(await replies(['--state', 'waiting'])).toEqual([]);
  });

  it('logs each message once in one direction: in, out, internal; the chain verifies', async () => {
    await swaks(s.smtpPort, ['--from', 'sagsbehandler@eksempel-kommune.dk', '--to', 'leder.jobcenter@eksempel-kommune.dk', '--header', 'Subject: Intern note', '--body', 'Hej. Kort note om ugen. Venlig hilsen']);
    await waitFor(() => outbound.messages.length >= 3, 30_000);
    const out = await cli(s, ['log', 'export', '--mailbox', 'sagsbehandler@eksempel-kommune.dk', '--from', '2026-12-01', '--to', '2026-12-01', '--format', 'json']);
    const caseWorker = JSON.parse(out.stdout) as Array<{ event: string; direction: string; subject: string }>;
    expect(new Set(caseWorker.filter((r) => r.subject === 'Re: Deres henvendelse').map((r) => r.direction))).toEqual(new Set(['out']));
    expect(new Set(caseWorker.filter((r) => r.subject === 'Intern note').map((r) => r.direction))).toEqual(new Set(['internal']));
    const citizen = JSON.parse((await cli(s, ['log', 'export', '--mailbox', 'jobcenter@eksempel-kommune.dk', '--from', '2026-12-01', '--to', '2026-12-01', '--format', 'json'])).stdout) as Array<{ event: string; direction: string; subject: string }>;
    const question = citizen.filter((r) => r.subject.startsWith('SPØRGSMÅL'));
    expect(question.map((r) => [r.event, r.direction])).toEqual(expect.arrayContaining([['received', 'in'], ['delivered', 'in']]));
    expect(question.every((r) => r.direction === 'in')).toBe(true);
    const verify = await cli(s, ['log', 'verify', '--json']);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
  });
});
