/**
 * Requests tests: a store of either dialect, the Swedish or Danish sample's configuration, and
 * stored messages (queue items with their bytes) to ask for.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { extractPdfText } from '../../src/message/pdf.ts';
import { openStore, type DialectName } from '../../src/store/db.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { Config } from '../../src/config/schema.ts';
import { requestContext } from '../../src/requests/context.ts';
import { freshStoreUrl, type TestStore } from '../support/stores.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export function sampleConfig(country: 'se' | 'dk'): Config {
  return loadConfig(join(ROOT, `config/samples/${country}.yaml`)).config;
}

export function contextFor(store: TestStore, country: 'se' | 'dk') {
  return requestContext(sampleConfig(country), store.db);
}

/** A stored message as the queue keeps it: the item row and its exact bytes. */
export async function storeMessage(store: TestStore, id: string, raw: string): Promise<void> {
  const at = Date.parse('2026-11-30T09:00:00Z');
  await store.db
    .insertInto('queue_items')
    .values({
      id,
      channel: 'email',
      status: 'delivered',
      envelope: JSON.stringify({ from: 'x@example.org', to: ['y@example.org'] }),
      lang: 'sv',
      subject: '',
      message_id: null,
      origin_id: id,
      created_at: at,
      release_at: null,
      next_attempt_at: at,
      attempts: 1,
      lease_owner: null,
      lease_expires_at: null,
      decision: '{}',
      last_result: null,
      told: 0,
      updated_at: at,
    })
    .execute();
  await store.db.insertInto('queue_bodies').values({ item_id: id, raw: Buffer.from(raw.replace(/\r?\n/g, '\r\n')) }).execute();
}

/** A Swedish social-services letter to a citizen: name, personnummer, e-mail, phone and a health term. */
export const SE_LETTER = `From: Handläggare <handlaggare@exempelkommunen.se>
To: Anna Andersson <anna.andersson@example.se>
Subject: Ditt ärende om försörjningsstöd
Date: Mon, 30 Nov 2026 10:00:00 +0100
Message-ID: <se-letter-1@exempelkommunen.se>
Content-Type: text/plain; charset=utf-8

Hej Anna Andersson,

Vi har tagit emot din ansökan om försörjningsstöd. Ditt personnummer 19121212-1212 finns i akten.
Läkarintyget om din depression kom in den 25 november.
Du nås på 070-123 45 67 eller anna.andersson@example.se.

Vänliga hälsningar
Socialtjänsten, Exempelkommunen
`;

/** A Danish letter from the job centre to a citizen. */
export const DK_LETTER = `From: Sagsbehandler <sagsbehandler@eksempel-kommune.dk>
To: Jens Hansen <jens.hansen@example.dk>
Subject: Din sag om sygedagpenge
Date: Mon, 30 Nov 2026 10:00:00 +0100
Message-ID: <dk-letter-1@eksempel-kommune.dk>
Content-Type: text/plain; charset=utf-8

Kære Jens Hansen,

Vi har modtaget din lægeerklæring. Dit CPR-nummer 070761-4285 står i sagen.
Ring til os på 12 34 56 78, hvis du har spørgsmål. Mødet om din sygemelding er flyttet.

Med venlig hilsen
Jobcenter, Eksempel Kommune
`;

/** A CLI setup for one country: the sample with a fresh store and register key, as a config file. */
export async function cliSetup(country: 'se' | 'dk', dialect: DialectName = 'sqlite', extra: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'postvakt-requests-'));
  const fresh = freshStoreUrl(dialect);
  const config = parse(readFileSync(join(ROOT, `config/samples/${country}.yaml`), 'utf8')) as Record<string, unknown>;
  Object.assign(config, { store: { url: fresh.url }, register: { keys: { file: join(dir, 'register.key') } }, ...extra });
  delete config.web;
  delete config.digitalPost;
  const configPath = join(dir, 'postvakt.yaml');
  writeFileSync(configPath, stringify(config));
  const store = { ...(await openStore(fresh.url)), dispose: async () => undefined } as TestStore;
  return {
    dir,
    configPath,
    store,
    cli: (args: string[], env: Record<string, string> = {}) => runCli([...args, '--config', configPath], env, dir),
    cleanup: async () => {
      await store.close();
      await fresh.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const BIN = join(ROOT, 'bin/postvakt.js');
const execFileAsync = promisify(execFile);

export async function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, timeout: 60_000, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The text of a PDF as pdf.js reads it (the loader the message module uses) and as poppler's pdftotext does. */
export async function pdfTexts(file: string): Promise<{ pdfjs: string; pdftotext: string }> {
  const fromPdfjs = await extractPdfText(readFileSync(file));
  const { stdout } = await execFileAsync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  return { pdfjs: fromPdfjs.text ?? '', pdftotext: stdout };
}
