/**
 * The registrar's records pages in-process (issue 18): the worklist lists a sent message with its
 * subject escaped; the document page offers Postvakt's suggestion; a status is decided once and a
 * second first decision is refused on the page; a registration with a bad case number is refused
 * in the reader's language, a good one takes the document off the worklist; case workers and
 * administrators are refused; the original .eml downloads; the records API answers only a token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMailLog } from '../../src/maillog/log.ts';
import { signedIn, webFixture, type WebFixture } from '../web/support.ts';
import { recordState } from '../../src/records/store.ts';

const SUBJECT = 'Ansøgning <script>alert(1)</script> om carport';

describe('records web pages', () => {
  let f: WebFixture;
  let id: string;

  beforeAll(async () => {
    f = await webFixture('sqlite');
    [id] = (await f.queue.enqueue([
      {
        channel: 'email',
        status: 'queued',
        raw: Buffer.from(`From: sagsbehandler@eksempel-kommune.dk\r\nTo: borger@example.dk\r\nSubject: ${SUBJECT}\r\nMessage-ID: <web-1@eksempel-kommune.dk>\r\n\r\nVi har modtaget din ansøgning om en carport på 38 m² og behandler den inden for fire uger.\r\n`),
        envelope: { from: 'sagsbehandler@eksempel-kommune.dk', to: ['borger@example.dk'] },
        lang: 'da',
        subject: SUBJECT,
        originId: 'web-1',
        decision: { direction: 'out' },
      },
    ])) as [string];
    await appendMailLog(f.store.db, { at: new Date('2026-12-04T13:00:00Z'), event: 'accepted', direction: 'out', channel: 'email', sender: 'sagsbehandler@eksempel-kommune.dk', recipients: ['borger@example.dk'], subject: SUBJECT, size: 200, verdict: 'deliver', queueId: id });
  });

  afterAll(async () => {
    await f?.close();
  });

  it('lets only registrars open the worklist and the document', async () => {
    for (const user of ['cw-job', 'manager', 'admin']) {
      const client = await signedIn(f.app, user);
      expect((await client.get('/records')).statusCode, user).toBe(403);
      expect((await client.get(`/records/${id}`)).statusCode, user).toBe(403);
      expect((await client.get(`/records/${id}/original`)).statusCode, user).toBe(403);
    }
  });

  it('lists the document with its subject escaped, and suggests public with the reason', async () => {
    const registrar = await signedIn(f.app, 'registrar');
    const list = await registrar.get('/records');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Ansøgning &lt;script&gt;alert(1)&lt;/script&gt; om carport');
    expect(list.body).not.toContain('<script>alert');
    const page = await registrar.get(`/records/${id}`);
    expect(page.body).toContain('Postvakt foreslår: Offentligt');
    expect(page.body).toContain('BK-18');
    const original = await registrar.get(`/records/${id}/original`);
    expect(original.headers['content-type']).toBe('message/rfc822');
    expect(original.body).toContain('Message-ID: <web-1@eksempel-kommune.dk>');
  });

  it('decides once, refuses a bad case number in Danish, registers, and the document leaves the worklist', async () => {
    const registrar = await signedIn(f.app, 'registrar');
    await registrar.get(`/records/${id}`);
    expect((await registrar.post(`/records/${id}/status`, { status: 'public', ground: '' })).statusCode).toBe(303);
    const twice = await registrar.post(`/records/${id}/status`, { status: 'little-importance', ground: '' });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('allerede afgjort');
    const noCsrf = await registrar.post(`/records/${id}/registration`, { caseNumber: '02.34.02-P19-12-26', title: 'x', classification: '02.34.02', direction: 'out' }, { csrf: false });
    expect(noCsrf.statusCode).toBe(403);
    const bad = await registrar.post(`/records/${id}/registration`, { caseNumber: 'KS 2026/123', title: 'Kvittering', classification: '02.34.02', direction: 'out', date: '2026-12-04' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('har ikke kommunens format');
    const good = await registrar.post(`/records/${id}/registration`, { caseNumber: '02.34.02-P19-12-26', title: 'Kvittering', classification: '02.34.02', direction: 'out', date: '2026-12-04' });
    expect(good.statusCode).toBe(303);
    const state = await recordState(f.store.db, id);
    expect(state.status).toMatchObject({ status: 'public', actor: 'registrar' });
    expect(state.registration).toMatchObject({ caseNumber: '02.34.02-P19-12-26', registrar: 'registrar', via: 'web' });
    expect((await registrar.get('/records')).body).not.toContain('carport');
  });

  it('answers the records API only with a token, never a session', async () => {
    const registrar = await signedIn(f.app, 'registrar');
    const res = await registrar.get('/api/records/v1/documents');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
