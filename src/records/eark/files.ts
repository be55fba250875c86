/**
 * Writing the package's files: each one streamed to disk through SHA-256, so size and checksum
 * are known without reading it again and a large message is never held twice. Names that come
 * from e-mail (attachment file names) are made safe for every archive's file system here.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** One file of the package, as METS lists it (CSIP66…CSIP79). */
export interface PackageFile {
  /** Path inside the package, "/"-separated, as written on disk. */
  path: string;
  size: number;
  /** Lower-case hex. */
  sha256: string;
  mimetype: string;
  created: Date;
}

/** Write bytes or a stream to `root/path`; never overwrites (flag `wx`). */
export async function writeHashed(
  root: string,
  path: string,
  source: Uint8Array | Readable,
  mimetype: string,
  created: Date,
): Promise<PackageFile> {
  const target = join(root, ...path.split('/'));
  await mkdir(dirname(target), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const input = source instanceof Readable ? source : Readable.from([Buffer.from(source.buffer, source.byteOffset, source.byteLength)]);
  await pipeline(input, tap, createWriteStream(target, { flags: 'wx' }));
  return { path, size, sha256: hash.digest('hex'), mimetype, created };
}

export function copyHashed(root: string, path: string, from: string, mimetype: string, created: Date): Promise<PackageFile> {
  return writeHashed(root, path, createReadStream(from), mimetype, created);
}

/** A path as a relative URL for xlink:href and ERMS appendix paths: each segment percent-encoded. */
export function href(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const MAX_NAME = 120;

/**
 * A file name from an e-mail made safe: no directories, no control or reserved characters
 * (Windows and POSIX), no leading dot, bounded length keeping the extension, NFC.
 */
export function safeFileName(name: string | undefined, fallback: string): string {
  let clean = (name ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}<>:"/\\|?*]/gu, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(clean)) clean = `_${clean}`;
  if (!clean) return fallback;
  if (clean.length <= MAX_NAME) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
  return clean.slice(0, MAX_NAME - ext.length) + ext;
}

/** Names unique within one folder, case-insensitively: "a.pdf", "a (2).pdf", … */
export function uniqueNames(): (name: string) => string {
  const taken = new Set<string>();
  return (name) => {
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  };
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

/** The declared media type if it is one (IANA syntax), else application/octet-stream. */
export function mediaType(declared: string | undefined): string {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return MEDIA_TYPE.test(type) ? type : 'application/octet-stream';
}
