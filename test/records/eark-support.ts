/**
 * Checks an E-ARK package from outside, as an archive would: xmllint against the vendored
 * schemas, the CSIP rules no XSD states (XPath over METS.xml, requirement ids as in the E-ARK
 * CSIP METS profile 2.2), the CITS ERMS Schematron's co-occurrence rules (libxml2 cannot compile
 * erms_v3.sch itself) and every listed file's size and SHA-256 against the disk.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SCHEMAS = join(REPO, 'src/records/eark/schemas');
export const METS_CSIP_XSD = join(REPO, 'test/fixtures/standards/mets-csip.xsd');
export const ERMS_XSD = join(SCHEMAS, 'ERMS_v3.xsd');
export const CSIP_EXAMPLE = join(REPO, 'test/fixtures/standards/csip-minimal-example/METS.xml');

export interface Lint {
  ok: boolean;
  /** xmllint's own words (it reports on stderr). */
  output: string;
}

/** `xmllint --noout --nonet --schema XSD FILE`, imports resolved offline through the catalog. */
export function xmllintSchema(xsd: string, file: string): Lint {
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', xsd, file], {
    encoding: 'utf8',
    env: { ...process.env, XML_CATALOG_FILES: join(SCHEMAS, 'catalog.xml') },
  });
  if (run.error) throw run.error;
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}

/** The string value of one XPath 1.0 expression over a file, by xmllint. */
function xpath(file: string, expression: string): string {
  const run = spawnSync('xmllint', ['--nonet', '--xpath', expression, file], { encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`xmllint --xpath ${expression}: ${run.stderr}`);
  return run.stdout.trim();
}

const NS = {
  mets: 'http://www.loc.gov/METS/',
  csip: 'https://DILCIS.eu/XML/METS/CSIPExtensionMETS',
  xlink: 'http://www.w3.org/1999/xlink',
};
/** An element or attribute of a namespace, for xmllint's XPath (which cannot bind prefixes). */
const e = (name: string) => `*[local-name()='${name}' and namespace-uri()='${NS.mets}']`;
const a = (ns: 'csip' | 'xlink', name: string) => `@*[local-name()='${name}' and namespace-uri()='${NS[ns]}']`;
const has = (attribute: string) => `string-length(normalize-space(${attribute}))>0`;

const METS = `/${e('mets')}`;
const HDR = `${METS}/${e('metsHdr')}`;
const FILE = `${METS}/${e('fileSec')}//${e('file')}`;
const MDREF = `${METS}/${e('dmdSec')}/${e('mdRef')}`;
// The CSIP structMap is the one labelled "CSIP" (CSIP82); without one, the only structMap, so a
// wrong label is reported once and not again by every rule below it.
const SM = `(${METS}/${e('structMap')}[@LABEL='CSIP'] | ${METS}/${e('structMap')}[not(../${e('structMap')}[@LABEL='CSIP'])])[1]`;
const DIV = `${SM}/${e('div')}`;
const SUB = (label: string) => `${DIV}/${e('div')}[@LABEL='${label}']`;
const GROUP = (use: string) => `${METS}/${e('fileSec')}/${e('fileGrp')}[@USE='${use}']`;

/** The CSIP content category vocabulary (CSIPVocabularyContentCategory.xml) values of mets/@TYPE. */
const CONTENT_CATEGORIES = [
  'Textual works – Print', 'Textual works – Digital', 'Textual works – Electronic Serials',
  'Digital Musical Composition (score-based representations)', 'Musical Scores - Print', 'Musical Scores - Digital',
  'Photographs – Print', 'Photographs – Digital', 'Other Graphic Images – Print', 'Other Graphic Images – Digital',
  'Microforms', 'Audio – On Tangible Medium (digital or analog)', 'Audio – Media-independent (digital)',
  'Motion Pictures – Digital and Physical Media', 'Video – File-based and Physical Media', 'Software',
  'Software and Video Games', 'Email', 'Datasets', 'Geospatial Data', 'Geographic Information System (GIS) - Vector Data',
  'GIS Raster and Georeferenced Images', 'GIS Vector and Raster Combined', 'Non-GIS Cartographic',
  '2D and 3D Computer Aided Design', 'Design (schematics, architectural drawings) - Print',
  'Scanned 3D Objects (output from photogrammetry scanning)', 'Databases', 'Websites', 'Web Archives', 'Collection',
  'Event', 'Image', 'Interactive resource', 'Moving image', 'Sound', 'Still image', 'Text', 'Physical object',
  'Service', 'Mixed', 'Other', 'OTHER',
];

/** [requirement id, XPath that must be true]. MUST requirements of the CSIP METS profile 2.2. */
export const CSIP_RULES: [string, string][] = [
  ['CSIP1', has(`${METS}/@OBJID`)],
  ['CSIP2', `${CONTENT_CATEGORIES.map((c) => `${METS}/@TYPE='${c}'`).join(' or ')}`],
  ['CSIP3', `${METS}/@TYPE!='OTHER' or ${has(`${METS}/${a('csip', 'OTHERTYPE')}`)}`],
  ['CSIP6', has(`${METS}/@PROFILE`)],
  ['CSIP117', `count(${HDR})=1`],
  ['CSIP7', has(`${HDR}/@CREATEDATE`)],
  ['CSIP9', has(`${HDR}/${a('csip', 'OAISPACKAGETYPE')}`)],
  ['CSIP10', `count(${HDR}/${e('agent')})>=1`],
  ['CSIP11', `count(${HDR}/${e('agent')}[@ROLE='CREATOR' and @TYPE='OTHER' and @OTHERTYPE='SOFTWARE'])=1`],
  ['CSIP14', `count(${HDR}/${e('agent')}[@OTHERTYPE='SOFTWARE']/${e('name')})=1`],
  ['CSIP15', `count(${HDR}/${e('agent')}[@OTHERTYPE='SOFTWARE']/${e('note')})=1`],
  ['CSIP16', `${HDR}/${e('agent')}[@OTHERTYPE='SOFTWARE']/${e('note')}/${a('csip', 'NOTETYPE')}='SOFTWARE VERSION'`],
  ['CSIP18', `not(${METS}/${e('dmdSec')}[not(@ID)])`],
  ['CSIP19', `not(${METS}/${e('dmdSec')}[not(@CREATED)])`],
  ['CSIP22', `not(${MDREF}[not(@LOCTYPE='URL')])`],
  ['CSIP23', `not(${MDREF}[not(${a('xlink', 'type')}='simple')])`],
  ['CSIP24', `not(${MDREF}[not(${has(a('xlink', 'href'))})])`],
  ['CSIP25', `not(${MDREF}[not(@MDTYPE)])`],
  ['CSIP26', `not(${MDREF}[not(@MIMETYPE)])`],
  ['CSIP27', `not(${MDREF}[not(@SIZE)])`],
  ['CSIP28', `not(${MDREF}[not(@CREATED)])`],
  ['CSIP29', `not(${MDREF}[not(@CHECKSUM)])`],
  ['CSIP30', `not(${MDREF}[not(@CHECKSUMTYPE)])`],
  ['CSIP59', `not(${METS}/${e('fileSec')}[not(@ID)])`],
  ['CSIP60', `count(${GROUP('Documentation')})>=1`],
  ['CSIP113', `count(${GROUP('Schemas')})>=1`],
  ['CSIP114', `count(${METS}/${e('fileSec')}/${e('fileGrp')}[starts-with(@USE,'Representations')])>=1`],
  ['CSIP64', `not(${METS}/${e('fileSec')}//${e('fileGrp')}[not(@USE)])`],
  ['CSIP65', `not(${METS}/${e('fileSec')}//${e('fileGrp')}[not(@ID)])`],
  ['CSIP66', `not(${METS}/${e('fileSec')}/${e('fileGrp')}[not(.//${e('file')})])`],
  ['CSIP67', `not(${FILE}[not(@ID)])`],
  ['CSIP68', `not(${FILE}[not(@MIMETYPE)])`],
  ['CSIP69', `not(${FILE}[not(@SIZE)])`],
  ['CSIP70', `not(${FILE}[not(@CREATED)])`],
  ['CSIP71', `not(${FILE}[not(@CHECKSUM)])`],
  ['CSIP72', `not(${FILE}[not(@CHECKSUMTYPE)])`],
  ['CSIP76', `not(${FILE}[count(${e('FLocat')})!=1])`],
  ['CSIP77', `not(${FILE}/${e('FLocat')}[not(@LOCTYPE='URL')])`],
  ['CSIP78', `not(${FILE}/${e('FLocat')}[not(${a('xlink', 'type')}='simple')])`],
  ['CSIP79', `not(${FILE}/${e('FLocat')}[not(${has(a('xlink', 'href'))})])`],
  ['CSIP80', `count(${METS}/${e('structMap')})>=1`],
  ['CSIP81', `${SM}/@TYPE='PHYSICAL'`],
  ['CSIP82', `count(${METS}/${e('structMap')}[@LABEL='CSIP'])=1`],
  ['CSIP83', has(`${SM}/@ID`)],
  ['CSIP84', `count(${DIV})=1`],
  ['CSIP85', has(`${DIV}/@ID`)],
  ['CSIP88', `count(${SUB('Metadata')})=1`],
  ['CSIP89', has(`${SUB('Metadata')}/@ID`)],
  ['CSIP94', `not(${SUB('Documentation')}[not(@ID)])`],
  ['CSIP116', `not(${SUB('Documentation')}/${e('fptr')}[not(@FILEID=${GROUP('Documentation')}/@ID)])`],
  ['CSIP98', `not(${SUB('Schemas')}[not(@ID)])`],
  ['CSIP118', `not(${SUB('Schemas')}/${e('fptr')}[not(@FILEID=${GROUP('Schemas')}/@ID)])`],
  ['CSIP102', `not(${SUB('Representations')}[not(@ID)])`],
  [
    'CSIP119',
    `not(${SUB('Representations')}/${e('fptr')}[not(@FILEID=${METS}/${e('fileSec')}/${e('fileGrp')}[starts-with(@USE,'Representations')]/@ID)])`,
  ],
  ['CSIP106', `not(${DIV}/${e('div')}[not(@ID)])`],
  ['CSIP109', `not(${DIV}/${e('div')}[starts-with(@LABEL,'Representations/')][count(${e('mptr')})!=1])`],
  ['CSIP108', `not(${DIV}/${e('div')}[starts-with(@LABEL,'Representations/')]/${e('mptr')}[not(${has(a('xlink', 'title'))})])`],
  ['CSIP110', `not(${DIV}/${e('div')}[starts-with(@LABEL,'Representations/')]/${e('mptr')}[not(${has(a('xlink', 'href'))})])`],
  ['CSIP111', `not(${DIV}/${e('div')}[starts-with(@LABEL,'Representations/')]/${e('mptr')}[not(${a('xlink', 'type')}='simple')])`],
  ['CSIP112', `not(${DIV}/${e('div')}[starts-with(@LABEL,'Representations/')]/${e('mptr')}[not(@LOCTYPE='URL')])`],
];

/** Postvakt's own, stricter than CSIP: every checksum is SHA-256, and the content type is ERMS 3.0. */
export const POSTVAKT_RULES: [string, string][] = [
  ['sha256-files', `not(${FILE}[@CHECKSUMTYPE!='SHA-256'])`],
  ['sha256-metadata', `not(${MDREF}[@CHECKSUMTYPE!='SHA-256'])`],
  ['erms-v3', `${METS}/${a('csip', 'CONTENTINFORMATIONTYPE')}='citserms_v3_0'`],
];

/** The ids of the rules whose XPath is false for the file (all rules in one xmllint run). */
export function violations(file: string, rules: [string, string][]): string[] {
  const answers = xpath(file, `concat(${rules.map(([, x]) => `string(boolean(${x}))`).join(", '|', ")}, '')`).split('|');
  if (answers.length !== rules.length || answers.some((v) => v !== 'true' && v !== 'false')) throw new Error(`xmllint: ${answers.join('|')}`);
  return rules.filter((_, i) => answers[i] === 'false').map(([id]) => id);
}

const ERMS = 'https://DILCIS.eu/XML/ERMS';
const any = (attribute: string, value: string, needs: string) =>
  `not(//*[@${attribute}='${value}' and string-length(normalize-space(@${needs}))=0])`;

/** The co-occurrence rules of erms_v3.sch (CITS ERMS 3.0), as XPath 1.0. */
export const ERMS_RULES: [string, string][] = [
  ['otherAggregationType', any('aggregationType', 'own_aggregation_definition', 'otherAggregationType')],
  ['otherDateType', any('dateType', 'other', 'otherDateType')],
  ['otherDirectionDefinition', any('directionDefinition', 'other', 'otherDirectionDefinition')],
  ['otherAddressLineType', any('addressType', 'other', 'otherAddressLineType')],
  ['otherContactLineType', any('contactType', 'other', 'otherContactLineType')],
  ['otherAgentType', any('agentType', 'other', 'otherAgentType')],
  ['otherDisposalDateType', `not(//*[local-name()='disposalDate' and @dateType='other_date' and string-length(normalize-space(@otherDisposalDateType))=0])`],
  ['otherRestrictionType', any('restrictionType', 'other_type', 'otherRestrictionType')],
  ['otherRelationType', any('relationType', 'own_relation_definition', 'otherRelationType')],
  ['addressContactInformation', `not(//*[local-name()='addressContactInformation' and namespace-uri()='${ERMS}'][not(*)])`],
  // The Schematron names the attribute "otherclassificationSchemaStatus"; the XSD declares this one.
  ['otherClassificationSchemaStatus', any('classificationSchemaStatus', 'other', 'otherClassificationSchemaStatus')],
];

export interface ListedFile {
  href: string;
  size: number;
  checksum: string;
  checksumType: string;
}

/** Every file METS.xml lists (fileSec and dmdSec), read with xmllint so no project code is trusted. */
export function listedFiles(mets: string): ListedFile[] {
  const values = (nodes: string, attribute: string): string[] => {
    const list = xpath(mets, `${nodes}/${attribute}`);
    return [...list.matchAll(/="([^"]*)"/g)].map((m) => m[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  };
  const out: ListedFile[] = [];
  for (const [nodes, locator] of [
    [FILE, `${e('FLocat')}/${a('xlink', 'href')}`],
    [MDREF, a('xlink', 'href')],
  ] as const) {
    const hrefs = values(nodes, locator);
    const sizes = values(nodes, '@SIZE');
    const sums = values(nodes, '@CHECKSUM');
    const types = values(nodes, '@CHECKSUMTYPE');
    if (new Set([hrefs.length, sizes.length, sums.length, types.length]).size !== 1) throw new Error(`${mets}: a file lacks href, SIZE or CHECKSUM`);
    hrefs.forEach((href, i) => out.push({ href, size: Number(sizes[i]), checksum: sums[i]!, checksumType: types[i]! }));
  }
  return out;
}

/** Problems with the files against METS: wrong size or SHA-256, missing, or on disk and not listed. */
export function checksumProblems(root: string): string[] {
  const problems: string[] = [];
  const listed = listedFiles(join(root, 'METS.xml'));
  const seen = new Set<string>();
  for (const f of listed) {
    const path = f.href.split('/').map(decodeURIComponent).join('/');
    seen.add(path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(root, path));
    } catch {
      problems.push(`missing: ${path}`);
      continue;
    }
    if (bytes.length !== f.size) problems.push(`size: ${path}`);
    if (f.checksumType !== 'SHA-256' || createHash('sha256').update(bytes).digest('hex') !== f.checksum.toLowerCase()) {
      problems.push(`checksum: ${path}`);
    }
  }
  for (const path of filesUnder(root)) if (path !== 'METS.xml' && !seen.has(path)) problems.push(`not listed: ${path}`);
  return problems;
}

export function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** The package as a tree, for reports: one line per file with its size. */
export function tree(root: string): string {
  return filesUnder(root)
    .map((p) => `${p}  (${statSync(join(root, p)).size} bytes)`)
    .join('\n');
}
