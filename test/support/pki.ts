/** A throwaway PKI for TLS client-certificate tests, made with the openssl command. */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import selfsigned from 'selfsigned';

const run = promisify(execFile);
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export interface CertFiles {
  cert: string;
  key: string;
}

/** A CA certificate and key in `dir`. */
export async function makeCa(dir: string, name: string): Promise<CertFiles> {
  const files = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  await run('openssl', ['req', '-x509', ...EC, '-keyout', files.key, '-out', files.cert, '-subj', `/CN=${name}`, '-days', '2',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return files;
}

/** A client (and server) certificate for `cn`, signed by `ca`, or self-signed when `ca` is omitted. */
export async function makeCert(dir: string, name: string, cn: string, ca?: CertFiles): Promise<CertFiles> {
  const files = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, `subjectAltName=DNS:${cn}\nextendedKeyUsage=clientAuth,serverAuth\n`);
  if (!ca) {
    await run('openssl', ['req', '-x509', ...EC, '-keyout', files.key, '-out', files.cert, '-subj', `/CN=${cn}`, '-days', '2', '-addext', `subjectAltName=DNS:${cn}`, '-addext', 'extendedKeyUsage=clientAuth,serverAuth']);
    return files;
  }
  const csr = join(dir, `${name}.csr`);
  await run('openssl', ['req', '-new', ...EC, '-keyout', files.key, '-out', csr, '-subj', `/CN=${cn}`]);
  await run('openssl', ['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', files.cert, '-days', '2', '-extfile', ext]);
  return files;
}

/** A CA-capable certificate for localhost and 127.0.0.1, and a client certificate `clientCn` it signed (PEM strings). */
export async function selfSignedPki(clientCn: string) {
  return selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    clientCertificate: { cn: clientCn },
    extensions: [{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  });
}
