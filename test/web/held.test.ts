/**
 * The held-letter overrides through the web app, on both dialects: send now needs a reason,
 * reschedule needs a future time, and each override lands in the queue with who did it and why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/stores.ts';
import { signedIn, webFixture, type Client, type WebFixture } from './support.ts';

describe.each(DIALECTS)('held letters in the web app (%s)', (dialect) => {
  let f: WebFixture;
  let cw: Client;
  const ids: string[] = [];

  beforeAll(async () => {
    f = await webFixture(dialect);
    // The letters belong to Jobcenter: the unit that flagged their recipient.
    await f.register.add({ identifier: 'borger@example.dk', reason: 'Jobcenter assessment', reviewOn: '2027-03-01' }, { user: 'cw-job', unit: 'Jobcenter', role: 'caseworker' });
    for (const subject of ['Første brev', 'Andet brev', 'Tredje brev']) {
      ids.push(
        ...(await f.queue.enqueue([
          {
            channel: 'email',
            status: 'held',
            raw: Buffer.from(`Subject: ${subject}\r\n\r\nHej\r\n`),
            envelope: { from: 'sagsbehandler@eksempel-kommune.dk', to: ['borger@example.dk'] },
            lang: 'da',
            subject,
            originId: subject,
            releaseAt: new Date('2026-12-07T08:00:00Z'),
            decision: { reasons: [{ code: 'flagged', text: 'Modtageren har et hensynsflag.' }], questions: [], findings: [] },
          },
        ])),
      );
    }
    cw = await signedIn(f.app, 'cw-job');
  });

  afterAll(async () => f?.close());

  it('lists held letters with the recipient masked and the release time', async () => {
    const page = await cw.get('/held');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('b•••••@example.dk');
    expect(page.body).not.toContain('borger@example.dk');
    expect(page.body).toContain('7. dec. 2026, 09.00');
  });

  it('refuses to send now without a reason, then sends with one and records who and why', async () => {
    await cw.get(`/held/${ids[0]}`);
    const refused = await cw.post(`/held/${ids[0]}/release`, { reason: '   ' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Skriv, hvorfor brevet skal sendes nu.');
    expect((await f.queue.get(ids[0]!))!.status).toBe('held');
    const done = await cw.post(`/held/${ids[0]}/release`, { reason: 'Borgeren bad selv om svaret i dag.' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/held?done=released');
    expect((await f.queue.get(ids[0]!))!.status).toBe('queued');
    const event = (await f.queue.events(ids[0]!)).at(-1)!;
    expect(event).toMatchObject({ kind: 'released', actor: 'cw-job', reason: 'Borgeren bad selv om svaret i dag.' });
    // Acting again on a letter no longer held is a clear refusal, not a fault.
    await cw.get(`/held/${ids[0]}`);
    const again = await cw.post(`/held/${ids[0]}/cancel`, {});
    expect(again.statusCode).toBe(303);
    const late = await cw.post(`/held/${ids[0]}/reschedule`, { at: '2026-12-08T10:00' });
    expect(late.statusCode).toBe(400);
    expect(late.body).toContain('ikke længere tilbageholdt');
  });

  it('reschedules to a future local time and refuses a past one', async () => {
    await cw.get(`/held/${ids[1]}`);
    expect((await cw.post(`/held/${ids[1]}/reschedule`, { at: '2026-12-04T10:00' })).statusCode).toBe(400);
    const ok = await cw.post(`/held/${ids[1]}/reschedule`, { at: '2026-12-08T10:30' });
    expect(ok.statusCode).toBe(303);
    // 10:30 in Copenhagen in winter is 09:30 UTC.
    expect((await f.queue.get(ids[1]!))!.releaseAt!.toISOString()).toBe('2026-12-08T09:30:00.000Z');
  });

  it('records "told in advance" (FX-9) and cancels', async () => {
    await cw.get(`/held/${ids[2]}`);
    expect((await cw.post(`/held/${ids[2]}/told`, {})).statusCode).toBe(303);
    expect((await f.queue.get(ids[2]!))!.told).toBe(true);
    const detail = await cw.get(`/held/${ids[2]}`);
    expect(detail.body).toContain('Borgeren er varslet på forhånd.');
    expect((await cw.post(`/held/${ids[2]}/cancel`, { reason: 'Sendt med brevpost i stedet.' })).statusCode).toBe(303);
    expect((await f.queue.get(ids[2]!))!.status).toBe('cancelled');
    expect((await cw.get(`/held/${ids[2]}`)).body).not.toContain('action="/held/');
  });

  it('answers 404 for an unknown letter and an unknown action', async () => {
    expect((await cw.get('/held/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    await cw.get('/held');
    expect((await cw.post(`/held/${ids[1]}/delete`, {})).statusCode).toBe(404);
  });
});
