/**
 * One message, one direction (issue 17, item 2): in from outside, out when any recipient is
 * outside, internal between own addresses; a DSN is a message of its own, back to the sender.
 */
import { describe, expect, it } from 'vitest';
import { messageDirection } from '../../src/inbound/direction.ts';
import { emailChannel } from '../../src/gateway/channel.ts';
import { fixedClock } from '../../src/clock/clock.ts';
import type { QueueItem } from '../../src/queue/queue.ts';

const own = (a: string) => a.endsWith('@eksempel-kommune.dk');

describe('messageDirection', () => {
  it.each([
    ['borger@example.dk', ['jobcenter@eksempel-kommune.dk'], 'in'],
    ['sagsbehandler@eksempel-kommune.dk', ['borger@example.dk'], 'out'],
    ['sagsbehandler@eksempel-kommune.dk', ['leder@eksempel-kommune.dk', 'borger@example.dk'], 'out'],
    ['sagsbehandler@eksempel-kommune.dk', ['leder@eksempel-kommune.dk'], 'internal'],
    ['', ['sagsbehandler@eksempel-kommune.dk'], 'internal'],
    ['', ['borger@example.dk'], 'out'],
  ] as const)('%s → %j is %s', (from, to, direction) => {
    expect(messageDirection(from, [...to], own)).toBe(direction);
  });
});

describe('a DSN in the mail log', () => {
  const transport = { deliver: async () => ({ kind: 'permanent' as const, error: '550 no' }), close: async () => undefined };
  const channel = emailChannel(transport, { hostname: 'postvakt.example.dk', clock: fixedClock(new Date('2026-12-01T09:00:00Z')), verdictHeaders: { enabled: false, isOwn: () => false }, channel: 'inbound' });
  const item = (direction: string, from: string): QueueItem => ({
    id: 'i1', channel: 'inbound', status: 'delivering', raw: Buffer.from('Subject: Min ansøgning\r\n\r\nHej\r\n'), envelope: { from, to: ['jobcenter@eksempel-kommune.dk'] },
    lang: 'da', subject: 'Min ansøgning', messageId: null, originId: 'o1', createdAt: new Date(), releaseAt: null, nextAttemptAt: new Date(),
    attempts: 1, decision: { direction }, lastResult: null, told: false,
  });

  it('goes out under its own subject when the failed mail came in from outside, and is internal when it was ours', async () => {
    const [toCitizen] = await channel.onFailed!(item('in', 'borger@example.dk'), '550 no such user');
    expect(toCitizen).toMatchObject({ channel: 'email', envelope: { from: '', to: ['borger@example.dk'] }, decision: { notice: 'dsn', direction: 'out' } });
    expect(toCitizen!.subject).not.toBe('Min ansøgning');
    expect(toCitizen!.subject).toContain('Min ansøgning');
    const [toColleague] = await channel.onFailed!(item('out', 'sagsbehandler@eksempel-kommune.dk'), '550 no such user');
    expect(toColleague!.decision).toMatchObject({ direction: 'internal' });
  });
});
