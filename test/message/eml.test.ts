import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEml, parseMessage } from '../../src/message/parse.ts';
import { sourceOffset } from '../../src/message/html.ts';
import { header, segmentsOf, type Message } from '../../src/message/types.ts';

const DIR = new URL('../fixtures/messages/', import.meta.url);
const load = (name: string) => readFileSync(new URL(name, DIR));
const parse = (name: string) => parseMessage(load(name));
const slice = (m: Message, s: { start: number; end: number }) => m.body.text.slice(s.start, s.end);
const kinds = (m: Message) => m.body.segments.map((s) => (s.depth ? `${s.kind}:${s.depth}` : s.kind));

describe('e-mail fixtures', () => {
  it('every fixture parses into segments that tile the body in order', async () => {
    const names = readdirSync(DIR).filter((f) => f.endsWith('.eml'));
    expect(names.length).toBeGreaterThanOrEqual(12);
    for (const name of names) {
      const m = await parse(name);
      expect(m.format, name).toBe('eml');
      expect(m.channel).toBe('email');
      expect(m.warnings, name).toEqual([]);
      expect(m.subject, name).not.toBe('');
      let at = 0;
      for (const s of m.body.segments) {
        expect(s.start, name).toBe(at);
        expect(s.end).toBeGreaterThan(s.start);
        at = s.end;
      }
      expect(at, name).toBe(m.body.text.length);
    }
  });

  it('reads UTF-8 8bit with a "-- " signature', async () => {
    const m = await parse('01-plain-utf8-da.eml');
    expect(m.from).toEqual({ address: 'mette.lund@kommune.example.dk', name: 'Mette Lund' });
    expect(m.to).toEqual([{ address: 'jonas.bak@example.dk', name: 'Jonas Bak' }]);
    expect(m.date?.toISOString()).toBe('2026-12-03T09:15:00.000Z');
    expect(m.messageId).toBe('<20261203101500.4711@kommune.example.dk>');
    expect(m.body.source).toBe('plain');
    expect(m.body.text).toContain('Kære Jonas Bak');
    expect(m.body.text).not.toContain('\r');
    expect(kinds(m)).toEqual(['new', 'signature']);
    expect(slice(m, segmentsOf(m, 'signature')[0]!)).toMatch(/^-- \nMette Lund\nBoliganvisningen/);
  });

  it('decodes ISO-8859-1 quoted-printable and an encoded-word subject; keeps Return-Receipt-To', async () => {
    const m = await parse('02-latin1-qp-da.eml');
    expect(m.subject).toBe('Vi mangler øjenlægens recept til din ansøgning om brilletilskud');
    expect(m.from?.name).toBe('Lars Søgaard');
    expect(m.body.text).toContain('Vi mangler en kopi af øjenlægens recept, før vi kan træffe afgørelse.');
    expect(header(m, 'return-receipt-to')).toBe('lars.sogaard@kommune.example.dk');
    expect(header(m, 'Subject')).toBe(m.subject);
    expect(slice(m, segmentsOf(m, 'signature')[0]!)).toMatch(/^Med venlig hilsen\n\nLars Søgaard/);
  });

  it('reads windows-1252 curly quotes, dashes and the euro sign in body and subject', async () => {
    const m = await parse('03-windows-1252-sv.eml');
    expect(m.subject).toBe('Påminnelse: skicka in “Ansökan om färdtjänst” – avgift 150 €');
    expect(m.body.text).toContain('Avgiften för tillståndet är 150 € per år – du får');
    expect(m.body.text).not.toMatch(/[\u0080-\u009f]/);
    expect(header(m, 'X-Confirm-Reading-To')).toBe('karin.ek@kommun.example.se');
    expect(slice(m, segmentsOf(m, 'signature')[0]!)).toMatch(/^Vänliga hälsningar\nKarin Ek/);
  });

  it('takes the plain part of multipart/alternative and keeps the Postvakt headers', async () => {
    const m = await parse('04-alternative-sv.eml');
    expect(m.body.source).toBe('plain');
    expect(m.body.text).toContain('Boka en tid senast 2026-12-18 på kommun.example.se/boka');
    expect(m.body.text).not.toContain('<b>');
    expect(m.from?.name).toBe('Socialtjänsten Norrby');
    expect(m.cc).toEqual([{ address: 'johan.nilsson@example.se', name: 'Johan Nilsson' }]);
    expect(header(m, 'X-Postvakt-Deadline')).toBe('2026-12-18');
    expect(header(m, 'x-postvakt-urgent')).toBe('no');
  });

  it('turns an HTML-only body into text, maps offsets back into the HTML and sees the blockquote as a quote', async () => {
    const m = await parse('05-html-only-da.eml');
    expect(m.body.source).toBe('html');
    expect(m.body.text).toContain('opstartssamtale & en rundvisning');
    expect(m.body.text).not.toMatch(/alert|<div|p \{/);
    expect(m.inReplyTo).toBe('<CAF1234abcd@mail.example.dk>');
    expect(m.references).toEqual(['<skoleskift-1@kommune.example.dk>', '<CAF1234abcd@mail.example.dk>']);
    expect(kinds(m)).toEqual(['new', 'signature', 'quoted:1']);
    const quote = slice(m, segmentsOf(m, 'quoted')[0]!);
    expect(quote).toMatch(/^Den 8\. dec\. 2026 kl\. 19\.02 skrev Henrik Moos <henrik\.moos@example\.dk>:\n> Hej\n/);

    for (const phrase of ['Liva kan starte', 'Hilsen Henrik', 'Skoleafdelingen']) {
      const source = sourceOffset(m.body.sourceMap!, m.body.text.indexOf(phrase))!;
      expect(m.body.html!.slice(source, source + phrase.length)).toBe(phrase);
    }
  });

  it('lists attachments as metadata only, with decoded RFC 2231 and encoded-word names', async () => {
    const m = await parse('06-attachments-da.eml');
    expect(m.attachments).toEqual([
      { filename: 'logo.png', contentType: 'image/png', size: 70, disposition: 'inline' },
      { filename: 'Afgørelse boligstøtte.pdf', contentType: 'application/pdf', size: 2033, disposition: 'attachment' },
      {
        filename: 'Intern note – må ikke sendes ud.docx',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        size: 1540,
        disposition: 'attachment',
      },
    ]);
    expect(m.body.source).toBe('html');
    expect(m.body.text).toContain('Her er afgørelsen og min interne note.');
  });

  it('splits an Outlook reply into new text, signature and two levels of history', async () => {
    const m = await parse('07-reply-outlook-da.eml');
    expect(kinds(m)).toEqual(['new', 'signature', 'quoted:1', 'quoted:2']);
    const [first, second] = segmentsOf(m, 'quoted');
    expect(slice(m, first!)).toMatch(/^_{32}\nFra: Jonas Bak/);
    expect(slice(m, second!)).toMatch(/^-----Oprindelig meddelelse-----\nFra: Mette Lund/);
    expect(m.references).toHaveLength(3);
    expect(m.inReplyTo).toBe('<mail-2@example.dk>');
  });

  it('reads "Den … skrev …:" attributions and ">" levels in a Swedish reply', async () => {
    const m = await parse('08-reply-quoted-sv.eml');
    expect(kinds(m)).toEqual(['new', 'signature', 'quoted:1', 'quoted:2']);
    expect(slice(m, m.body.segments[2]!)).toMatch(/^Den 7 dec\. 2026 kl\. 13:05 skrev Karin Ek/);
    expect(slice(m, m.body.segments[3]!)).toBe('>> Hur lång tid tar handläggningen?\n');
  });

  it('counts a forward chain three deep', async () => {
    const m = await parse('09-forward-3-deep-da.eml');
    expect(kinds(m)).toEqual(['new', 'forwarded:1', 'forwarded:2', 'forwarded:3']);
    expect(Math.max(...segmentsOf(m, 'forwarded').map((s) => s.depth ?? 0))).toBe(3);
    expect(slice(m, segmentsOf(m, 'forwarded')[2]!)).toContain('Jeg vil gerne søge om en rollator.');
  });

  it('tells an Outlook forward from a reply by the subject, in Swedish', async () => {
    const m = await parse('10-forward-outlook-sv.eml');
    expect(kinds(m)).toEqual(['new', 'signature', 'forwarded:1', 'forwarded:2']);
    expect(slice(m, segmentsOf(m, 'forwarded')[1]!)).toMatch(/^Början på vidarebefordrat meddelande:\n\nFrån: Sven Ahl/);
  });

  it('reads a long recipient list and Reply-To', async () => {
    const m = await parse('11-mass-mail-sv.eml');
    expect(m.to).toHaveLength(30);
    expect(m.to[29]).toEqual({ address: 'medborgare30@example.se' });
    expect(m.cc).toEqual([{ address: 'chef.kultur@kommun.example.se' }]);
    expect(m.replyTo).toEqual([{ address: 'kultur@kommun.example.se' }]);
    expect(kinds(m)).toEqual(['new', 'signature']);
  });

  it('flattens address groups and reads an English Apple reply', async () => {
    const m = await parse('12-reply-apple-en.eml');
    expect(m.to.map((a) => a.address)).toEqual(['mette.lund@kommune.example.dk', 'sofie.dahl@kommune.example.dk']);
    expect(m.cc).toEqual([]);
    expect(header(m, 'X-Postvakt-Urgent')).toBe('yes');
    expect(kinds(m)).toEqual(['new', 'signature', 'quoted:1']);
    expect(slice(m, segmentsOf(m, 'signature')[0]!)).toBe('Best regards,\nTom Reed\n\n');
  });

  it('reads an HTML-only Outlook reply: empty paragraphs stay empty lines and "Från:/Skickat:" opens the history', async () => {
    const m = await parse('13-reply-outlook-html-sv.eml');
    expect(m.body.source).toBe('html');
    expect(kinds(m)).toEqual(['new', 'signature', 'quoted:1']);
    expect(slice(m, m.body.segments[0]!)).toMatch(/^Hej Maria,\n\nEn altan på 20 kvadratmeter kräver inte bygglov/);
    expect(slice(m, segmentsOf(m, 'signature')[0]!)).toBe('Vänliga hälsningar\nOskar Berg\nBygglovshandläggare, Norrby kommun\n\n');
    expect(slice(m, segmentsOf(m, 'quoted')[0]!)).toMatch(/^Från: Maria Sjöberg <maria\.sjoberg@example\.se>\nSkickat: den 15 december 2026 19:44\n/);
  });

  it('parseEml and parseMessage agree, for a Buffer and a string', async () => {
    const raw = load('07-reply-outlook-da.eml');
    const a = await parseEml(raw);
    const b = await parseMessage(raw.toString('utf8'));
    expect(b.body).toEqual(a.body);
    expect(b.subject).toBe(a.subject);
    expect(a.size).toBe(raw.length);
  });
});
