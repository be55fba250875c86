import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMemo, parseMessage, validateMemo } from '../../src/message/parse.ts';
import { segmentsOf } from '../../src/message/types.ts';

const DIR = new URL('../fixtures/memo/', import.meta.url);
const load = (name: string) => readFileSync(new URL(name, DIR));
const parse = (name: string) => parseMessage(load(name));

describe('MeMo fixtures', () => {
  const names = readdirSync(DIR).filter((f) => f.endsWith('.xml'));

  it('has at least ten letters in both versions, all valid MeMo and read as Digital Post', async () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
    const versions = new Set<string>();
    for (const name of names) {
      expect(validateMemo(load(name)), name).toEqual([]);
      const m = await parse(name);
      expect(m.format, name).toBe('memo');
      expect(m.channel).toBe('digitalpost');
      expect(m.warnings, name).toEqual([]);
      expect(m.subject).toBe(m.memo!.label);
      expect(m.body.source).toBe('memo');
      expect(m.body.text.length, name).toBeGreaterThan(40);
      versions.add(m.memo!.version);
    }
    expect([...versions].sort()).toEqual(['1.1', '1.2']);
  });

  it('maps the header of a 1.1 letter: label, notification, reply-by, contact point, action', async () => {
    const m = await parse('01-v11-text-boligstoette.xml');
    const memo = m.memo!;
    expect(memo.version).toBe('1.1');
    expect(memo.messageUuid).toBe('6f3c2a1e-8b4d-4c6e-9f1a-2b3c4d5e6f70');
    expect(memo.label).toBe('Send lønsedler senest 10. december, så vi kan beregne din boligstøtte');
    expect(memo.notification).toBe('Vi mangler dine lønsedler for oktober og november.');
    expect(memo.replyByDateTime?.toISOString()).toBe('2026-12-10T22:59:59.000Z');
    expect(memo.mandatory).toBe(false);
    expect(memo.legalNotification).toBe(false);
    expect(memo.sender).toEqual({ id: '29189846', idType: 'CVR', label: 'Aarby Kommune' });
    expect(memo.recipient).toEqual({ id: '0101901234', idType: 'CPR', label: 'Jonas Bak' });
    expect(memo.contactPoints).toEqual([
      { label: 'Ydelseskontoret', phone: '+45 70 10 20 30', openingHours: 'Mandag-torsdag 9-15, fredag 9-12', email: 'ydelse@kommune.example.dk' },
    ]);
    expect(memo.actions).toEqual([
      { label: 'Upload lønsedler', actionCode: 'SELVBETJENING', startDateTime: undefined, endDateTime: new Date('2026-12-10T22:59:59Z') },
    ]);
    expect(m.date?.toISOString()).toBe('2026-12-03T09:00:00.000Z');
    expect(m.body.text).toMatch(/^Kære Jonas Bak\n\nFor at beregne din boligstøtte/);
    expect(m.body.text.slice(segmentsOf(m, 'signature')[0]!.start)).toBe('Med venlig hilsen\nYdelseskontoret\nAarby Kommune');
  });

  it('extracts the text of a PDF main document and puts the cover text first', async () => {
    const m = await parse('02-v12-pdf-afgoerelse.xml');
    const [cover, pdf] = m.memo!.files;
    expect(cover).toMatchObject({ role: 'main', filename: 'foelgetekst.txt', contentType: 'text/plain', cover: true });
    expect(pdf).toMatchObject({ role: 'main', filename: 'afgoerelse-boligstoette.pdf', contentType: 'application/pdf', language: 'da' });
    expect(pdf!.size).toBeGreaterThan(1000);
    expect(pdf!.text).toContain('Du får boligstøtte på 1.850 kr. om måneden fra den 1. januar 2027.');
    expect(pdf!.text).toContain('Klagevejledning'); // page 2
    expect(m.body.text.indexOf('Vil du klage')).toBeLessThan(m.body.text.indexOf('Afgørelse om boligstøtte'));
    expect(m.memo!.legalNotification).toBe(true);
    expect(m.memo!.sender.attention).toEqual({
      name: 'Mette Lund, sagsbehandler',
      label: 'Social og Sundhed',
      email: 'mette.lund@kommune.example.dk',
      phone: '+45 70 10 20 41',
      address: 'Rådhustorvet 1, 8999 Aarby',
    });
    expect(m.from).toEqual({ address: 'mette.lund@kommune.example.dk', name: 'Aarby Kommune' });
  });

  it('reads a PDF-only 1.1 letter with an appointment action', async () => {
    const m = await parse('03-v11-pdf-indkaldelse.xml');
    expect(m.memo!.mandatory).toBe(true);
    expect(m.memo!.actions).toEqual([
      { label: 'Samtale på jobcentret', actionCode: 'AFTALE', startDateTime: new Date('2026-12-15T09:00:00Z'), endDateTime: new Date('2026-12-15T10:00:00Z') },
    ]);
    expect(m.memo!.files[0]!.cover).toBeUndefined();
    expect(m.body.text).toContain('Samtalen er tirsdag den 15. december 2026 kl. 10.00 på Jobcenter Aarby');
  });

  it('turns an HTML main document into text', async () => {
    const m = await parse('04-v12-html-venteliste.xml');
    expect(m.body.text).toContain('Du står som nummer 4 på ventelisten');
    expect(m.body.text).not.toContain('<');
  });

  it('lists additional and technical documents as attachments, without their content', async () => {
    const m = await parse('05-v12-attachments-byggesag.xml');
    expect(m.attachments).toEqual([
      { filename: 'vilkaar.pdf', contentType: 'application/pdf', size: m.memo!.files[1]!.size, disposition: 'attachment' },
      { filename: 'situationsplan.png', contentType: 'image/png', size: 70, disposition: 'attachment' },
      { filename: 'sag.xml', contentType: 'application/xml', size: 33, disposition: 'attachment' },
    ]);
    expect(m.memo!.files.map((f) => f.role)).toEqual(['main', 'additional', 'additional', 'technical']);
    expect(m.memo!.files[1]!.text).toContain('Vilkår 1: Carporten må højst være 2,5 m høj.');
    expect(m.body.text).not.toContain('Vilkår 1');
  });

  it('reads a CVR recipient, a not-before date and several actions', async () => {
    expect((await parse('06-v11-cvr-gebyr.xml')).memo!.recipient).toEqual({ id: '12345678', idType: 'CVR', label: 'Aarby Autoværksted ApS' });
    const held = (await parse('07-v12-generic-title-not-before.xml')).memo!;
    expect(held.doNotDeliverUntilDate).toBe('2026-12-07');
    expect(held.label).toBe('Brev fra kommunen');
    const several = (await parse('09-v12-several-actions.xml')).memo!;
    expect(several.actions.map((a) => a.actionCode)).toEqual(['UNDERSKRIV', 'TILMELDING', 'BEKRAEFT']);
    expect(several.actions[2]!.endDateTime).toBeUndefined();
  });

  it('leaves contact info empty when a letter has none', async () => {
    const m = await parse('10-v12-no-contact.xml');
    expect(m.memo!.contactPoints).toEqual([]);
    expect(m.memo!.sender.attention).toBeUndefined();
  });

  it('reads only the first pages of a PDF when told to, with a warning', async () => {
    const m = await parseMemo(load('02-v12-pdf-afgoerelse.xml'), { maxPdfPages: 1 });
    expect(m.memo!.files[1]!.text).not.toContain('Klagevejledning');
    expect(m.warnings).toEqual([{ code: 'pdf-pages-skipped', detail: 'afgoerelse-boligstoette.pdf' }]);
  });
});

describe('validateMemo', () => {
  it('reports every broken field with its element path, what was expected and what was there', () => {
    const issues = validateMemo(load('malformed/invalid-fields.xml'));
    expect(issues).toEqual([
      { path: 'MessageHeader/messageUUID', expected: expect.stringContaining('UUID version 4'), got: '12345678-1234-1234-1234-123456789abc' },
      { path: 'MessageHeader/label', expected: 'at most 256 characters', got: '319 characters' }, // 40 × "Brev om ", trimmed
      { path: 'MessageHeader/notification', expected: 'at most 150 characters', got: '164 characters' },
      { path: 'MessageHeader/replyByDateTime', expected: expect.stringContaining('ending in Z'), got: '2026-12-21T10:00:00+01:00' },
      { path: 'MessageHeader/doNotDeliverUntilDate', expected: 'a date YYYY-MM-DD without time of day', got: '21-12-2026' },
      { path: 'MessageHeader/Recipient/recipientID', expected: 'a CPR number of 10 digits', got: '9 characters' },
      { path: 'MessageBody/MainDocument/Action[1]/actionCode', expected: expect.stringContaining('AFTALE, BETALING'), got: 'RING_OP' },
      { path: 'MessageBody/MainDocument/Action[1]/endDateTime', expected: expect.stringContaining('ending in Z'), got: '2026-12-21' },
    ]);
  });

  it('names missing required elements', () => {
    const xml = `<?xml version="1.0"?><m:Message xmlns:m="https://DigitalPost.dk/MeMo-1" memoVersion="1.2">
      <m:MessageHeader><m:messageType>DIGITALPOST</m:messageType><m:Recipient><m:recipientID>12345678</m:recipientID><m:idType>CPR</m:idType></m:Recipient></m:MessageHeader>
      <m:MessageBody><m:MainDocument><m:File><m:filename>a.txt</m:filename></m:File></m:MainDocument></m:MessageBody></m:Message>`;
    expect(validateMemo(xml).map((i) => i.path)).toEqual([
      'MessageHeader/messageUUID',
      'MessageHeader/label',
      'MessageHeader/Sender',
      'MessageHeader/Recipient/recipientID',
      'MessageBody/createdDateTime',
      'MessageBody/MainDocument/File[1]/encodingFormat',
      'MessageBody/MainDocument/File[1]/content',
    ]);
    expect(validateMemo(xml)[3]).toEqual({ path: 'MessageHeader/Recipient/recipientID', expected: 'a CPR number of 10 digits', got: '8 characters' });
  });

  it('accepts a default namespace as well as a prefix', () => {
    const prefixed = load('06-v11-cvr-gebyr.xml').toString('utf8');
    const unprefixed = prefixed.replace(/memo:/g, '').replace('xmlns:memo=', 'xmlns=');
    expect(validateMemo(unprefixed)).toEqual([]);
  });
});
