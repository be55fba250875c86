/** Reading a message's own timing: deadline header forms, urgency values, MeMo fields. */
import { describe, expect, it } from 'vitest';
import { parseDeadline, timingSignals } from '../../src/decision/signals.ts';
import { email, memo } from './support.ts';

const TZ = 'Europe/Copenhagen';
const now = new Date('2026-11-27T13:30:00+01:00');

describe('deadline signals', () => {
  it.each([
    ['2026-12-28', '2026-12-28T22:59:59.999Z'],
    ['2026-12-28T12:00:00+01:00', '2026-12-28T11:00:00.000Z'],
    ['2026-12-28T12:00', '2026-12-28T11:00:00.000Z'],
    ['2026-07-01', '2026-07-01T21:59:59.999Z'],
  ])('X-Postvakt-Deadline %s is %s', (value, iso) => {
    expect(parseDeadline(value, TZ)?.toISOString()).toBe(iso);
  });

  it.each(['next week', '28/12/2026', '2026-02-30', ''])('X-Postvakt-Deadline %j is unreadable', (value) => {
    expect(parseDeadline(value, TZ)).toBeNull();
  });

  it.each([
    ['yes', true],
    ['1', true],
    ['high', true],
    ['no', false],
    ['FALSE', false],
    ['nej', false],
  ])('X-Postvakt-Urgent: %s is urgent: %s', async (value, urgent) => {
    const message = await email({ to: ['a@example.dk'], headers: { 'X-Postvakt-Urgent': value } });
    expect(timingSignals(message, { now, timeZone: TZ }).urgent).toBe(urgent);
  });

  it('takes the earliest of header, MeMo reply-by, action end and text', async () => {
    const letter = await memo({
      recipient: '0101901234',
      replyByDateTime: '2026-12-20T22:59:59Z',
      actionEnd: '2026-12-15T22:59:59Z',
      text: 'Kære borger\n\nSvar senest den 18. december 2026.\n',
      legalNotification: true,
      doNotDeliverUntilDate: '2026-12-01',
    });
    const signals = timingSignals(letter, { now, timeZone: TZ });
    expect(signals.deadline?.at.toISOString()).toBe('2026-12-15T22:59:59.000Z');
    expect(signals.deadline?.source).toEqual({ kind: 'memo-action', label: 'Upload dokumentation' });
    expect(signals.legalNotification).toBe(true);
    expect(signals.notBefore?.toISOString()).toBe('2026-11-30T23:00:00.000Z');
    const mail = await email({ to: ['a@example.dk'], headers: { 'X-Postvakt-Deadline': '2026-12-10' }, body: 'Svar senest 2026-12-12.\n' });
    expect(timingSignals(mail, { now, timeZone: TZ }).deadline?.source).toEqual({ kind: 'header' });
  });
});
