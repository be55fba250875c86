/**
 * The export from outside (issue 18 item 3): a real `postvakt serve` with the DK sample, a
 * citizen's mail with an attachment through the inbound door (swaks as the sender on the
 * internet, Postfix's smtp-sink as the internal mail system) and a case worker's answer through
 * the relay (to an smtp-server sink as smart host). The registrar decides their status and
 * registers them with `postvakt records classify` and `register`; then `postvakt records export`
 * writes the case, and the package holds both messages exactly as Postvakt spooled them and
 * validates, with the registrar's title, KLE number and the secret answer's provision.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentOriginal, listDocuments, type RecordDocument } from '../../src/records/documents.ts';
import { openStore } from '../../src/store/db.ts';
import { cli, swaks, waitFor } from '../gateway/harness.ts';
import { serveWithInbound, type InboundServe } from '../inbound/support.ts';
import { CSIP_RULES, ERMS_RULES, ERMS_XSD, METS_CSIP_XSD, POSTVAKT_RULES, checksumProblems, violations, xmllintSchema } from './eark-support.ts';

const TUESDAY_MORNING = '2026-12-01T10:00:00+01:00';
const CASE = '27.12.08-P20-4-26';
const ANSWER = new URL('../fixtures/messages/06-attachments-da.eml', import.meta.url);

let env: InboundServe | undefined;

beforeAll(async () => void (env = await serveWithInbound({ env: { POSTVAKT_NOW: TUESDAY_MORNING } })), 180_000);
afterAll(async () => env?.stop());

describe('records export after real mail in and out', () => {
  it('exports the case with both messages unchanged, valid METS/CSIP and CITS ERMS, checksums right', async () => {
    const { internal, outbound, s, inboundPort } = env!;
    const citizen = await swaks(inboundPort, [
      '--from', 'borger@example.dk',
      '--to', 'jobcenter@eksempel-kommune.dk',
      '--header', 'Subject: Ansøgning om boligstøtte',
      '--header', 'Message-Id: <ansoegning-1@example.dk>',
      '--body', 'Hermed min ansøgning. Lønsedlen er vedlagt.',
      '--attach-type', 'application/pdf',
      '--attach-name', 'lønseddel november.pdf',
      '--attach', '%PDF-1.4 lønseddel',
    ]);
    expect(citizen.output).toMatch(/250 2\.0\.0/);
    await waitFor(() => internal.messages().find((m) => m.raw.includes('ansoegning-1')), 30_000);

    const answer = await swaks(s.smtpPort, ['--from', 'sagsbehandler@eksempel-kommune.dk', '--to', 'borger@example.dk', '--data', ANSWER.pathname]);
    expect(answer.output).toMatch(/250 2\.0\.0/);
    await waitFor(() => outbound.messages.find((m) => m.raw.includes('bilag-0412')), 30_000);

    // The registrar decides and registers with the records CLI.
    const store = await openStore(s.storeUrl, { migrate: false });
    const docs = await listDocuments(store.db).finally(() => store.close());
    expect(docs.map((d) => d.direction)).toEqual(['in', 'out']);
    const [citizenDoc, answerDoc] = docs as [RecordDocument, RecordDocument];
    const records = async (args: string[]) => {
      const r = await cli(s, ['records', ...args], { POSTVAKT_NOW: TUESDAY_MORNING });
      expect(r.code, r.stderr).toBe(0);
    };
    await records(['classify', citizenDoc.id, '--status', 'public', '--actor', 'lone.journal']);
    await records(['classify', answerDoc.id, '--status', 'secret', '--ground', 'dk-offl-30-1', '--actor', 'lone.journal']);
    await records(['register', citizenDoc.id, '--case', CASE, '--title', 'Ansøgning om boligstøtte', '--classification', '27.12.08', '--registrar', 'lone.journal']);
    await records(['register', answerDoc.id, '--case', CASE, '--title', 'Afgørelse om boligstøtte', '--classification', '27.12.08', '--registrar', 'lone.journal']);
    const reopened = await openStore(s.storeUrl, { migrate: false });
    const stored = await Promise.all(docs.map(async (d) => (await documentOriginal(reopened.db, d.id))!)).finally(() => reopened.close());

    const out = await cli(s, ['records', 'export', '--case', CASE, '--out', join(s.dir, 'export'), '--json'], { POSTVAKT_NOW: TUESDAY_MORNING });
    expect(out.code, out.stderr).toBe(0);
    const pkg = JSON.parse(out.stdout) as { path: string; records: number };
    expect(pkg.records).toBe(2);
    const mets = join(pkg.path, 'METS.xml');
    const erms = join(pkg.path, 'metadata/descriptive/erms.xml');
    expect(xmllintSchema(METS_CSIP_XSD, mets)).toEqual({ ok: true, output: `${mets} validates` });
    expect(xmllintSchema(ERMS_XSD, erms)).toEqual({ ok: true, output: `${erms} validates` });
    expect(violations(mets, [...CSIP_RULES, ...POSTVAKT_RULES])).toEqual([]);
    expect(violations(erms, ERMS_RULES)).toEqual([]);
    expect(checksumProblems(pkg.path)).toEqual([]);

    const inEml = readFileSync(join(pkg.path, 'representations/rep1/data/0001/message.eml'));
    const outEml = readFileSync(join(pkg.path, 'representations/rep1/data/0002/message.eml'));
    expect(inEml.equals(stored[0]!)).toBe(true);
    expect(outEml.equals(stored[1]!)).toBe(true);
    expect(inEml.toString()).toContain('Message-Id: <ansoegning-1@example.dk>');
    expect(readFileSync(join(pkg.path, 'representations/rep1/data/0001/attachments/lønseddel november.pdf'), 'utf8')).toContain('%PDF-1.4 lønseddel');
    const ermsText = readFileSync(erms, 'utf8');
    expect(ermsText).toContain('<title>Ansøgning om boligstøtte</title>');
    expect(ermsText).toMatch(/<restriction restrictionType="confidential">\s*<regulation>Offentlighedsloven § 30, nr. 1/);
    expect(ermsText).toContain('<classification classificationCode="27.12.08">27.12.08</classification>');
  }, 120_000);
});
