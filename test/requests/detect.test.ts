/**
 * Mail to a registrar asking for documents is suggested as a request (issue 19 item 1): the
 * usual Swedish and Danish phrasings, kept as data; ordinary case mail is not.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestPhrase, suggestedRequests } from '../../src/requests/detect.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';
import { storeMessage } from './support.ts';

describe('request phrasings', () => {
  it.each([
    ['Begäran om allmän handling', '', 'begäran om allmän handling'],
    ['Fråga', 'Hej! Jag vill ta del av e-posten mellan nämnden och bolaget i oktober.', 'vill ta del av'],
    ['Anmodning om aktindsigt', '', 'aktindsigt'],
    ['Spørgsmål', 'Jeg søger hermed om aktindsigt i sagens dokumenter.', 'aktindsigt'],
    ['Request', 'Under the freedom of information rules I ask for ...', 'freedom of information'],
  ])('%s / %s → %s', (subject, body, phrase) => {
    expect(requestPhrase(subject, body)).toBe(phrase);
  });

  it.each([
    ['Min ansökan om bygglov', 'När får jag besked?'],
    ['Mødetid', 'Kan vi flytte mødet til torsdag?'],
  ])('not a request: %s', (subject, body) => {
    expect(requestPhrase(subject, body)).toBeUndefined();
  });
});

describe.each(DIALECTS)('suggestions from inbound mail on %s', (dialect) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => store.dispose());

  async function inbound(id: string, to: string, subject: string, body: string, automatic = 0) {
    await storeMessage(store, `q-${id}`, `From: Karin <karin@example.se>\nTo: ${to}\nSubject: ${subject}\nContent-Type: text/plain; charset=utf-8\n\n${body}\n`);
    await store.db
      .insertInto('inbound_messages')
      .values({ id, received_at: Date.parse('2026-12-01T09:00:00Z'), sender: 'karin@example.se', recipients: JSON.stringify([to]), message_id: null, subject, size: 100, automatic, sensitive: '[]', queue_id: `q-${id}` })
      .execute();
  }

  it('lists mail to a registrar that asks for documents, not other mail or other mailboxes', async () => {
    await inbound('in-1', 'registrator@exempelkommunen.se', 'Handlingar', 'Hej, jag begär att få ta del av protokollet från nämndens möte.');
    await inbound('in-2', 'registrator@exempelkommunen.se', 'Fråga om sophämtning', 'När hämtas soporna?');
    await inbound('in-3', 'bygg@exempelkommunen.se', 'Begäran om allmän handling', 'Bygglovsritningarna, tack.');
    await inbound('in-4', 'registrator@exempelkommunen.se', 'Begäran om allmän handling', 'Autosvar', 1);
    const found = await suggestedRequests(store.db, ['registrator@exempelkommunen.se'], new Date('2026-11-01T00:00:00Z'));
    expect(found.map((f) => [f.inboundId, f.phrase])).toEqual([['in-1', 'begär att få ta del av']]);
  });
});
