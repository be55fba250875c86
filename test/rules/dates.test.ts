import { describe, expect, it } from 'vitest';
import { findDates } from '../../src/text/dates.ts';
import { readDeadlines } from '../../src/text/deadlines.ts';

const options = { reference: new Date('2026-11-23T09:00:00+01:00'), timeZone: 'Europe/Copenhagen' };
const find = (text: string) => findDates(text, options).map((d) => ({ text: d.text, iso: d.iso, isIso: d.isIso, replyBy: d.replyBy }));

describe('findDates', () => {
  it.each([
    ['Mødet er 3/12-2026 i salen.', '3/12-2026', '2026-12-03'],
    ['Mødet er 03.12.2026 i salen.', '03.12.2026', '2026-12-03'],
    ['Mødet er den 3. december 2026.', '3. december 2026', '2026-12-03'],
    ['Mødet er 3 december 2026.', '3 december 2026', '2026-12-03'],
    ['Mötet är 3 dec. 2026.', '3 dec. 2026', '2026-12-03'],
    ['Mötet är den 14 januari 2027.', '14 januari 2027', '2027-01-14'],
    ['The meeting is on December 3, 2026.', 'December 3, 2026', '2026-12-03'],
    ['The meeting is on 3rd December 2026.', '3rd December 2026', '2026-12-03'],
    ['Mødet er 3-12-26.', '3-12-26', '2026-12-03'],
    ['Vi ses 2026-12-28.', '2026-12-28', '2026-12-28'],
  ])('reads %s', (text, written, iso) => {
    expect(find(text)).toEqual([expect.objectContaining({ text: written, iso })]);
  });

  it.each(['J.nr. 02.34.02-P19-12-26', 'Sag 00.01.00-G01-1-26 og P19-12-26', 'ref_2026-12-01', 'ABC12/11-2026', 'sag2026-12-01', '12/11-2026x'])(
    'reads no date inside the identifier in %s',
    (text) => expect(find(text)).toEqual([]),
  );

  it('gives offsets that slice back to the written date', () => {
    const text = 'Hej! Svar senest den 4. januar, tak. Møde 2026-12-28.';
    for (const d of findDates(text, options)) expect(text.slice(d.start, d.end)).toBe(d.text);
  });

  it('takes a date without year as its next occurrence', () => {
    const [jan] = findDates('senest den 4. januar', options);
    expect(jan).toMatchObject({ iso: '2027-01-04', yearInferred: true, replyBy: true });
    const [nov] = findDates('mødet den 3. november', options);
    expect(nov).toMatchObject({ iso: '2026-11-03', replyBy: false });
  });

  it.each([
    'svar senest 2026-12-28',
    'Svara senast 2026-12-28',
    'Giv besked senest fredag den 4. december',
    'Sista dag för anmälan är 2026-12-04',
    'Svarfrist: 4/12-2026',
    'Please reply by 4 December 2026',
    'Fristen er 2026-12-04',
    'Ansökan ska vara inne före den 4 december',
  ])('recognises the reply-by date in "%s"', (text) => {
    expect(findDates(text, options)[0]?.replyBy).toBe(true);
  });

  it('does not call every date a reply-by date', () => {
    expect(find('Vi mødes den 4. december kl. 10.')[0]?.replyBy).toBe(false);
    expect(find('Mötet hölls 2026-11-02.')[0]?.replyBy).toBe(false);
  });

  it.each([
    'Beløbet er 1.000.000 kr.',
    'Ring på 70 00 00 01.',
    'CPR 010203-1234 er rettet.',
    'Halvdelen, 1/2, er brugt.',
    'Version 3.12.2 er installeret.',
    'Faktura 2026-1234 er betalt.',
    'Den 31. februar findes ikke.',
    'Vi var 3 maj-grupper.',
  ])('finds no date in "%s"', (text) => {
    expect(find(text)).toEqual([]);
  });

  it('reads a time after the date and makes the deadline that instant', () => {
    const [d] = findDates('svar senest 2026-12-04 kl. 12.00', options);
    expect(d?.time).toBe('12:00');
    expect(d?.deadline.toISOString()).toBe('2026-12-04T11:00:00.000Z');
    const [endOfDay] = findDates('svara senast 2026-12-04', { ...options, timeZone: 'Europe/Stockholm' });
    expect(endOfDay?.deadline.toISOString()).toBe('2026-12-04T22:59:59.999Z');
  });

  it('readDeadlines takes the reply-by dates, not the meeting date', () => {
    const { deadlines } = readDeadlines('Mødet er 2026-12-20. Svar senest 2026-12-10, og send bilag inden 2026-12-08.', options);
    expect(deadlines.map((d) => d.text)).toEqual(['2026-12-10', '2026-12-08']);
  });
});
