/**
 * `METS.xml` of the package, following the E-ARK CSIP METS profile 2.x (requirement numbers in
 * the comments). One METS document lists every other file of the package with its size, media
 * type and SHA-256; the content lies under `representations/rep1/data`, listed in one file group
 * and pointed to by the structMap's "Representations" division, as in the profile's
 * Appendix 1 (a package whose representation has no METS of its own).
 */
import { DateTime } from 'luxon';
import { href, type PackageFile } from './files.ts';
import { attr, type XmlNode } from './xml.ts';

export const CSIP_PROFILE = 'https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml';
export const CONTENT_INFORMATION_TYPE = 'citserms_v3_0';
/** From the CSIP content category vocabulary: the content is e-mail with its attachments. */
export const CONTENT_CATEGORY = 'Email';
export const DATA_USE = 'Representations/rep1/data';

export interface MetsInput {
  objid: string;
  label: string;
  createdAt: Date;
  timeZone: string;
  software: { name: string; version: string };
  /** The organisation whose records these are (the archival creator). */
  organisation: string;
  erms: PackageFile;
  documentation: PackageFile[];
  schemas: PackageFile[];
  data: PackageFile[];
}

export function buildMets(m: MetsInput): XmlNode {
  const when = (d: Date) => DateTime.fromJSDate(d, { zone: m.timeZone }).toISO({ suppressMilliseconds: true }) ?? d.toISOString();
  let n = 0;
  const file = (f: PackageFile): XmlNode => ({
    '@ID': `file-${String(++n).padStart(5, '0')}`, // CSIP67
    '@MIMETYPE': attr(f.mimetype), // CSIP68
    '@SIZE': String(f.size), // CSIP69
    '@CREATED': when(f.created), // CSIP70
    '@CHECKSUM': f.sha256, // CSIP71
    '@CHECKSUMTYPE': 'SHA-256', // CSIP72
    FLocat: { '@LOCTYPE': 'URL', '@xlink:type': 'simple', '@xlink:href': attr(href(f.path)) }, // CSIP76-79
  });
  return {
    mets: {
      '@xmlns': 'http://www.loc.gov/METS/',
      '@xmlns:xlink': 'http://www.w3.org/1999/xlink',
      '@xmlns:csip': 'https://DILCIS.eu/XML/METS/CSIPExtensionMETS',
      '@xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@xsi:schemaLocation':
        'http://www.loc.gov/METS/ schemas/mets.xsd http://www.w3.org/1999/xlink schemas/xlink.xsd ' +
        'https://DILCIS.eu/XML/METS/CSIPExtensionMETS schemas/DILCISExtensionMETS.xsd',
      '@OBJID': attr(m.objid), // CSIP1: the package folder's name
      '@LABEL': attr(m.label),
      '@TYPE': CONTENT_CATEGORY, // CSIP2
      '@csip:CONTENTINFORMATIONTYPE': CONTENT_INFORMATION_TYPE, // CSIP4
      '@PROFILE': CSIP_PROFILE, // CSIP6
      metsHdr: {
        '@CREATEDATE': when(m.createdAt), // CSIP7
        '@RECORDSTATUS': 'NEW',
        '@csip:OAISPACKAGETYPE': 'SIP', // CSIP9
        agent: [
          {
            // CSIP10-16: the software that made the package.
            '@ROLE': 'CREATOR',
            '@TYPE': 'OTHER',
            '@OTHERTYPE': 'SOFTWARE',
            name: attr(m.software.name),
            note: { '@csip:NOTETYPE': 'SOFTWARE VERSION', '#text': attr(m.software.version) },
          },
          { '@ROLE': 'ARCHIVIST', '@TYPE': 'ORGANIZATION', name: attr(m.organisation) },
        ],
      },
      dmdSec: {
        '@ID': 'dmd-erms', // CSIP18
        '@CREATED': when(m.erms.created), // CSIP19
        '@STATUS': 'CURRENT', // CSIP20
        mdRef: {
          '@LOCTYPE': 'URL', // CSIP22
          '@xlink:type': 'simple', // CSIP23
          '@xlink:href': href(m.erms.path), // CSIP24
          '@MDTYPE': 'OTHER', // CSIP25: ERMS is not in METS's list
          '@OTHERMDTYPE': 'ERMS',
          '@MDTYPEVERSION': '3.0',
          '@MIMETYPE': m.erms.mimetype, // CSIP26
          '@SIZE': String(m.erms.size), // CSIP27
          '@CREATED': when(m.erms.created), // CSIP28
          '@CHECKSUM': m.erms.sha256, // CSIP29
          '@CHECKSUMTYPE': 'SHA-256', // CSIP30
        },
      },
      fileSec: {
        '@ID': 'filesec', // CSIP59
        fileGrp: [
          { '@ID': 'grp-documentation', '@USE': 'Documentation', file: m.documentation.map(file) }, // CSIP60
          { '@ID': 'grp-schemas', '@USE': 'Schemas', file: m.schemas.map(file) }, // CSIP113
          {
            '@ID': 'grp-rep1', // CSIP114, CSIP64: the folder path
            '@USE': DATA_USE,
            '@csip:CONTENTINFORMATIONTYPE': CONTENT_INFORMATION_TYPE, // CSIP62
            file: m.data.map(file),
          },
        ],
      },
      structMap: {
        '@ID': 'structmap-csip', // CSIP83
        '@TYPE': 'PHYSICAL', // CSIP81
        '@LABEL': 'CSIP', // CSIP82
        div: {
          '@ID': 'div-package', // CSIP85
          '@LABEL': attr(m.objid),
          div: [
            { '@ID': 'div-metadata', '@LABEL': 'Metadata', '@DMDID': 'dmd-erms' }, // CSIP88-92
            { '@ID': 'div-documentation', '@LABEL': 'Documentation', fptr: { '@FILEID': 'grp-documentation' } }, // CSIP93-96, 116
            { '@ID': 'div-schemas', '@LABEL': 'Schemas', fptr: { '@FILEID': 'grp-schemas' } }, // CSIP97-100, 118
            { '@ID': 'div-representations', '@LABEL': 'Representations', fptr: { '@FILEID': 'grp-rep1' } }, // CSIP101-104, 119
          ],
        },
      },
    },
  };
}
