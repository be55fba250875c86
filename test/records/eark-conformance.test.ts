/**
 * The checks themselves. Against the E-ARK CSIP specification's own minimal package, the CSIP
 * rules must accept what the specification calls valid, except where that example (2018, CSIP
 * 2.0 drafts) predates CSIP 2.2; each such difference is named. And each rule must catch the
 * breach it is for in one of our packages, so a rule that cannot fail does not pass for a check.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writePackage } from '../../src/records/eark/package.ts';
import { CSIP_EXAMPLE, CSIP_RULES, ERMS_RULES, METS_CSIP_XSD, POSTVAKT_RULES, violations, xmllintSchema } from './eark-support.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('CSIP rule checks', () => {
  it('the specification example is schema-valid METS with CSIP attributes', () => {
    expect(xmllintSchema(METS_CSIP_XSD, CSIP_EXAMPLE)).toEqual({ ok: true, output: `${CSIP_EXAMPLE} validates` });
  });

  it('on the specification example, only the CSIP 2.2 requirements it predates are reported', () => {
    // CSIP60: no "Documentation" file group (it became a MUST in CSIP 2.x after the example).
    // CSIP114: no "Representations…" file group (the example holds schemas only).
    // CSIP82: structMap LABEL "CSIP StructMap"; CSIP 2.2 fixes it to "CSIP".
    expect(violations(CSIP_EXAMPLE, CSIP_RULES)).toEqual(['CSIP60', 'CSIP114', 'CSIP82']);
  });

  it('each rule catches its breach in one of our packages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postvakt-csip-'));
    dirs.push(dir);
    const raw = Buffer.from('From: a@example.se\r\nTo: b@kommun.example.se\r\nSubject: Ansökan\r\nDate: Mon, 7 Dec 2026 10:00:00 +0100\r\n\r\nHej\r\n');
    const pkg = await writePackage(
      {
        scope: { kind: 'case', caseNumber: 'KS 2026/7' },
        municipality: { name: 'Exempel kommun', language: 'sv' },
        timeZone: 'Europe/Stockholm',
        createdAt: new Date('2026-12-14T10:00:00Z'),
        unregistered: [],
        cases: [
          {
            caseNumber: 'KS 2026/7',
            records: [
              {
                itemId: 'i1',
                channel: 'inbound',
                direction: 'in',
                logSubject: 'Ansökan',
                logSender: 'a@example.se',
                logRecipients: ['b@kommun.example.se'],
                storedAt: new Date('2026-12-07T09:00:00Z'),
                registration: { caseNumber: 'KS 2026/7', title: 'Ansökan', direction: 'in', date: new Date('2026-12-07T10:00:00Z'), registeredBy: 'Rita' },
                status: { status: 'public', decidedBy: 'Rita', decidedAt: new Date('2026-12-07T09:30:00Z') },
                body: async () => raw,
              },
            ],
          },
        ],
      },
      dir,
    );
    const mets = join(pkg.path, 'METS.xml');
    const erms = join(pkg.path, 'metadata/descriptive/erms.xml');
    const original = readFileSync(mets, 'utf8');
    expect(violations(mets, [...CSIP_RULES, ...POSTVAKT_RULES])).toEqual([]);

    const breaches: [string, (xml: string) => string, string[]][] = [
      ['no OBJID', (x) => x.replace(/ OBJID="[^"]*"/, ''), ['CSIP1']],
      ['TYPE outside the vocabulary', (x) => x.replace('TYPE="Email"', 'TYPE="Electronic mail"'), ['CSIP2']],
      ['no PROFILE', (x) => x.replace(/ PROFILE="[^"]*"/, ''), ['CSIP6']],
      ['software note untyped', (x) => x.replace(' csip:NOTETYPE="SOFTWARE VERSION"', ''), ['CSIP16']],
      ['the metadata reference without checksum', (x) => x.replace(/(<mdRef [^>]*?) CHECKSUM="[0-9a-f]+"/, '$1'), ['CSIP29']],
      ['a file without checksum', (x) => x.replace(/(<file [^>]*?) CHECKSUM="[0-9a-f]+"/, '$1'), ['CSIP71']],
      ['MD5 for the metadata', (x) => x.replace('CHECKSUMTYPE="SHA-256"', 'CHECKSUMTYPE="MD5"'), ['sha256-metadata']],
      ['MD5 for a file', (x) => x.replace(/(<file [^>]*?)CHECKSUMTYPE="SHA-256"/, '$1CHECKSUMTYPE="MD5"'), ['sha256-files']],
      ['no Metadata division', (x) => x.replace('LABEL="Metadata"', 'LABEL="Meta"'), ['CSIP88', 'CSIP89']],
      ['Schemas division points elsewhere', (x) => x.replace('<fptr FILEID="grp-schemas"/>', '<fptr FILEID="grp-documentation"/>'), ['CSIP118']],
      ['content type other than ERMS 3.0', (x) => x.replace('csip:CONTENTINFORMATIONTYPE="citserms_v3_0"', 'csip:CONTENTINFORMATIONTYPE="citserms_v2_1"'), ['erms-v3']],
    ];
    for (const [what, breach, expected] of breaches) {
      const broken = breach(original);
      expect(broken, what).not.toBe(original);
      writeFileSync(mets, broken);
      expect(violations(mets, [...CSIP_RULES, ...POSTVAKT_RULES]), what).toEqual(expected);
    }

    const ermsText = readFileSync(erms, 'utf8');
    expect(violations(erms, ERMS_RULES)).toEqual([]);
    writeFileSync(erms, ermsText.replace(' otherAgentType="registrar"', ''));
    expect(violations(erms, ERMS_RULES)).toEqual(['otherAgentType']);
    writeFileSync(erms, ermsText.replace(/<addressContactInformation>[\s\S]*?<\/addressContactInformation>/, '<addressContactInformation/>'));
    expect(violations(erms, ERMS_RULES)).toEqual(['addressContactInformation']);
  });
});
