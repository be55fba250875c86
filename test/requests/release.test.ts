/**
 * The released copy (BK-25) from outside: `postvakt requests add|mask|decide|release` on a stored
 * letter, and the PDF read back with pdf.js and with poppler's pdftotext. Masked text is absent
 * from both extractions, unmasked text (with æøåäö) is present, and the grounds used are listed.
 * BK-26 blocks `release` in a secrecy-first unit until the last identifier is masked.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSetup, DK_LETTER, pdfTexts, SE_LETTER, storeMessage } from './support.ts';

const NOW = { POSTVAKT_NOW: '2026-12-01T10:00:00+01:00' };

describe('released copy, Swedish social services (secrecy-first)', () => {
  let s: Awaited<ReturnType<typeof cliSetup>>;
  let id: string;
  beforeAll(async () => {
    s = await cliSetup('se');
    await storeMessage(s.store, 'q-se-1', SE_LETTER);
  }, 60_000);
  afterAll(async () => s?.cleanup());

  it('adds an anonymous request with its deadline and lists it', { timeout: 120_000 }, async () => {
    const added = await s.cli(['requests', 'add', '--item', 'q-se-1', '--unit', 'socialtjansten', '--secrecy-review', '--description', 'Brevet om försörjningsstöd', '--json'], NOW);
    expect(added.code, added.stderr).toBe(0);
    id = (JSON.parse(added.stdout) as { id: string }).id;
    const list = await s.cli(['requests', 'list', '--json'], NOW);
    expect(JSON.parse(list.stdout)).toEqual([
      { id: 'R-2026-0001', receivedAt: '2026-12-01T10:00:00+01:00', dueAt: '2026-12-07T10:00:00+01:00', state: 'open', items: ['q-se-1'], anonymous: true },
    ]);
  });

  it('blocks the release while the person is identifiable (BK-26), then releases the masked PDF', { timeout: 300_000 }, async () => {
    // Only the health term masked: identifiers remain.
    const shown = JSON.parse((await s.cli(['requests', 'show', id, '--json'], NOW)).stdout) as { documents: Array<{ parts: Array<{ part: string; text: string }> }> };
    const body = shown.documents[0]!.parts.find((p) => p.part === 'body')!.text;
    const start = body.indexOf('depression');
    const one = await s.cli(['requests', 'mask', id, '--document', 'q-se-1', '--part', 'body', '--start', String(start), '--end', String(start + 10), '--ground', 'se-osl-21-1'], NOW);
    expect(one.code, one.stderr).toBe(0);
    const blocked = await s.cli(['requests', 'decide', id, '--outcome', 'partial'], { ...NOW, LANG: 'sv_SE.UTF-8' });
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toMatch(/sekretess som utgångspunkt \(BK-26\)/);

    expect((await s.cli(['requests', 'mask', id, '--suggested', '--ground', 'se-osl-26-1'], NOW)).code).toBe(0);
    const decided = await s.cli(['requests', 'decide', id, '--outcome', 'partial', '--json'], NOW);
    expect(decided.code, decided.stderr).toBe(0);
    const out = join(s.dir, 'released.pdf');
    const released = await s.cli(['requests', 'release', id, '--out', out, '--json'], NOW);
    expect(released.code, released.stderr).toBe(0);

    const { pdfjs, pdftotext } = await pdfTexts(out);
    for (const text of [pdfjs, pdftotext]) {
      for (const secret of ['19121212', '1212', 'Anna', 'Andersson', 'anna.andersson', 'example.se', '070-123', '45 67', 'depression', 'Läkarintyget', 'försörjningsstöd']) {
        expect(text).not.toContain(secret);
      }
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('Vi har tagit emot din ansökan om');
      expect(flat).toContain('Vänliga hälsningar');
      expect(flat).toContain('Ditt ärende om');
      expect(flat).toContain('finns i akten.');
      expect(flat).toContain('OSL 21 kap. 1 §');
      expect(flat).toContain('OSL 26 kap. 1 §');
      expect(flat).toContain('Utlämnade handlingar');
    }
    const trail = JSON.parse((await s.cli(['requests', 'show', id, '--json'], NOW)).stdout) as { state: string; events: Array<{ kind: string }> };
    expect(trail.state).toBe('released');
    expect(trail.events.map((e) => e.kind)).toEqual(['received', 'masked', 'masked', 'decided', 'released']);
  });
});

describe('released copy, Danish (æøå) with a mask in the subject', () => {
  it('writes Danish letters and masks the subject span', { timeout: 300_000 }, async () => {
    const s = await cliSetup('dk');
    try {
      await storeMessage(s.store, 'q-dk-1', DK_LETTER);
      const added = JSON.parse((await s.cli(['requests', 'add', '--item', 'q-dk-1', '--unit', 'borgerservice', '--requester', 'Journalist', '--json'], NOW)).stdout) as { id: string; dueAt: string };
      expect(added.dueAt).toBe('2026-12-10T10:00:00+01:00');
      const subject = 'Din sag om sygedagpenge';
      expect((await s.cli(['requests', 'mask', added.id, '--document', 'q-dk-1', '--part', 'subject', '--start', '11', '--end', String(subject.length), '--ground', 'dk-fvl-27-1-6'], NOW)).code).toBe(0);
      expect((await s.cli(['requests', 'mask', added.id, '--document', 'q-dk-1', '--part', 'body', '--start', '0', '--end', '16', '--ground', 'dk-offl-30-1'], NOW)).code).toBe(0);
      expect((await s.cli(['requests', 'decide', added.id, '--outcome', 'partial'], NOW)).code).toBe(0);
      const out = join(s.dir, 'dk.pdf');
      const released = await s.cli(['requests', 'release', added.id, '--out', out], { ...NOW, LANG: 'da_DK.UTF-8' });
      expect(released.stdout).toMatch(/Udleveret kopi af R-2026-0001/);
      const { pdfjs, pdftotext } = await pdfTexts(out);
      for (const text of [pdfjs, pdftotext]) {
        const flat = text.replace(/\s+/g, ' ');
        expect(flat).not.toContain('sygedagpenge');
        expect(flat).not.toContain('Jens Hansen,');
        expect(flat).toContain('Din sag om');
        expect(flat).toContain('Ring til os på 12 34 56 78, hvis du har spørgsmål.');
        expect(flat).toContain('Udleverede dokumenter');
        expect(flat).toMatch(/Forvaltningsloven|forvaltningsloven/);
      }
    } finally {
      await s.cleanup();
    }
  });
});
