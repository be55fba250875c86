/**
 * Deadlines written without a date (FX-3): weekdays, relative days, periods and weeks, read
 * against the sending time in the profile's zone, and clear deadlines that cannot be read.
 */
import { describe, expect, it } from 'vitest';
import { readDeadlines } from '../../src/text/deadlines.ts';

// Friday 27 November 2026, 14:00 in Copenhagen and Stockholm.
const FRIDAY_1400 = new Date('2026-11-27T14:00:00+01:00');
const dk = { reference: FRIDAY_1400, timeZone: 'Europe/Copenhagen' };
const se = { reference: FRIDAY_1400, timeZone: 'Europe/Stockholm' };
const read = (text: string, options = dk) => readDeadlines(text, options).deadlines.map((d) => ({ text: d.text, at: d.deadline.toISOString() }));
const endOf = (day: string) => new Date(`${day}T23:59:59.999+01:00`).toISOString();

describe('readDeadlines', () => {
  it.each([
    ['Svar venligst senest mandag.', 'senest mandag', '2026-11-30'],
    ['Send dokumenterne inden fredag.', 'inden fredag', '2026-12-04'],
    ['Svar senest på onsdag.', 'senest på onsdag', '2026-12-02'],
    ['Svar senest i morgen.', 'senest i morgen', '2026-11-28'],
    ['Indsend bilag inden for 8 dage.', 'inden for 8 dage', '2026-12-05'],
    ['Svar inden for de næste 10 hverdage.', 'inden for de næste 10 hverdage', '2026-12-11'],
    ['Svar senest i uge 49.', 'senest i uge 49', '2026-12-04'],
    ['Fristen er 14 dage.', 'Fristen er 14 dage', '2026-12-11'],
  ])('DK: %s', (text, written, day) => {
    expect(read(text)).toEqual([{ text: written, at: endOf(day) }]);
  });

  it.each([
    ['Svara senast på tisdag.', 'senast på tisdag', '2026-12-01'],
    ['Svara innan måndag.', 'innan måndag', '2026-11-30'],
    ['Skicka in intyget senast i morgon.', 'senast i morgon', '2026-11-28'],
    ['Svara inom en vecka.', 'inom en vecka', '2026-12-04'],
    ['Beslutet kan överklagas inom 14 dagar.', 'inom 14 dagar', '2026-12-11'],
    ['Svara senast vecka 49.', 'senast vecka 49', '2026-12-04'],
    ['Svara inom tre arbetsdagar.', 'inom tre arbetsdagar', '2026-12-02'],
  ])('SE: %s', (text, written, day) => {
    expect(read(text, se)).toEqual([{ text: written, at: endOf(day) }]);
  });

  it('reads a weekday as its next occurrence after the sending day, a time after it, and a wrapped line', () => {
    const monday = { ...dk, reference: new Date('2026-11-30T10:00:00+01:00') };
    expect(read('Svar senest mandag.', monday)).toEqual([{ text: 'senest mandag', at: endOf('2026-12-07') }]);
    expect(read('Svar senest fredag kl. 12.00.')).toEqual([{ text: 'senest fredag', at: '2026-12-04T11:00:00.000Z' }]);
    expect(read('Vi skal have dit svar senest\nmandag.')).toEqual([{ text: 'senest mandag', at: endOf('2026-11-30') }]);
  });

  it('takes a week already past as next year\'s, and a weekday with a date by its date', () => {
    expect(read('Svar senest i uge 2.')).toEqual([{ text: 'senest i uge 2', at: endOf('2027-01-15') }]);
    expect(read('Svar senest mandag den 14. december 2026.')).toEqual([{ text: '14. december 2026', at: endOf('2026-12-14') }]);
  });

  it('leaves alone weekdays, weeks and periods that set no deadline', () => {
    expect(read('Vi har senest skrevet til dig i uge 45. Mødet er mandag. Vi ringer i morgen. Sagen tager 8 dage.')).toEqual([]);
    expect(readDeadlines('Vi har senest skrevet til dig mandag.', dk).unreadable).toEqual([]);
  });

  it('calls a clear deadline it cannot read unreadable, in both languages', () => {
    expect(readDeadlines('Svar venligst senest snarest muligt. Tak.', dk)).toEqual({ deadlines: [], unreadable: ['Svar venligst senest snarest muligt'] });
    expect(readDeadlines('Svar senest den 31. november.', dk).unreadable).toEqual(['Svar senest den 31. november']);
    expect(readDeadlines('Svara senast när du kan.', se).unreadable).toEqual(['Svara senast när du kan']);
    expect(readDeadlines('Svar senest mandag.', dk).unreadable).toEqual([]);
  });

  it('reads a long text of cues and numbers word by word', () => {
    const text = 'senest inden for 8 senest i uge senest inden for 8 dage '.repeat(10_000);
    expect(readDeadlines(text, dk).deadlines.length).toBeGreaterThan(0);
  });
});
