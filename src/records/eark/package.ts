/**
 * Writes one E-ARK information package (CSIP layout, CITS ERMS metadata) for a case or a period
 * (issue 18 item 3; BK-20: registered documents go to the archive, not to a mail client):
 *
 *   <objid>/METS.xml
 *   <objid>/metadata/descriptive/erms.xml
 *   <objid>/documentation/about-this-package.txt
 *   <objid>/schemas/{mets,xlink,DILCISExtensionMETS,ERMS_v3}.xsd
 *   <objid>/representations/rep1/data/0001/message.eml (+ attachments/…)
 *
 * Messages are read and written one at a time, each file streamed through SHA-256, so memory
 * does not grow with the size of the case. The package is built under a hidden ".partial" name
 * and renamed when complete, so a failed export never looks like a finished one.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { translate } from '../../i18n/catalog.ts';
import { parseEml } from '../../message/eml.ts';
import type { Message } from '../../message/types.ts';
import { buildErms, type WrittenRecord } from './erms.ts';
import { copyHashed, mediaType, safeFileName, uniqueNames, writeHashed, type PackageFile } from './files.ts';
import { buildMets } from './mets.ts';
import { messages } from './messages.ts';
import type { ExportInput, ExportRecord } from './model.ts';
import { buildDocument } from './xml.ts';

const SCHEMA_DIR = new URL('./schemas/', import.meta.url);
/** The schemas the package's XML follows, copied into `schemas/` (CSIP113, CSIPSTR15). */
export const PACKAGE_SCHEMAS = ['mets.xsd', 'xlink.xsd', 'DILCISExtensionMETS.xsd', 'ERMS_v3.xsd'] as const;
export const DATA_DIR = 'representations/rep1/data';

const SOFTWARE = {
  name: 'Postvakt',
  version: (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version,
};

export interface WrittenPackage {
  /** The package folder. */
  path: string;
  objid: string;
  records: number;
  /** Every file but METS.xml. */
  files: PackageFile[];
}

/** The package's name and OBJID (CSIP1): readable, unique per second, safe as a folder name. */
export function packageId(input: ExportInput): string {
  const scope = input.scope.kind === 'case' ? input.scope.caseNumber : `${input.scope.from}_${input.scope.to}`;
  const slug = scope.normalize('NFKD').replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  const stamp = DateTime.fromJSDate(input.createdAt, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'");
  return `postvakt-${slug || 'export'}-${stamp}`;
}

export async function writePackage(input: ExportInput, outDir: string): Promise<WrittenPackage> {
  const objid = packageId(input);
  const final = join(outDir, objid);
  const root = join(outDir, `.${objid}.partial`);
  await mkdir(root); // fails if an export of the same second is under way
  try {
    const written = await writeContent(input, root, objid);
    await rename(root, final);
    return { ...written, path: final };
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}

async function writeContent(input: ExportInput, root: string, objid: string): Promise<Omit<WrittenPackage, 'path'>> {
  const created = input.createdAt;
  let index = 0;
  const writeAll = async (records: ExportRecord[]) => {
    const out: WrittenRecord[] = [];
    for (const record of records) out.push(await writeRecord(root, `${DATA_DIR}/${String(++index).padStart(4, '0')}`, record));
    return out;
  };
  const cases: WrittenRecord[][] = [];
  for (const c of input.cases) cases.push(await writeAll(c.records));
  const unregistered = await writeAll(input.unregistered);
  const data = [...cases.flat(), ...unregistered].flatMap((w) => w.files);

  const software = `${SOFTWARE.name} ${SOFTWARE.version}`;
  const ermsXml = buildDocument(buildErms({ input, objid, software, cases, unregistered }));
  const erms = await writeHashed(root, 'metadata/descriptive/erms.xml', Buffer.from(ermsXml, 'utf8'), 'application/xml', created);
  const schemas: PackageFile[] = [];
  for (const name of PACKAGE_SCHEMAS) {
    schemas.push(await copyHashed(root, `schemas/${name}`, fileURLToPath(new URL(name, SCHEMA_DIR)), 'application/xml', created));
  }
  const documentation = [
    await writeHashed(root, 'documentation/about-this-package.txt', Buffer.from(documentationText(input, index, software), 'utf8'), 'text/plain', created),
  ];
  const label = input.scope.kind === 'case' ? input.scope.caseNumber : `${input.scope.from}/${input.scope.to}`;
  const metsXml = buildDocument(
    buildMets({
      objid,
      label: `${input.municipality.name}: ${label}`,
      createdAt: created,
      timeZone: input.timeZone,
      software: SOFTWARE,
      organisation: input.municipality.name,
      erms,
      documentation,
      schemas,
      data,
    }),
  );
  await writeHashed(root, 'METS.xml', Buffer.from(metsXml, 'utf8'), 'application/xml', created);
  return { objid, records: index, files: [erms, ...documentation, ...schemas, ...data] };
}

/** One record's folder: the stored bytes unchanged, then a copy of each attachment. */
async function writeRecord(root: string, folder: string, record: ExportRecord): Promise<WrittenRecord> {
  const raw = await record.body();
  if (!raw) return { record, files: [], to: [], cc: [] };
  const files = [await writeHashed(root, `${folder}/message.eml`, raw, 'message/rfc822', record.storedAt)];
  const message = await readable(raw);
  if (!message) return { record, files, to: [], cc: [] };
  const unique = uniqueNames();
  let n = 0;
  for (const a of message.attachments) {
    n++;
    if (!a.content) continue;
    const name = unique(safeFileName(a.filename, `attachment-${n}`));
    files.push(await writeHashed(root, `${folder}/attachments/${name}`, a.content, mediaType(a.contentType), record.storedAt));
  }
  return {
    record,
    files,
    ...(message.from ? { from: message.from } : {}),
    to: message.to,
    cc: message.cc,
    ...(message.date ? { date: message.date } : {}),
  };
}

/** The message parsed for its headers and attachments; one that cannot be read is still exported as stored. */
async function readable(raw: Buffer): Promise<Message | undefined> {
  try {
    return await parseEml(raw, { keepAttachmentContent: true, maxBytes: Number.MAX_SAFE_INTEGER });
  } catch {
    return undefined;
  }
}

function documentationText(input: ExportInput, records: number, software: string): string {
  const lang = input.municipality.language;
  const scope =
    input.scope.kind === 'case'
      ? translate(messages, lang, 'doc.scope.case', { caseNumber: input.scope.caseNumber })
      : translate(messages, lang, 'doc.scope.period', { from: input.scope.from, to: input.scope.to });
  const createdAt = DateTime.fromJSDate(input.createdAt, { zone: input.timeZone }).toISO({ suppressMilliseconds: true }) ?? '';
  const body = translate(messages, lang, 'doc.body', { software, organisation: input.municipality.name, created: createdAt, records });
  return `${translate(messages, lang, 'doc.title')}\n\n${scope}\n${body}\n`;
}
