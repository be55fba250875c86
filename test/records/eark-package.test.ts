/**
 * The E-ARK package writer (issue 18 item 3) on real-shaped input, checked from outside: xmllint
 * against the vendored METS (+ CSIP extension) and CITS ERMS schemas, the CSIP and ERMS rules the
 * schemas cannot state, every file's size and SHA-256, and the stored bytes unchanged.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportInput, ExportRecord } from '../../src/records/eark/model.ts';
import { writePackage } from '../../src/records/eark/package.ts';
import {
  CSIP_RULES,
  ERMS_RULES,
  ERMS_XSD,
  METS_CSIP_XSD,
  POSTVAKT_RULES,
  checksumProblems,
  filesUnder,
  violations,
  xmllintSchema,
} from './eark-support.ts';

const FIXTURES = new URL('../fixtures/messages/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function out(): string {
  const dir = mkdtempSync(join(tmpdir(), 'postvakt-eark-'));
  dirs.push(dir);
  return dir;
}

/** A hostile message: markup and a control character in the subject, a path as attachment name. */
const HOSTILE = Buffer.from(
  [
    'From: "Ann <script>" <ann@example.dk>',
    'To: journal@kommune.example.dk',
    'Subject: =?utf-8?q?Klage_=3Cb=3E_&_=22citat=22_=01_over_afg=C3=B8relse?=',
    'Date: Fri, 11 Dec 2026 09:15:00 +0100',
    'Message-ID: <klage-1@example.dk>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Jeg klager over afgørelsen.',
    '--b',
    'Content-Type: text/plain; name="x.txt"',
    'Content-Disposition: attachment; filename="../../etc/passwd"',
    '',
    'root:x:0:0',
    '--b',
    'Content-Type: application/octet-stream',
    'Content-Disposition: attachment',
    '',
    'no name',
    '--b--',
    '',
  ].join('\r\n'),
);

function rec(itemId: string, raw: Buffer, over: Partial<ExportRecord> = {}): ExportRecord {
  return {
    itemId,
    channel: 'email',
    direction: 'in',
    logSubject: 'masked subject',
    logSender: 'someone@example.dk',
    logRecipients: ['journal@kommune.example.dk'],
    storedAt: new Date('2026-12-11T08:15:03Z'),
    body: async () => raw,
    ...over,
  };
}

const CREATED = new Date('2026-12-14T10:00:00Z');

function registered(caseNumber: string, title: string, classification: string, direction: 'in' | 'out', at: string, registeredBy: string) {
  return { caseNumber, title, classification, direction, date: new Date(at), registeredBy };
}

/** One case of the sample municipality of that country, as the loader would give it. */
function caseInput(country: 'dk' | 'se', caseNumber: string, records: ExportRecord[]): ExportInput {
  const dk = country === 'dk';
  return {
    scope: { kind: 'case', caseNumber },
    municipality: dk ? { name: 'Eksempel Kommune', language: 'da' } : { name: 'Exempel kommun', language: 'sv' },
    timeZone: dk ? 'Europe/Copenhagen' : 'Europe/Stockholm',
    classificationScheme: dk ? 'KLE' : 'Klassificeringsstruktur Exempel kommun 2026',
    createdAt: CREATED,
    unregistered: [],
    cases: [{ caseNumber, records }],
  };
}

function danishCase(): ExportInput {
  const caseNumber = '27.12.04-P20-3-26';
  return caseInput('dk', caseNumber, [
    rec('item-in-1', HOSTILE, {
      messageId: '<klage-1@example.dk>',
      logSubject: 'Klage <b> & "citat" over afgørelse',
      registration: registered(caseNumber, 'Klage over afgørelse om boligstøtte', '27.12.04', 'in', '2026-12-11T10:00:00Z', 'Lone Journal'),
      status: { status: 'public', decidedBy: 'Lone Journal', decidedAt: new Date('2026-12-11T09:58:00Z') },
    }),
    rec('item-out-1', fixture('06-attachments-da.eml'), {
      direction: 'out',
      messageId: '<bilag-0412@kommune.example.dk>',
      logSubject: 'Afgørelse om boligstøtte til sag 2026-0412 (intern note vedlagt)',
      deliveredAt: new Date('2026-12-10T10:00:05Z'),
      registration: registered(caseNumber, 'Afgørelse om boligstøtte', '27.12.04', 'out', '2026-12-10T11:00:00Z', 'Lone Journal'),
      status: { status: 'secret', ground: 'Forvaltningsloven § 27, stk. 1, nr. 3 (review: municipal lawyer)', decidedBy: 'Mette Lund', decidedAt: new Date('2026-12-10T10:30:00Z') },
    }),
  ]);
}

function swedishCase(): ExportInput {
  const caseNumber = 'KS 2026/123';
  return caseInput('se', caseNumber, [
    rec('item-sv-out', fixture('04-alternative-sv.eml'), {
      direction: 'out',
      logSubject: 'Beslut',
      registration: registered(caseNumber, 'Beslut om bistånd', '2.4.1', 'out', '2026-12-09T09:00:00Z', 'Rita Registrator'),
      status: { status: 'public', decidedBy: 'Rita Registrator', decidedAt: new Date('2026-12-09T08:00:00Z') },
    }),
    rec('item-sv-in', fixture('08-reply-quoted-sv.eml'), {
      logSubject: 'Sv: Beslut',
      registration: registered(caseNumber, 'Svar från sökande', '2.4.1', 'in', '2026-12-10T09:00:00Z', 'Rita Registrator'),
    }),
  ]);
}

describe('E-ARK package', () => {
  for (const [country, make] of [['DK', danishCase], ['SE', swedishCase]] as const) {
    it(`${country}: a case with in and out messages validates against METS+CSIP and CITS ERMS, rules and checksums hold`, async () => {
      const input = make();
      const pkg = await writePackage(input, out());
      const mets = join(pkg.path, 'METS.xml');
      const erms = join(pkg.path, 'metadata/descriptive/erms.xml');

      const metsLint = xmllintSchema(METS_CSIP_XSD, mets);
      const ermsLint = xmllintSchema(ERMS_XSD, erms);
      expect(metsLint).toEqual({ ok: true, output: `${mets} validates` });
      expect(ermsLint).toEqual({ ok: true, output: `${erms} validates` });
      expect(violations(mets, CSIP_RULES)).toEqual([]);
      expect(violations(mets, POSTVAKT_RULES)).toEqual([]);
      expect(violations(erms, ERMS_RULES)).toEqual([]);
      expect(checksumProblems(pkg.path)).toEqual([]);

      // Each record's stored bytes, byte for byte.
      const records = input.cases[0]!.records;
      for (const [i, r] of records.entries()) {
        const stored = (await r.body())!;
        expect(readFileSync(join(pkg.path, `representations/rep1/data/${String(i + 1).padStart(4, '0')}/message.eml`)).equals(stored)).toBe(true);
      }
      expect(pkg.records).toBe(records.length);
      const xml = readFileSync(erms, 'utf8');
      expect(xml).toContain(`<objectId>${input.scope.kind === 'case' ? input.scope.caseNumber : ''}</objectId>`);
      expect(xml).toContain('directionDefinition="incoming"');
      expect(xml).toContain('directionDefinition="outgoing"');
    });
  }

  it('writes attachments under safe names beside the original, and escapes what e-mail brings', async () => {
    const pkg = await writePackage(danishCase(), out());
    const files = filesUnder(pkg.path);
    expect(files).toEqual([
      'METS.xml',
      'documentation/about-this-package.txt',
      'metadata/descriptive/erms.xml',
      'representations/rep1/data/0001/attachments/_.._etc_passwd',
      'representations/rep1/data/0001/attachments/attachment-2',
      'representations/rep1/data/0001/message.eml',
      'representations/rep1/data/0002/attachments/Afgørelse boligstøtte.pdf',
      'representations/rep1/data/0002/attachments/Intern note – må ikke sendes ud.docx',
      'representations/rep1/data/0002/attachments/logo.png',
      'representations/rep1/data/0002/message.eml',
      'schemas/DILCISExtensionMETS.xsd',
      'schemas/ERMS_v3.xsd',
      'schemas/mets.xsd',
      'schemas/xlink.xsd',
    ]);
    expect(readFileSync(join(pkg.path, 'representations/rep1/data/0001/attachments/_.._etc_passwd'), 'utf8').trimEnd()).toBe('root:x:0:0');
    const erms = readFileSync(join(pkg.path, 'metadata/descriptive/erms.xml'), 'utf8');
    expect(erms).toContain('<otherTitle titleType="subject">Klage &lt;b&gt; &amp; &quot;citat&quot; over afgørelse</otherTitle>');
    expect(erms).toContain('<name>Ann &lt;script&gt;</name>');
    expect(erms).not.toContain('<script>');
    expect(erms).toMatch(/<restriction restrictionType="confidential">\s*<regulation>Forvaltningsloven § 27, stk. 1, nr. 3/);
    expect(erms).toContain('<value>secret</value>');
    const mets = readFileSync(join(pkg.path, 'METS.xml'), 'utf8');
    expect(mets).toContain('xlink:href="representations/rep1/data/0002/attachments/Afg%C3%B8relse%20boligst%C3%B8tte.pdf"');
  });

  it('a deliberately broken package fails each check', async () => {
    const pkg = await writePackage(swedishCase(), out());
    const mets = join(pkg.path, 'METS.xml');
    const erms = join(pkg.path, 'metadata/descriptive/erms.xml');

    const badErms = readFileSync(erms, 'utf8').replace('directionDefinition="outgoing"', 'directionDefinition="sideways"');
    writeFileSync(erms, badErms);
    const ermsLint = xmllintSchema(ERMS_XSD, erms);
    expect(ermsLint.ok).toBe(false);
    expect(ermsLint.output).toContain("The value 'sideways' is not an element of the set");
    expect(checksumProblems(pkg.path)).toEqual(['checksum: metadata/descriptive/erms.xml']);

    const metsText = readFileSync(mets, 'utf8');
    writeFileSync(mets, metsText.replace('csip:CONTENTINFORMATIONTYPE="citserms_v3_0"', 'csip:CONTENTINFORMATIONTYPE="citserms_v9"'));
    expect(xmllintSchema(METS_CSIP_XSD, mets).ok).toBe(false);
    writeFileSync(mets, metsText.replace(/ csip:OAISPACKAGETYPE="SIP"/, '').replace('LABEL="CSIP"', 'LABEL="Other"'));
    expect(xmllintSchema(METS_CSIP_XSD, mets).ok).toBe(true); // what only the CSIP rules catch
    expect(violations(mets, CSIP_RULES)).toEqual(['CSIP9', 'CSIP82']);
  });
});
