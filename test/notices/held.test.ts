/**
 * The held-letter notice to the sender: it leads with the web app's link (a case worker has no
 * shell, so no CLI command appears), says to ask the administrator when there is no web app,
 * and says when the recipient's flag is past its review date (issue 15 item 3, issue 14 item 7).
 */
import { describe, expect, it } from 'vitest';
import { heldNoticeText, type HeldNoticeInput } from '../../src/notices/held.ts';
import type { Lang } from '../../src/i18n/catalog.ts';

const ID = '019a0000-0000-7000-8000-000000000001';
const LINK = 'https://postvakt.eksempel-kommune.dk/l/abc123';

function notice(lang: Lang, extra: Partial<HeldNoticeInput> = {}): string[] {
  return heldNoticeText({
    lang,
    id: ID,
    from: 'Postvakt <postmaster@postvakt.example.dk>',
    to: 'sagsbehandler@eksempel-kommune.dk',
    subject: 'Afgørelse',
    recipients: ['borger@example.dk'],
    releaseAt: new Date('2026-12-07T08:00:00Z'),
    timeZone: 'Europe/Copenhagen',
    reasons: [{ code: 'hold', text: 'Held until Monday.' }],
    questions: [{ clause: 'FX-6', question: 'Can it wait?' }],
    hostname: 'postvakt.example.dk',
    date: new Date('2026-12-04T13:00:00Z'),
    ...extra,
  }).split('\r\n');
}

describe('held-letter notice', () => {
  it.each<[Lang, RegExp]>([
    ['da', /^Åbn den tilbageholdte besked/],
    ['sv', /^Öppna det kvarhållna meddelandet/],
    ['en', /^Open the held message/],
  ])('%s: the web app link comes right after the opening line, before reasons and questions', (lang, lead) => {
    const lines = notice(lang, { link: LINK });
    expect(lines[2]).toMatch(lead);
    expect(lines[3]).toBe(`  ${LINK}`);
    expect(lines.indexOf(`  ${LINK}`)).toBeLessThan(lines.findIndex((l) => l.includes('Held until Monday.')));
    expect(lines.join('\n')).not.toMatch(/postvakt queue|--reason/);
  });

  it.each<[Lang, string]>([
    ['da', 'bed Postvakts administrator'],
    ['sv', 'be Postvakts administratör'],
    ['en', 'ask the Postvakt administrator'],
  ])('%s: without the web app it sends the sender to the administrator, never to the CLI', (lang, text) => {
    const lines = notice(lang);
    expect(lines[2]).toContain(text);
    expect(lines[2]).toContain(ID);
    expect(lines.join('\n')).not.toMatch(/postvakt queue|--reason/);
  });

  it.each<[Lang, string]>([
    ['da', 'ikke revurderet til tiden'],
    ['sv', 'inte omprövats i tid'],
    ['en', 'past its review date'],
  ])('%s: says when the flag is past its review date, and only then', (lang, text) => {
    expect(notice(lang, { link: LINK, reviewOverdue: true }).join('\n')).toContain(text);
    expect(notice(lang, { link: LINK }).join('\n')).not.toContain(text);
  });
});
