/**
 * The held-letter notice to the sender: it leads with the web app's link (a case worker has no
 * shell, so no CLI command appears), says to ask the administrator when there is no web app,
 * and says when the recipient's flag is past its review date (issue 15 item 3, issue 14 item 7).
 */
import { describe, expect, it } from 'vitest';
import { heldNoticeText, notHeldNoticeText, type HeldNoticeInput } from '../../src/notices/held.ts';
import type { Lang } from '../../src/i18n/catalog.ts';

const ID = '019a0000-0000-7000-8000-000000000001';
const LINK = 'https://postvakt.eksempel-kommune.dk/l/abc123';

/** What both notices are given, apart from language, reasons and questions. */
const LETTER = {
  id: ID,
  from: 'Postvakt <postmaster@postvakt.example.dk>',
  to: 'sagsbehandler@eksempel-kommune.dk',
  subject: 'Afgørelse',
  recipients: ['borger@example.dk'],
  hostname: 'postvakt.example.dk',
  date: new Date('2026-12-04T13:00:00Z'),
};

function notice(lang: Lang, extra: Partial<HeldNoticeInput> = {}): string[] {
  return heldNoticeText({
    ...LETTER,
    lang,
    releaseAt: new Date('2026-12-07T08:00:00Z'),
    timeZone: 'Europe/Copenhagen',
    reasons: [{ code: 'hold', text: 'Held until Monday.' }],
    questions: [{ clause: 'FX-6', question: 'Can it wait?' }],
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

describe('not-held notice', () => {
  const reasons = [{ code: 'urgent', text: 'Not held: urgent.' }];
  it.each<[Lang, string, string]>([
    ['da', 'Postvakt har leveret din besked "Afgørelse" til borger@example.dk nu.', 'Den er sendt; overvej:'],
    ['sv', 'Postvakt har levererat ditt meddelande "Afgørelse" till borger@example.dk nu.', 'Det har skickats; fundera på detta:'],
    ['en', 'Postvakt has delivered your message "Afgørelse" to borger@example.dk now.', 'It has gone; please consider:'],
  ])('%s: says it went now, why it was not held, and what the sender may still do', (lang, intro, questions) => {
    const lines = notHeldNoticeText({ ...LETTER, lang, reasons, flagged: true, questions: [{ clause: 'FX-9', question: 'Tell them?', hint: 'Call first.' }] }).split('\r\n');
    expect(lines[0]!.startsWith(intro)).toBe(true);
    expect(lines).toContain('  - Not held: urgent.');
    expect(lines.indexOf(questions)).toBeGreaterThan(lines.indexOf('  - Not held: urgent.'));
    expect(lines).toContain('  FX-9: Tell them? (Call first.)');
  });

  it.each<[Lang, RegExp]>([
    ['da', /hensynsregist/],
    ['sv', /hänsynsregist/],
    ['en', /consideration register/],
  ])('%s: an angry message whose hold was refused speaks of its tone, never of the register', (lang, register) => {
    const angry = [{ code: 'angry-not-held', text: 'Angry, but not held.' }];
    const text = notHeldNoticeText({ ...LETTER, lang, reasons: angry, flagged: false, questions: [] });
    const flagged = notHeldNoticeText({ ...LETTER, lang, reasons: angry, flagged: true, questions: [] });
    expect(flagged).toMatch(register);
    expect(text).not.toMatch(register);
    expect(text).toContain('  - Angry, but not held.');
    expect(text.split('\r\n')[0]).not.toEqual(flagged.split('\r\n')[0]);
  });
});
