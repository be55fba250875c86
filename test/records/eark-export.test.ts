/**
 * `postvakt records export` as a user runs it (issue 18 item 3), on SQLite and PostgreSQL and
 * with the Danish and the Swedish sample: documents spooled in and out with real-shaped mail,
 * record status and registrations as the records module stores them, then the CLI writes the
 * package, and the package is checked from outside (xmllint, CSIP and ERMS rules, checksums,
 * the stored bytes unchanged). A period export leaves out what a person decided is not a public
 * document, and keeps unregistered documents in an aggregation of their own.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock/clock.ts';
import { recordInbound } from '../../src/inbound/service.ts';
import { Queue, type NewItem } from '../../src/queue/queue.ts';
import { documentOriginal } from '../../src/records/documents.ts';
import { insertRegistration, insertStatusEvent } from '../../src/records/store.ts';
import { openStore } from '../../src/store/db.ts';
import { spawnCli } from '../calendar/run-cli.ts';
import { DIALECTS, freshStoreUrl } from '../support/stores.ts';
import { CSIP_RULES, ERMS_RULES, ERMS_XSD, METS_CSIP_XSD, POSTVAKT_RULES, checksumProblems, violations, xmllintSchema } from './eark-support.ts';

const FIXTURES = new URL('../fixtures/messages/', import.meta.url);
const NOW = '2026-12-14T10:00:00Z';
const AT = new Date('2026-12-07T09:00:00Z');
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

const SAMPLES = {
  dk: {
    caseNumber: '27.12.08-P20-1-26',
    classification: '27.12.08',
    in: '01-plain-utf8-da.eml',
    out: '06-attachments-da.eml',
    secretGround: 'dk-offl-30-1',
    from: 'borger@example.dk',
    own: 'sagsbehandler@eksempel-kommune.dk',
  },
  se: {
    caseNumber: 'KS 2026/123',
    classification: '5',
    in: '08-reply-quoted-sv.eml',
    out: '04-alternative-sv.eml',
    secretGround: 'se-osl-26-1',
    from: 'per.lindqvist@example.se',
    own: 'handlaggare@exempelkommunen.se',
  },
} as const;

function item(channel: 'email' | 'inbound', raw: Buffer, originId: string, direction: 'in' | 'out', from: string, to: string): NewItem {
  return { channel, status: 'queued', raw, envelope: { from, to: [to] }, lang: 'da', subject: `Emne ${originId}`, originId, decision: { direction, verdict: 'deliver' } };
}

describe.each(DIALECTS)('postvakt records export on %s', (dialect) => {
  for (const country of ['dk', 'se'] as const) {
    it(`${country.toUpperCase()} sample: a case with in and out messages, and a period`, async () => {
      const sample = SAMPLES[country];
      const { url, cleanup } = freshStoreUrl(dialect);
      const dir = mkdtempSync(join(tmpdir(), 'postvakt-export-'));
      cleanups.push(async () => {
        await cleanup();
        rmSync(dir, { recursive: true, force: true });
      });
      const store = await openStore(url);
      const queue = new Queue(store.db, fixedClock(AT), { leaseMs: 60_000, retrySchedule: [60_000] });
      const inRaw = readFileSync(new URL(sample.in, FIXTURES));
      const outRaw = readFileSync(new URL(sample.out, FIXTURES));
      const privateRaw = Buffer.from(`From: ${sample.own}\r\nTo: ven@example.org\r\nSubject: Fredag\r\n\r\nSes vi?\r\n`);
      const [inId] = await queue.enqueue([item('inbound', inRaw, 'o-in', 'in', sample.from, sample.own)]);
      const [outId] = await queue.enqueue([item('email', outRaw, 'o-out', 'out', sample.own, sample.from)]);
      const [privateId] = await queue.enqueue([item('email', privateRaw, 'o-private', 'out', sample.own, 'ven@example.org')]);
      // Journaled mail: registered, but Postvakt keeps no bytes of it.
      await store.db.transaction().execute((trx) =>
        recordInbound(trx, {
          kind: 'accept',
          originId: 'j1',
          items: [],
          direction: 'in',
          inbound: { id: 'j1', receivedAt: new Date(AT.getTime() + 60_000), sender: sample.from, recipients: [sample.own], messageId: '<j1@example>', subject: 'Rykker', size: 10, automatic: false, sensitive: [], queueId: null },
          waiting: [],
        }),
      );
      const decided = { at: new Date(AT.getTime() + 3_600_000), kind: 'decided' as const, actor: 'registrar' };
      await insertStatusEvent(store.db, { ...decided, documentId: inId!, status: 'public', ground: null });
      await insertStatusEvent(store.db, { ...decided, documentId: outId!, status: 'secret', ground: sample.secretGround });
      await insertStatusEvent(store.db, { ...decided, documentId: privateId!, status: 'not-public', ground: 'bk19-private' });
      const registration = { at: new Date(AT.getTime() + 7_200_000), caseNumber: sample.caseNumber, classification: sample.classification, documentDate: AT, registrar: 'registrar', via: 'cli' as const };
      await insertRegistration(store.db, { ...registration, documentId: inId!, title: 'Henvendelse', direction: 'in' });
      await insertRegistration(store.db, { ...registration, documentId: outId!, title: 'Afgørelse', direction: 'out' });
      await insertRegistration(store.db, { ...registration, documentId: 'j1', title: 'Rykker', direction: 'in' });
      const stored = [(await documentOriginal(store.db, inId!))!, (await documentOriginal(store.db, outId!))!];
      await store.close();

      const config = join(dir, 'postvakt.yaml');
      writeFileSync(config, `extends: ${country}\nstore:\n  url: "${url}"\n`);
      const run = async (args: string[]) => {
        const r = await spawnCli(['records', 'export', ...args, '--out', join(dir, 'out'), '--config', config, '--json'], { POSTVAKT_NOW: NOW });
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as { path: string; records: number; files: number };
      };

      const byCase = await run(['--case', sample.caseNumber]);
      expect(byCase.records).toBe(3);
      const check = (root: string) => {
        const mets = join(root, 'METS.xml');
        const erms = join(root, 'metadata/descriptive/erms.xml');
        expect(xmllintSchema(METS_CSIP_XSD, mets)).toEqual({ ok: true, output: `${mets} validates` });
        expect(xmllintSchema(ERMS_XSD, erms)).toEqual({ ok: true, output: `${erms} validates` });
        expect(violations(mets, [...CSIP_RULES, ...POSTVAKT_RULES])).toEqual([]);
        expect(violations(erms, ERMS_RULES)).toEqual([]);
        expect(checksumProblems(root)).toEqual([]);
        return readFileSync(erms, 'utf8');
      };
      const caseErms = check(byCase.path);
      // Registration order: the two stored messages, then the journaled one (no file, a note).
      expect(readFileSync(join(byCase.path, 'representations/rep1/data/0001/message.eml')).equals(stored[0]!)).toBe(true);
      expect(readFileSync(join(byCase.path, 'representations/rep1/data/0002/message.eml')).equals(stored[1]!)).toBe(true);
      expect(caseErms).toContain('<note noteType="original">Postvakt keeps no copy of this message (journal mode)');
      expect(caseErms).toMatch(/<restriction restrictionType="confidential">\s*<regulation>(OSL|Offentlighedsloven)/);
      expect(caseErms).toContain(`classificationCode="${sample.classification}"`);

      const period = await run(['--from', '2026-12-01', '--to', '2026-12-31']);
      const periodErms = check(period.path);
      expect(period.records).toBe(3); // the private mail is left out
      expect(periodErms).not.toContain('Fredag');
      expect(periodErms).toContain(`<objectId>${sample.caseNumber}</objectId>`);

      const refused = await spawnCli(['records', 'export', '--case', 'KS 1999/1', '--from', '2026-12-01', '--out', dir, '--config', config]);
      expect(refused.code).toBe(2);
    }, 60_000);
  }
});
