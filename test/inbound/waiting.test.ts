/**
 * Waiting items on both stores: opened with an inbound message, closed only by an answer from
 * the mailbox or one who answers for it that refers to the received mail, listed by state.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig, samplePath } from '../../src/config/load.ts';
import { readFileSync } from 'node:fs';
import { createMailboxes } from '../../src/inbound/mailboxes.ts';
import { recordInbound } from '../../src/inbound/service.ts';
import { acknowledgementOf, answerClocks, answerOf, closeAnswered, listWaiting, threadOf, type Answer } from '../../src/inbound/waiting.ts';
import { createCalendar } from '../../src/calendar/calendar.ts';
import type { InboundAccepted } from '../../src/inbound/pipeline.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const config = parseConfig(readFileSync(samplePath('dk'), 'utf8'), 'dk.yaml', {});
const mailboxes = createMailboxes(config);
const clocks = answerClocks(createCalendar(config.calendar), config.inbound);

/** An outgoing mail as the spool sees it, parsed. */
function outgoing(from: string, fields: { to?: string[]; subject?: string; references?: string[]; inReplyTo?: string; text?: string; headers?: Record<string, string> }): Answer {
  const text = fields.text ?? 'Hej.';
  return answerOf(`out-${from}-${fields.subject ?? ''}`, from, {
    from: { address: from },
    to: (fields.to ?? []).map((address) => ({ address })),
    cc: [],
    subject: fields.subject ?? '',
    references: fields.references ?? [],
    ...(fields.inReplyTo ? { inReplyTo: fields.inReplyTo } : {}),
    headers: Object.entries(fields.headers ?? {}).map(([name, value]) => ({ name, value })),
    body: { text, segments: [{ kind: 'new', start: 0, end: text.length }] },
  });
}
const RECEIVED = new Date('2026-12-01T09:00:00Z');
const DUE = new Date('2026-12-03T09:00:00Z');

function accepted(id: string, messageId: string, mailbox: string, subject = 'Spørgsmål'): InboundAccepted {
  return {
    kind: 'accept',
    originId: id,
    items: [],
    direction: 'in',
    inbound: { id, receivedAt: RECEIVED, sender: 'borger@example.dk', recipients: [mailbox], messageId, subject, size: 100, automatic: false, sensitive: [], queueId: `q-${id}` },
    waiting: [{ id: `w-${id}`, mailbox, unit: 'jobcenter', correspondent: 'borger@example.dk', subject, messageId, receivedAt: RECEIVED, startsAt: RECEIVED, dueAt: DUE }],
  };
}

describe.each(DIALECTS)('waiting items on %s', (dialect) => {
  let store: TestStore | undefined;
  afterEach(async () => {
    await store?.dispose();
    store = undefined;
  });

  it('closes an item only by a reply from the mailbox, an owner or a member that refers to it', async () => {
    store = await openTestStore(dialect);
    await store.db.transaction().execute(async (trx) => {
      await recordInbound(trx, accepted('a', '<a@example.dk>', 'jobcenter@eksempel-kommune.dk'));
      await recordInbound(trx, accepted('b', '<b@example.dk>', 'jobcenter@eksempel-kommune.dk'));
    });
    const at = new Date('2026-12-02T09:00:00Z');
    const reply = (from: string, ids: string[]) => outgoing(from, { references: ids, to: ['borger@example.dk'], subject: 'Re: Andet emne' });
    const closed = await store.db.transaction().execute((trx) =>
      closeAnswered(
        trx,
        [
          reply('anden@eksempel-kommune.dk', ['<a@example.dk>', '<b@example.dk>']),
          reply('sagsbehandler@eksempel-kommune.dk', ['<x@example.dk>']),
          reply('Leder.Jobcenter@eksempel-kommune.dk', ['<old@example.dk>', '<a@example.dk>']),
        ],
        mailboxes,
        at,
        clocks,
      ),
    );
    expect(closed).toBe(1);
    const listed = await listWaiting(store.db, {}, at);
    expect(listed.map((i) => [i.id, i.state])).toEqual([
      ['w-a', 'answered'],
      ['w-b', 'waiting'],
    ]);
    expect(listed[0]!.answeredAt?.toISOString()).toBe(at.toISOString());
    const events = await store.db.selectFrom('inbound_waiting_events').select(['waiting_id', 'kind', 'actor']).orderBy('id').execute();
    expect(events.map((e) => [e.waiting_id, e.kind, e.actor])).toEqual([
      ['w-a', 'opened', null],
      ['w-b', 'opened', null],
      ['w-a', 'answered', 'leder.jobcenter@eksempel-kommune.dk'],
    ]);
    const later = new Date('2026-12-03T10:00:00Z');
    expect((await listWaiting(store.db, { state: 'overdue' }, later)).map((i) => i.id)).toEqual(['w-b']);
    expect(await listWaiting(store.db, { state: 'waiting' }, later)).toEqual([]);
    expect((await listWaiting(store.db, { state: 'answered', mailbox: 'JOBCENTER@eksempel-kommune.dk' }, later)).map((i) => i.id)).toEqual(['w-a']);
  });

  it('reads the referred ids from In-Reply-To and References', () => {
    expect(outgoing('x@eksempel-kommune.dk', { inReplyTo: '<a@b> <c@d>', references: ['<a@b>', '<e@f>'] }).refersTo).toEqual(['<a@b>', '<c@d>', '<e@f>']);
    expect(outgoing('x@eksempel-kommune.dk', {}).refersTo).toEqual([]);
  });

  it('answers by thread and correspondent: the same subject without reply prefixes, to the one who wrote', async () => {
    store = await openTestStore(dialect);
    await store.db.transaction().execute(async (trx) => {
      await recordInbound(trx, accepted('a', '<a@example.dk>', 'jobcenter@eksempel-kommune.dk', 'Min ansøgning om 070761-XXXX'));
      await recordInbound(trx, accepted('b', '<b@example.dk>', 'jobcenter@eksempel-kommune.dk', 'Noget helt andet'));
    });
    const at = new Date('2026-12-02T09:00:00Z');
    const close = (answer: Answer) => store!.db.transaction().execute((trx) => closeAnswered(trx, [answer], mailboxes, at, clocks));
    // The same thread to someone else, or to the citizen from one who does not answer for the mailbox: nothing.
    expect(await close(outgoing('sagsbehandler@eksempel-kommune.dk', { to: ['nabo@example.dk'], subject: 'SV: Min ansøgning om 070761-4285' }))).toBe(0);
    expect(await close(outgoing('anden@eksempel-kommune.dk', { to: ['borger@example.dk'], subject: 'SV: Min ansøgning om 070761-4285' }))).toBe(0);
    // A member's reply from Outlook with no In-Reply-To, prefixes stacked, spaces and case changed.
    expect(await close(outgoing('sagsbehandler@eksempel-kommune.dk', { to: ['Borger@Example.dk'], subject: 'SV: Aw: RE:  min ansøgning OM 070761-4285' }))).toBe(1);
    const listed = await listWaiting(store.db, {}, at);
    expect(listed.map((i) => [i.id, i.state])).toEqual([
      ['w-a', 'answered'],
      ['w-b', 'waiting'],
    ]);
    const event = await store.db.selectFrom('inbound_waiting_events').select(['kind', 'data']).where('waiting_id', '=', 'w-a').where('kind', '=', 'answered').executeTakeFirstOrThrow();
    expect(JSON.parse(event.data!)).toMatchObject({ by: 'thread' });
    expect(threadOf('Re:')).toBe('');
  });

  it('an acknowledgement naming a contact person stops the first clock; the answer closes the item later', async () => {
    store = await openTestStore(dialect);
    await store.db.transaction().execute((trx) => recordInbound(trx, accepted('a', '<a@example.dk>', 'jobcenter@eksempel-kommune.dk')));
    // Wednesday 2 December 10:00: acknowledged, in Danish, with a contact person, by thread.
    const ackAt = new Date('2026-12-02T09:00:00Z');
    const ack = outgoing('sagsbehandler@eksempel-kommune.dk', {
      to: ['borger@example.dk'],
      subject: 'Sv: Spørgsmål',
      text: 'Kære borger\n\nVi har modtaget din henvendelse. Sagen kræver en nærmere undersøgelse.\nDin kontaktperson er Mette Hansen, tlf. 70 00 00 01.\n\nVenlig hilsen',
    });
    expect(ack.acknowledgement).toEqual({ contact: 'Mette Hansen' });
    expect(await store.db.transaction().execute((trx) => closeAnswered(trx, [ack], mailboxes, ackAt, clocks))).toBe(1);
    const [acknowledged] = await listWaiting(store.db, { state: 'acknowledged' }, ackAt);
    // Ten working days of the office from Wednesday 10:00 (sample: inbound.acknowledgedAnswerDays default).
    expect(acknowledged).toMatchObject({ id: 'w-a', state: 'acknowledged', contact: 'Mette Hansen' });
    expect(acknowledged!.dueAt.toISOString()).toBe('2026-12-16T09:00:00.000Z');
    // Past the first due time it is not overdue: the acknowledgement met it.
    const friday = new Date('2026-12-04T09:00:00Z');
    expect(await listWaiting(store.db, { state: 'overdue' }, friday)).toEqual([]);
    // A second acknowledgement changes nothing; the answer (referring to the mail) closes it.
    expect(await store.db.transaction().execute((trx) => closeAnswered(trx, [ack], mailboxes, friday, clocks))).toBe(0);
    const answer = outgoing('sagsbehandler@eksempel-kommune.dk', { to: ['borger@example.dk'], subject: 'Sv: Spørgsmål', inReplyTo: '<a@example.dk>', text: 'Her er svaret på dit spørgsmål.' });
    expect(await store.db.transaction().execute((trx) => closeAnswered(trx, [answer], mailboxes, friday, clocks))).toBe(1);
    const [answered] = await listWaiting(store.db, {}, friday);
    expect(answered).toMatchObject({ state: 'answered', contact: 'Mette Hansen' });
    expect(answered!.answeredAt?.toISOString()).toBe(friday.toISOString());
    const events = await store.db.selectFrom('inbound_waiting_events').select(['kind', 'data']).orderBy('id').execute();
    expect(events.map((e) => e.kind)).toEqual(['opened', 'acknowledged', 'answered']);
    expect(JSON.parse(events[1]!.data!)).toMatchObject({ contact: 'Mette Hansen', firstDue: DUE.getTime(), by: 'thread' });
  });
});

describe('acknowledgements', () => {
  const mail = (text: string, headers: Array<{ name: string; value: string }> = []) => ({
    subject: 'Re: x',
    references: [],
    to: [],
    cc: [],
    headers,
    from: { address: 'post@eksempel-kommune.dk' },
    body: { text, segments: [{ kind: 'new' as const, start: 0, end: text.indexOf('>') === -1 ? text.length : text.indexOf('>') }] },
  });
  it('needs a receipt phrase and a contact phrase of one language in the new text, or the answer form’s header', () => {
    expect(acknowledgementOf(mail('Vi har tagit emot ditt ärende.\nDin handläggare är Anna Berg'))).toEqual({ contact: 'Anna Berg' });
    expect(acknowledgementOf(mail('We have received your e-mail. Your contact person is Sam Lee.'))).toEqual({ contact: 'Sam Lee' });
    // A receipt without a contact person is an answer (a routine one), not an acknowledgement.
    expect(acknowledgementOf(mail('Vi har modtaget din mail og svarer dig snart.'))).toBeUndefined();
    // Phrases in the quoted history do not count.
    expect(acknowledgementOf(mail('Tak for svaret.\n> Vi har modtaget din henvendelse. Din kontaktperson er Mette'))).toBeUndefined();
    expect(
      acknowledgementOf(mail('Tak.', [{ name: 'X-Postvakt-Answer', value: 'acknowledgement' }, { name: 'X-Postvakt-Contact', value: 'Mette Hansen, 70 00 00 01' }])),
    ).toEqual({ contact: 'Mette Hansen, 70 00 00 01' });
  });
});
