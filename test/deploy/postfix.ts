/**
 * A private Postfix instance for tests, as the organisation's mail server: its own configuration,
 * queue and data directories under a temp dir, an unprivileged SMTP port on 127.0.0.1, the log in
 * a file (no syslog in a sandbox), and short retry times. `postfix -c DIR start` needs root (the
 * master drops privileges to the `postfix` user); Debian's postfix package provides the user.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../gateway/harness.ts';

const run = promisify(execFile);

export interface Postfix {
  port: number;
  dir: string;
  /** Postfix's log so far. */
  log(): string;
  stop(): Promise<void>;
}

export interface PostfixOptions {
  /** Where Postfix relays everything it is not told otherwise: Postvakt. */
  relayhost: { host: string; port: number };
  /** Domains delivered elsewhere (the organisation's own mailboxes), domain → port on 127.0.0.1. */
  transports: Record<string, number>;
  myhostname: string;
  /** Client certificate Postfix presents to the relay host (STARTTLS required then). */
  clientCert?: { cert: string; key: string };
}

const SERVICES = `
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`;

export async function startPostfix(options: PostfixOptions): Promise<Postfix> {
  if (userInfo().uid !== 0) throw new Error('the Postfix test starts postfix, which needs root (the master drops to the postfix user)');
  const dir = mkdtempSync(join(tmpdir(), 'postvakt-postfix-'));
  // The postfix user must reach its queue and data directories.
  chmodSync(dir, 0o755);
  for (const sub of ['etc', 'spool', 'data']) mkdirSync(join(dir, sub));
  const postfixUser = Number((await run('id', ['-u', 'postfix'])).stdout.trim());
  chownSync(join(dir, 'data'), postfixUser, -1);
  const port = await freePort();
  const transports = Object.entries(options.transports).map(([domain, p]) => `${domain}=smtp:[127.0.0.1]:${p}`).join(' ');
  const main = [
    'compatibility_level = 3.6',
    `queue_directory = ${join(dir, 'spool')}`,
    `data_directory = ${join(dir, 'data')}`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    `myhostname = ${options.myhostname}`,
    'mydestination =',
    'local_recipient_maps =',
    'alias_maps =',
    'alias_database =',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    'mynetworks = 127.0.0.0/8',
    `relayhost = [${options.relayhost.host}]:${options.relayhost.port}`,
    ...(transports ? [`transport_maps = inline:{ ${transports} }`] : []),
    'smtp_dns_support_level = disabled',
    `maillog_file_prefixes = ${dir}`,
    `maillog_file = ${join(dir, 'maillog')}`,
    'queue_run_delay = 1s',
    'minimal_backoff_time = 1s',
    'maximal_backoff_time = 2s',
    ...(options.clientCert
      ? [
          // TLS is required towards the relay host only; the mailbox servers may lack it.
          `smtp_tls_policy_maps = inline:{ [${options.relayhost.host}]:${options.relayhost.port}=encrypt }`,
          `smtp_tls_cert_file = ${options.clientCert.cert}`,
          `smtp_tls_key_file = ${options.clientCert.key}`,
        ]
      : []),
    'smtp_tls_security_level = may',
    'smtp_tls_loglevel = 1',
    'biff = no',
  ];
  writeFileSync(join(dir, 'etc/main.cf'), `${main.join('\n')}\n`);
  writeFileSync(join(dir, 'etc/master.cf'), `127.0.0.1:${port} inet n - n - - smtpd${SERVICES}`);
  const etc = join(dir, 'etc');
  const logFile = join(dir, 'maillog');
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  try {
    await run('postfix', ['-c', etc, 'start'], { timeout: 60_000 });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`postfix did not start: ${(err as Error).message}\n${log()}`);
  }
  return {
    port,
    dir,
    log,
    stop: async () => {
      await run('postfix', ['-c', etc, 'stop'], { timeout: 60_000 }).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
