/**
 * Waiting items on both stores: opened with an inbound message, closed only by an answer from
 * the mailbox or one who answers for it that refers to the received mail, listed by state.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig, samplePath } from '../../src/config/load.ts';
import { readFileSync } from 'node:fs';
import { createMailboxes } from '../../src/inbound/mailboxes.ts';
import { recordInbound } from '../../src/inbound/service.ts';
import { answerOf, closeAnswered, listWaiting } from '../../src/inbound/waiting.ts';
import type { InboundAccepted } from '../../src/inbound/pipeline.ts';
import { DIALECTS, openTestStore, type TestStore } from '../support/stores.ts';

const config = parseConfig(readFileSync(samplePath('dk'), 'utf8'), 'dk.yaml', {});
const mailboxes = createMailboxes(config);
const RECEIVED = new Date('2026-12-01T09:00:00Z');
const DUE = new Date('2026-12-03T09:00:00Z');

function accepted(id: string, messageId: string, mailbox: string): InboundAccepted {
  return {
    kind: 'accept',
    originId: id,
    items: [],
    direction: 'in',
    inbound: { id, receivedAt: RECEIVED, sender: 'borger@example.dk', recipients: [mailbox], messageId, subject: 'Spørgsmål', size: 100, automatic: false, sensitive: [], queueId: `q-${id}` },
    waiting: [{ id: `w-${id}`, mailbox, unit: 'jobcenter', correspondent: 'borger@example.dk', subject: 'Spørgsmål', messageId, receivedAt: RECEIVED, startsAt: RECEIVED, dueAt: DUE }],
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
    const reply = (from: string, ids: string[]) => answerOf(`out-${from}`, from, { from: { address: from }, references: ids })!;
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

  it('reads the referred ids from In-Reply-To and References, and a mail that refers to nothing is no answer', () => {
    expect(answerOf('o', 'x@eksempel-kommune.dk', { inReplyTo: '<a@b> <c@d>', references: ['<a@b>', '<e@f>'] })?.refersTo).toEqual(['<a@b>', '<c@d>', '<e@f>']);
    expect(answerOf('o', 'x@eksempel-kommune.dk', { references: [] })).toBeUndefined();
  });
});
