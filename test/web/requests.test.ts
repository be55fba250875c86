/**
 * Masking in the web app (issue 19 item 3, BK-25): the holder (a case worker of the request's
 * unit) reads the documents, ticks suggested masks or types text to mask, each with a ground from
 * the catalogue; another unit's case worker cannot list, open or mask the request. Mail text is
 * escaped; every mask lands in the request's audit trail under the reviewer's name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { requestContext } from '../../src/requests/context.ts';
import { addRequest, getRequest } from '../../src/requests/requests.ts';
import { DIALECTS } from '../support/stores.ts';
import { DK_LETTER, storeMessage } from '../requests/support.ts';
import { FRIDAY, signedIn, webFixture, type Client, type WebFixture } from './support.ts';

describe.each(DIALECTS)('requests in the web app (%s)', (dialect) => {
  let f: WebFixture;
  let holder: Client;
  let other: Client;
  let id: string;

  beforeAll(async () => {
    f = await webFixture(dialect);
    await storeMessage(f.store, 'q-dk-1', DK_LETTER);
    const ctx = requestContext(loadConfig(samplePath('dk')).config, f.store.db);
    id = (await addRequest(ctx, { receivedAt: FRIDAY, channel: 'email', lang: 'da', unit: 'Jobcenter', description: 'Brevet om <sygedagpenge>', items: ['q-dk-1'] }, { name: 'registrar', role: 'registrar' }, FRIDAY)).id;
    holder = await signedIn(f.app, 'cw-job');
    other = await signedIn(f.app, 'cw-child');
  }, 60_000);
  afterAll(async () => f?.close());

  it('lists the request for its unit and the registrar only', async () => {
    expect((await holder.get('/requests')).body).toContain(id);
    expect((await other.get('/requests')).body).not.toContain(id);
    expect((await other.get(`/requests/${id}`)).statusCode).toBe(404);
    const registrar = await signedIn(f.app, 'registrar');
    expect(((await registrar.get('/api/requests')).json() as Array<{ id: string }>).map((r) => r.id)).toEqual([id]);
  });

  it('shows the documents escaped, with suggestions and the catalogue’s grounds', async () => {
    const page = await holder.get(`/requests/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Jens Hansen &lt;jens.hansen@example.dk&gt;');
    expect(page.body).toContain('Brevet om &lt;sygedagpenge&gt;');
    expect(page.body).not.toContain('<sygedagpenge>');
    expect(page.body).toMatch(/<input type="checkbox" id="s\d+" name="s" value="q-dk-1\|body\|\d+\|\d+" checked> <label for="s\d+">070761-4285<\/label>/);
    expect(page.body).toContain('<option value="dk-offl-30-1">');
  });

  it('masks typed text everywhere in the part, and a ticked suggestion, with the ground and the reviewer in the trail', async () => {
    const page = await holder.get(`/requests/${id}`);
    const cpr = /name="s" value="(q-dk-1\|body\|\d+\|\d+)" checked> <label for="s\d+">070761-4285/.exec(page.body)![1]!;
    const res = await holder.post(`/requests/${id}/mask`, { s: cpr, where: 'q-dk-1|body', phrase: 'sygemelding', ground: 'dk-fvl-27-1-6' });
    expect(res.statusCode).toBe(303);
    const after = await holder.get(res.headers.location as string);
    expect(after.body).toContain('2 steder overstreget.');
    expect(after.body).toContain('<mark>sygemelding</mark> <small>[dk-fvl-27-1-6]</small>');
    expect(after.body).toContain('<mark>070761-4285</mark>');
    const request = await getRequest(f.store.db, id);
    expect(request.masks.map((m) => [m.part, m.ground, m.actor])).toEqual([
      ['body', 'dk-fvl-27-1-6', 'cw-job'],
      ['body', 'dk-fvl-27-1-6', 'cw-job'],
    ]);
    expect(request.events.at(-1)).toMatchObject({ kind: 'masked', actor: 'cw-job (holder)' });
  });

  it('refuses an unknown ground, a missing CSRF token and another unit’s case worker; nothing is masked', async () => {
    const before = (await getRequest(f.store.db, id)).masks.length;
    await holder.get(`/requests/${id}`);
    const bad = await holder.post(`/requests/${id}/mask`, { where: 'q-dk-1|body', phrase: 'Mødet', ground: 'made-up' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Unknown ground made-up');
    expect((await holder.post(`/requests/${id}/mask`, { where: 'q-dk-1|body', phrase: 'Mødet', ground: 'dk-offl-30-1' }, { csrf: false })).statusCode).toBe(403);
    await other.get('/requests');
    expect((await other.post(`/requests/${id}/mask`, { where: 'q-dk-1|body', phrase: 'Mødet', ground: 'dk-offl-30-1' })).statusCode).toBe(404);
    expect((await getRequest(f.store.db, id)).masks.length).toBe(before);
  });
});
