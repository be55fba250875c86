/**
 * BK-27 under each profile: digits valid as both a Danish CPR number and a Swedish
 * samordningsnummer are read as the profile's country's, and the finding says so (issue 14).
 */
import { describe, expect, it } from 'vitest';
import { loadConfig, samplePath } from '../../src/config/load.ts';
import { parseMessage } from '../../src/message/parse.ts';
import { engineFromConfig } from '../../src/rules/engine.ts';

const engines = {
  dk: engineFromConfig(loadConfig(samplePath('dk')).config),
  se: engineFromConfig(loadConfig(samplePath('se')).config),
};

async function mail(subject: string, body: string) {
  return parseMessage(
    Buffer.from(`From: a@eksempel-kommune.dk\r\nTo: borger@example.dk\r\nSubject: ${subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`),
  );
}

describe('an identity number valid in both countries', () => {
  it('is a CPR number in the Danish profile, in the subject and the body', async () => {
    const message = await mail('Vedr. 070761-4285', 'Hej\r\n\r\nDit cpr 070761-4285 er registreret.\r\n');
    const findings = engines.dk.check(message, { lang: 'da' }).filter((f) => f.ruleId.includes('identity-number'));
    expect(findings.map((f) => [f.ruleId, f.message])).toEqual([
      ['no-identity-number-in-subject', 'Emnefeltet indeholder et cpr-nummer (070761-XXXX). Nummeret er også gyldigt som svensk samordningsnummer, men læses som cpr-nummer, fordi Postvakt er sat op til Danmark.'],
      ['identity-number-in-body', 'Mailen indeholder et cpr-nummer (070761-XXXX). Nummeret er også gyldigt som svensk samordningsnummer, men læses som cpr-nummer, fordi Postvakt er sat op til Danmark.'],
    ]);
    expect(engines.dk.check(message, { lang: 'en' }).find((f) => f.ruleId === 'no-identity-number-in-subject')?.message).toBe(
      'The subject contains a CPR number (070761-XXXX). The number is also valid as a coordination number; it is read as a CPR number because Postvakt is set up for Denmark.',
    );
  });

  it('is a samordningsnummer in the Swedish profile', async () => {
    const message = await mail('Ang. 070761-4285', 'Hej\r\n\r\nTack för ditt brev.\r\n');
    const finding = engines.se.check(message, { lang: 'sv' }).find((f) => f.ruleId === 'no-identity-number-in-subject');
    expect(finding?.message).toBe(
      'Ämnesraden innehåller ett samordningsnummer (070761-XXXX). Numret är också giltigt som danskt cpr-nummer men läses som samordningsnummer, eftersom Postvakt är inställt för Sverige.',
    );
  });

  it('says nothing of another country for a number valid in one', async () => {
    const finding = engines.dk.check(await mail('Vedr. 010190-1234', 'Hej\r\n'), { lang: 'da' }).find((f) => f.ruleId === 'no-identity-number-in-subject');
    expect(finding?.message).toBe('Emnefeltet indeholder et cpr-nummer (010190-XXXX).');
  });
});
