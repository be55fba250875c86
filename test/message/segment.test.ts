import { describe, expect, it } from 'vitest';
import { segmentBody } from '../../src/message/segment.ts';

/** Segments as "kind[:depth] first-line" so expectations read like the mail. */
function outline(text: string, subject = ''): string[] {
  return segmentBody(text, subject).map((s) => {
    const first = text.slice(s.start, s.end).split('\n')[0];
    return `${s.kind}${s.depth ? `:${s.depth}` : ''} ${first}`;
  });
}

describe('segmentBody', () => {
  it.each([
    ['Danish Apple Mail', 'Den 3. dec. 2026 kl. 10.00 skrev Anna Jensen <anna@example.dk>:'],
    ['Swedish Apple Mail', 'Den 3 dec. 2026 kl. 10:00 skrev Karin Ek <karin@example.se>:'],
    ['Swedish Gmail', 'tis 3 dec. 2026 kl. 10:00 skrev Karin Ek <karin@example.se>:'],
    ['Swedish Outlook mobile', '3 dec. 2026 kl. 10:00 skrev Karin Ek:'],
    ['English Gmail', 'On Thu, 3 Dec 2026 at 10:00, Tom Reed <tom@example.dk> wrote:'],
  ])('an attribution line (%s) starts the quote below it', (_client, attribution) => {
    expect(outline(`Tak for svaret.\n\n${attribution}\n> Hvornår kommer I?\n`)).toEqual(['new Tak for svaret.', `quoted:1 ${attribution}`]);
  });

  it('joins an attribution that Gmail wrapped over two lines', () => {
    const text = 'Ok.\n\nOn Thu, 3 Dec 2026 at 10:00, Someone With A Long Name <\nsomeone@example.dk> wrote:\n> Question?\n';
    expect(outline(text)).toEqual(['new Ok.', 'quoted:1 On Thu, 3 Dec 2026 at 10:00, Someone With A Long Name <']);
  });

  it('text after a quote (bottom posting) is new again', () => {
    expect(outline('Hej\n\n> Kan I ringe?\n\nJa, i morgen kl. 10.\n')).toEqual(['new Hej', 'quoted:1 > Kan I ringe?', 'new Ja, i morgen kl. 10.']);
  });

  it.each([
    ['-----Oprindelig meddelelse-----\nFra: A\nSendt: 2. december 2026 09:12'],
    ['-----Ursprungligt meddelande-----\nFrån: A\nSkickat: den 2 december 2026 09:12'],
    ['-----Original Message-----\nFrom: A\nSent: 2 December 2026 09:12'],
    ['Fra: Anna Jensen <anna@example.dk>\nSendt: 2. december 2026 09:12'],
    ['Från: Karin Ek <karin@example.se>\nSkickat: den 2 december 2026 09:12'],
    ['*From:* Tom <tom@example.dk>\n*Sent:* Wednesday, December 2, 2026 9:12 AM'],
  ])('an Outlook header block starts top-posted history: %s', (block) => {
    const out = outline(`Svar ovenpå.\n\n${block}\nTil: B\n\nGammel tekst.\n`);
    expect(out).toEqual(['new Svar ovenpå.', `quoted:1 ${block.split('\n')[0]}`]);
  });

  it('a bare rule opens history only when a header block follows it (as around an inlined message/rfc822)', () => {
    const inlined = 'Se vedhæftede.\n\n---------------\nFrom:    Inge <inge@example.dk>\nSubject: Rollator\nDate:    12/9/2026\n---------------\n\nTekst.\n';
    expect(outline(inlined, 'VS: Rollator')).toEqual(['new Se vedhæftede.', 'forwarded:1 ---------------']);
    expect(outline('Punkt 1\n---------------\nPunkt 2\n')).toEqual(['new Punkt 1']);
  });

  it('a "From:" line without "Sent:" under it is ordinary text', () => {
    expect(outline('Fra: kontoret kom der besked i går.\nVi ringer.\n')).toEqual(['new Fra: kontoret kom der besked i går.']);
  });

  it.each([
    ['---------- Forwarded message ---------'],
    ['---------- Videresendt meddelelse ----------'],
    ['-------- Vidarebefordrat meddelande --------'],
    ['Begin forwarded message:'],
    ['Start på videresendt meddelelse:'],
    ['Videresendt meddelelse'],
  ])('a forward separator opens a forwarded part: %s', (separator) => {
    expect(outline(`Til orientering.\n\n${separator}\nFrom: A\nDate: 1 Dec\n\nIndhold.\n`)).toEqual(['new Til orientering.', `forwarded:1 ${separator}`]);
  });

  it('a VS:/VB:/Fwd: subject makes the first header block a forward, and the block\'s own subject decides the next', () => {
    const text =
      'Se nedenfor.\n\nFra: A\nSendt: 1. dec.\nEmne: SV: Spørgsmål\n\nSvar fra A.\n\nFra: B\nSendt: 30. nov.\nEmne: Spørgsmål\n\nSpørgsmålet.\n';
    expect(outline(text, 'VS: SV: Spørgsmål')).toEqual(['new Se nedenfor.', 'forwarded:1 Fra: A', 'quoted:2 Fra: B']);
    expect(outline(text, 'SV: SV: Spørgsmål')).toEqual(['new Se nedenfor.', 'quoted:1 Fra: A', 'quoted:2 Fra: B']);
  });

  it('quote marks inside history go deeper than the history level', () => {
    const text = 'Ny.\n\n-----Original Message-----\nFrom: A\nSent: x\n\nSvar.\n> citat\n>> ældre citat\n';
    expect(outline(text)).toEqual(['new Ny.', 'quoted:1 -----Original Message-----', 'quoted:2 > citat', 'quoted:3 >> ældre citat']);
  });

  describe('signature', () => {
    it.each(['Med venlig hilsen', 'Venlig hilsen', 'Med vänliga hälsningar', 'Vänliga hälsningar', 'Hälsningar', 'Best regards,', 'MVH'])(
      'a closing "%s" followed by a short block',
      (closing) => {
        expect(outline(`Hej\n\nHer er svaret.\n\n${closing}\nAnna Jensen\nBorgerservice\n`)).toEqual(['new Hej', `signature ${closing}`]);
      },
    );

    it('the "-- " delimiter, and a closing just above it joins the signature', () => {
      expect(outline('Tekst.\n\n-- \nAarby Kommune\n')).toEqual(['new Tekst.', 'signature -- ']);
      expect(outline('Tekst.\n\nVenlig hilsen\nAnna\n-- \nAarby Kommune\n')).toEqual(['new Tekst.', 'signature Venlig hilsen']);
    });

    it('a closing followed by a long text is not a signature', () => {
      const long = Array.from({ length: 14 }, (_, i) => `Linje ${i + 1}`).join('\n');
      expect(outline(`Venlig hilsen\n${long}\n`)).toEqual(['new Venlig hilsen']);
    });

    it('a closing word inside a sentence is not a signature', () => {
      expect(outline('Hej\n\nJeg sender en hilsen til alle på kontoret og takker for hjælpen.\n')).toEqual(['new Hej']);
    });

    it('is found in the sender\'s own text, not in the quoted history', () => {
      const text = 'Tak.\n\nMed venlig hilsen\nMette\n\nDen 1. dec. 2026 kl. 10.00 skrev Jonas:\n> Hej\n> Venlig hilsen\n> Jonas\n';
      expect(outline(text)).toEqual(['new Tak.', 'signature Med venlig hilsen', 'quoted:1 Den 1. dec. 2026 kl. 10.00 skrev Jonas:']);
    });
  });

  it('tiles any text with no gaps, also with CR-less endings and a missing final newline', () => {
    for (const text of ['', 'a', '\n\n', 'a\n> b', '> a\n>> b\nc', 'x\n-- \ny']) {
      const segments = segmentBody(text);
      let at = 0;
      for (const s of segments) {
        expect(s.start).toBe(at);
        at = s.end;
      }
      expect(at).toBe(text.length);
    }
  });
});
