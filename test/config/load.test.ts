/**
 * A bad line in postvakt.yaml gets one error naming the file and line, the key, the bad value
 * and what is allowed, every error of the file at once; both sample profiles load; a short file
 * extends a sample; the environment overrides per-host values.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig, samplePath } from '../../src/config/load.ts';

const dkSample = readFileSync(samplePath('dk'), 'utf8');

/** The sample with one line replaced, and the line number of that line. */
function withLine(search: string, replacement: string): { text: string; line: number } {
  const lines = dkSample.split('\n');
  const index = lines.findIndex((l) => l.includes(search));
  expect(index, `sample line with ${search}`).toBeGreaterThanOrEqual(0);
  lines[index] = lines[index]!.replace(search, replacement);
  return { text: lines.join('\n'), line: index + 1 };
}

function errorOf(text: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    parseConfig(text, 'postvakt.yaml', env);
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

  it('refuses a mailbox of a unit that is not listed, and a unit listed twice', () => {
    const { text, line } = withLine('unit: jobcenter,', 'unit: jobcentret,');
    expect(errorOf(text)).toBe(`postvakt.yaml:${line}: mailboxes.1.unit: "jobcentret" is not allowed; expected a unit listed in units: borgerservice, jobcenter`);
    const twice = withLine('{ id: jobcenter,', '{ id: borgerservice,');
    expect(errorOf(twice.text)).toMatch(/units\.1\.id: .*unit borgerservice is listed twice/);
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

  it('errors are one line each', () => {
    expect(errorOf(withLine('country: DK', 'country: [DK, SE]').text).split('\n')).toHaveLength(1);
  });

  it('reports every error of a file at once, each on its own line with its line number', () => {
    const lines = dkSample.split('\n');
    const bad = (search: string, replacement: string) => {
      const index = lines.findIndex((l) => l.includes(search));
      lines[index] = lines[index]!.replace(search, replacement);
      return index + 1;
    };
    const country = bad('country: DK', 'country: NO');
    const port = bad('port: 2525', 'port: smtp');
    const key = bad('maxRecipients: 1000', 'maxRecipient: 1000');
    expect(errorOf(lines.join('\n')).split('\n')).toEqual([
      `postvakt.yaml:${country}: calendar.country: "NO" is not allowed; expected one of DK, SE`,
      `postvakt.yaml:${port}: gateway.port: "smtp" is not allowed; expected number`,
      expect.stringMatching(new RegExp(`^postvakt\\.yaml:${key}: gateway: unknown key "maxRecipient"; allowed keys: .*maxRecipients`)),
    ]);
  });

  it('names every missing section of a partial file without extends', () => {
    expect(errorOf('gateway:\n  port: 2600\n').split('\n')).toEqual([
      'postvakt.yaml: municipality: missing; expected object',
      'postvakt.yaml: calendar: missing; expected object',
    ]);
  });
});

describe('extends: a short postvakt.yaml over a sample', () => {
  const short = [
    'extends: se',
    'municipality:',
    '  name: Exempelby kommun',
    '  domains: [exempelby.se]',
    'gateway:',
    '  port: 2600',
    '  smarthost: { host: mail.exempelby.se, port: 587 }',
    'calendar:',
    '  annualClosedDays: []',
    '',
  ].join('\n');

  it('merges mappings key by key and replaces lists', () => {
    const sample = parseConfig(readFileSync(samplePath('se'), 'utf8'), 'se.yaml', {});
    const config = parseConfig(short, 'postvakt.yaml', {});
    expect(config.municipality).toEqual({ ...sample.municipality, name: 'Exempelby kommun', domains: ['exempelby.se'] });
    expect(config.gateway).toEqual({ ...sample.gateway, port: 2600, smarthost: { ...sample.gateway.smarthost, host: 'mail.exempelby.se', port: 587 } });
    expect(sample.calendar.annualClosedDays?.length).toBeGreaterThan(0);
    expect(config.calendar).toEqual({ ...sample.calendar, annualClosedDays: [] });
    expect(config.queue).toEqual(sample.queue);
  });

  it('points an error at the short file and its line, and refuses an unknown base', () => {
    expect(errorOf(short.replace('port: 2600', 'port: 99999'))).toBe('postvakt.yaml:6: gateway.port: 99999 is not allowed; Too big: expected number to be <=65535');
    expect(errorOf(short.replace('extends: se', 'extends: no'))).toBe('postvakt.yaml:1: extends: "no" is not allowed; expected dk or se');
  });

  it('loadConfig says which sample the file extends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'postvakt-config-'));
    writeFileSync(join(dir, 'postvakt.yaml'), short);
    expect(loadConfig(join(dir, 'postvakt.yaml'), {})).toMatchObject({ base: samplePath('se'), overrides: [] });
    rmSync(dir, { recursive: true });
  });
});

describe('environment overrides', () => {
  const env = {
    POSTVAKT_SMTP_HOST: '127.0.0.1',
    POSTVAKT_SMTP_PORT: '2626',
    POSTVAKT_SMARTHOST_HOST: 'relay.example.dk',
    POSTVAKT_SMARTHOST_PORT: '587',
    POSTVAKT_WEB_HOST: '0.0.0.0',
    POSTVAKT_WEB_PORT: '8080',
    POSTVAKT_PUBLIC_URL: 'https://postvakt.eksempel-kommune.dk/',
    POSTVAKT_DATABASE_URL: 'postgres://postvakt@db.example/postvakt',
    POSTVAKT_DIGITALPOST_HOST: '127.0.0.1',
    POSTVAKT_DIGITALPOST_PORT: '8443',
  };

  it('set the per-host values over the file', () => {
    const config = parseConfig(dkSample, 'postvakt.yaml', env);
    expect(config.gateway).toMatchObject({ host: '127.0.0.1', port: 2626, smarthost: { host: 'relay.example.dk', port: 587 } });
    expect(config.web).toMatchObject({ host: '0.0.0.0', port: 8080, publicUrl: 'https://postvakt.eksempel-kommune.dk/' });
    expect(config.store.url).toBe('postgres://postvakt@db.example/postvakt');
    expect(config.digitalPost).toMatchObject({ host: '127.0.0.1', port: 8443 });
  });

  it('a bad value names the variable', () => {
    expect(errorOf(dkSample, { POSTVAKT_SMTP_PORT: 'smtp', POSTVAKT_PUBLIC_URL: 'postvakt.local' }).split('\n')).toEqual([
      'environment POSTVAKT_SMTP_PORT: gateway.port: "smtp" is not allowed; expected number',
      expect.stringMatching(/^environment POSTVAKT_PUBLIC_URL: web\.publicUrl: "postvakt\.local" is not allowed; /),
    ]);
  });
});

