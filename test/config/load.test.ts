/**
 * A bad line in postvakt.yaml gets one error naming the file and line, the key, the bad value
 * and what is allowed; both sample profiles load.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, samplePath } from '../../src/config/load.ts';

const dkSample = readFileSync(samplePath('dk'), 'utf8');

/** The sample with one line replaced, and the line number of that line. */
function withLine(search: string, replacement: string): { text: string; line: number } {
  const lines = dkSample.split('\n');
  const index = lines.findIndex((l) => l.includes(search));
  expect(index, `sample line with ${search}`).toBeGreaterThanOrEqual(0);
  lines[index] = lines[index]!.replace(search, replacement);
  return { text: lines.join('\n'), line: index + 1 };
}

function errorOf(text: string): string {
  try {
    parseConfig(text, 'postvakt.yaml', {});
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it.each(['dk', 'se'] as const)('loads the %s sample', (country) => {
    const config = parseConfig(readFileSync(samplePath(country), 'utf8'), `${country}.yaml`, {});
    expect(config.calendar.country).toBe(country.toUpperCase());
    expect(config.calendar.annualClosedDays?.length).toBeGreaterThan(0);
  });

  it.each([
    ['country: DK', 'country: NO', 'calendar.country: "NO" is not allowed; expected one of DK, SE'],
    ['mon: "08:00-15:00"', 'mon: "15:00-08:00"', 'calendar.openingHours.mon: "15:00-08:00" is not allowed; expected opening hours whose start is before their end'],
    ['tue: "08:00-15:00"', 'tue: "8-15"', 'calendar.openingHours.tue: "8-15" is not allowed; expected opening hours HH:MM-HH:MM, for example 08:00-15:00'],
    ['timeZone: Europe/Copenhagen', 'timeZone: Europe/Kobenhavn', 'calendar.timeZone: "Europe/Kobenhavn" is not allowed; expected an IANA time zone such as Europe/Copenhagen'],
    ['quietCutoff: "12:00"', 'quietCutoff: "12.00"', 'calendar.quietCutoff: "12.00" is not allowed; expected a time HH:MM between 00:00 and 23:59'],
    ['bridgeDays: false', 'bridgeDays: sometimes', 'calendar.bridgeDays: "sometimes" is not allowed; expected true or false'],
    ['day: "12-24"', 'day: "24-12"', 'calendar.annualClosedDays.2.day: "24-12" is not allowed; expected MM-DD, easter+N, easter-N or midsommarafton'],
    ['language: da', 'language: no', 'municipality.language: "no" is not allowed; expected da, sv or en'],
    [
      'quietCutoff: "12:00"',
      'quietCutof: "12:00"',
      'calendar: unknown key "quietCutof"; allowed keys: country, timeZone, openingHours, phoneHours, quietCutoff, annualClosedDays, closedDays, bridgeDays',
    ],
  ])('%s → %s names the key, value and what is allowed, on its line', (search, replacement, message) => {
    const { text, line } = withLine(search, replacement);
    expect(errorOf(text)).toBe(`postvakt.yaml:${line}: ${message}`);
  });

  it('refuses a date that does not exist and a profile that never opens', () => {
    expect(errorOf(dkSample.replace('closedDays: []', 'closedDays: [{ date: "2027-02-29", reason: Lukket }]'))).toMatch(
      /calendar\.closedDays\.0\.date: "2027-02-29" is not allowed; expected a date that exists in the calendar$/,
    );
    const neverOpen = dkSample.replace(/^ {4}(mon|tue|wed|thu|fri): .*\n/gm, '').replace('openingHours:\n', 'openingHours: {}\n');
    expect(errorOf(neverOpen)).toMatch(/calendar\.openingHours: .* is not allowed; expected opening hours on at least one weekday$/);
  });

  it('reports broken YAML with its line and a missing section by name', () => {
    expect(errorOf('municipality:\n  name: Eksempel\n  name: Andet\n')).toMatch(/^postvakt\.yaml:3: not valid YAML: Map keys must be unique/);
    expect(errorOf(dkSample.replace(/^calendar:[\s\S]*?\n\n/m, ''))).toBe('postvakt.yaml: calendar: missing; expected object');
  });

  it('errors are one line', () => {
    expect(errorOf(withLine('country: DK', 'country: [DK, SE]').text).split('\n')).toHaveLength(1);
  });
});
