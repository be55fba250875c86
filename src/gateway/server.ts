/**
 * The SMTP side of `postvakt serve` (smtp-server). It speaks the protocol and enforces access
 * and limits; each message goes through the pipeline and is committed to the spool before the
 * client hears 250, so a 250 means the message survives a crash (RFC 5321 §6.1).
 *
 * Access: STARTTLS is offered; AUTH PLAIN/LOGIN only after it (not even advertised before);
 * relaying is allowed to authenticated users, allow-listed networks and clients whose verified
 * TLS certificate names an allow-listed subject; everyone else gets 550 5.7.1 at RCPT. Limits: size (552 at end of DATA), clients, recipients per message (452
 * beyond), command line length, idle time; for clients outside the allow-listed networks also
 * connections per address, session time and commands before AUTH, and failed AUTH attempts per
 * address and user (`guard.ts`).
 */
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { translate, type Lang } from '../i18n/catalog.ts';
import type { Logger } from '../logging/logger.ts';
import type { RunningService } from '../serve/service.ts';
import type { GatewayConfig } from './config.ts';
import type { TLSSocket } from 'node:tls';
import { certificateMatcher, certificateNames, networkMatcher, verifyUser } from './access.ts';
import { ClientGuard } from './guard.ts';
import type { KeyPair } from './tls.ts';
import type { PipelineResult, Recipient, Transaction } from './pipeline.ts';
import { smtpText } from './pipeline.ts';
import type { GroupCommit } from '../queue/group-commit.ts';
import type { NewItem } from '../queue/queue.ts';
import { messages } from './messages.ts';
import { CheckTimeout } from './checkers.ts';

/** What a pipeline accepted: the queue items to commit, and whatever its spool writes with them. */
export type Accepted = { kind: 'accept'; originId: string; items: NewItem[] };

/** Refuses a recipient at RCPT TO with a reply, or lets it pass (undefined). */
export type RecipientPolicy = (address: string, session: SMTPServerSession) => { code: number; text: string } | undefined;

export interface GatewayOptions<A extends Accepted = Extract<PipelineResult, { kind: 'accept' }>> {
  config: GatewayConfig;
  keyPair: KeyPair;
  pipeline: (tx: Transaction, raw: Buffer) => Promise<A | Extract<PipelineResult, { kind: 'refuse' }>>;
  /** Commits an accepted message durably (grouped with other sessions' messages). */
  spool: GroupCommit<A, void>;
  logger: Logger;
  defaultLang: Lang;
  /** The listener and the service's name, when not the relay's (the inbound door shares this server). */
  listen?: { name: string; host: string; port: number };
  /** Who may be a recipient; by default the relay's rule (authenticated users and allow-listed networks). */
  recipients?: RecipientPolicy;
  /** Called after a message is committed (to wake the scheduler). */
  onAccepted?(result: A, tx: Transaction, size: number): Promise<void> | void;
  /** Called after a message is refused (to write the mail log). */
  onRefused?(result: Extract<PipelineResult, { kind: 'refuse' }>, tx: Transaction, size: number): Promise<void> | void;
}

class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

interface DsnAddress extends SMTPServerAddress {
  dsn?: { notify?: string[]; orcpt?: string };
}

interface DsnEnvelope {
  dsn?: { ret?: string | null; envid?: string | null };
  smtpUtf8?: boolean;
}

function transaction(session: SMTPServerSession): Transaction {
  const envelope = session.envelope as SMTPServerSession['envelope'] & DsnEnvelope;
  const from = envelope.mailFrom ? envelope.mailFrom.address : '';
  const recipients: Recipient[] = envelope.rcptTo.map((r: DsnAddress) => ({
    address: r.address,
    ...(r.dsn?.notify?.length ? { notify: r.dsn.notify } : {}),
    ...(r.dsn?.orcpt ? { orcpt: r.dsn.orcpt } : {}),
  }));
  const ret = envelope.dsn?.ret === 'FULL' || envelope.dsn?.ret === 'HDRS' ? envelope.dsn.ret : undefined;
  return {
    from,
    recipients,
    ...(ret ? { ret } : {}),
    ...(envelope.dsn?.envid ? { envid: envelope.dsn.envid } : {}),
    session: {
      id: `${session.id}.${session.transaction}`,
      remoteAddress: session.remoteAddress,
      clientHostname: session.clientHostname,
      helo: session.hostNameAppearsAs,
      secure: session.secure,
      // smtp-server sets user to false (not undefined) after STARTTLS: only a name means AUTH succeeded.
      authenticated: Boolean(session.user),
    },
    utf8: envelope.smtpUtf8 === true,
  };
}

/** Read the DATA stream whole; resolves undefined if the client went away mid-message. */
function readData(stream: SMTPServerDataStream): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      // Past the limit the bytes are dropped; the reply is 552 whatever they were.
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', () => resolve(undefined));
    stream.on('close', () => {
      if (!stream.readableEnded) resolve(undefined);
    });
  });
}

export async function startGateway<A extends Accepted>(options: GatewayOptions<A>): Promise<RunningService & { port: number }> {
  const { config, logger, pipeline, spool, defaultLang } = options;
  const listen = options.listen ?? { name: 'smtp', host: config.host, port: config.port };
  const relayAllowed = networkMatcher(config.relayNetworks);
  const certificateAllowed = certificateMatcher(config.relayCertificates);
  /** What each session's verified client certificate names (set after STARTTLS). */
  const certificates = new WeakMap<SMTPServerSession, string[]>();
  const guard = new ClientGuard(config.clientLimits);
  const say = (key: keyof (typeof messages)['en'], params?: Record<string, string | number>) =>
    smtpText(translate(messages, defaultLang, key, params), false);
  const recipients: RecipientPolicy =
    options.recipients ??
    ((_address, session) => {
      if (session.user || relayAllowed(session.remoteAddress)) return undefined;
      const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      if (certificateAllowed(certificates.get(session) ?? [], mailFrom)) return undefined;
      return { code: 550, text: `5.7.1 ${say('relayDenied')}` };
    });

  const server = new SMTPServer({
    name: config.hostname,
    banner: 'Postvakt ESMTP',
    key: options.keyPair.key,
    cert: options.keyPair.cert,
    // Ask for a client certificate only when one can allow relaying; without one a client is
    // judged as before (rejectUnauthorized false: an unverified certificate just allows nothing).
    ...(config.relayCertificates.length > 0
      ? { requestCert: true, rejectUnauthorized: false, ...(options.keyPair.clientCa ? { ca: options.keyPair.clientCa } : {}) }
      : {}),
    size: config.maxMessageSize,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: true,
    allowInsecureAuth: false,
    hideDSN: false,
    maxClients: config.maxClients,
    maxRecipients: config.maxRecipients,
    socketTimeout: config.socketTimeout,
    closeTimeout: 5_000,
    // Reverse DNS of every client costs a lookup per connection and proves nothing.
    disableReverseLookup: true,
    logger: false,

    onConnect(session, callback) {
      // AUTH is offered only after STARTTLS, where it can be used (smtp-server would refuse it
      // in the clear, but still listed it in EHLO).
      session.disabledCommands = ['AUTH'];
      if (relayAllowed(session.remoteAddress)) return callback();
      if (!guard.admit(server, session, `4.7.0 ${say('sessionLimit')}`)) {
        logger.warn({ session: session.id }, 'SMTP client over its connection limit');
        return callback(new SmtpReply(421, `4.7.0 ${say('tooManyConnections')}`));
      }
      callback();
    },

    onSecure(socket, session, callback) {
      session.disabledCommands = [];
      if (config.relayCertificates.length > 0) {
        const tlsSocket = socket as TLSSocket;
        const names = certificateNames(tlsSocket.getPeerCertificate(), tlsSocket.authorized);
        certificates.set(session, names);
        // A known MTA (one certificate, many connections) is not held to an anonymous client's limits.
        if (names.length > 0 && config.relayCertificates.some((r) => names.includes(r.subject.toLowerCase()))) guard.release(session);
      }
      callback();
    },

    onClose(session) {
      guard.release(session);
    },

    onAuth(auth, session, callback) {
      const address = session.remoteAddress;
      const username = auth.username ?? '';
      if (guard.authBlocked(address, username)) return callback(new SmtpReply(421, `4.7.0 ${say('authBlocked')}`));
      void verifyUser(config.users, username, auth.password).then(
        (ok) => {
          if (ok) {
            // Authenticated clients are not held to the limits of anonymous ones (many may share one NAT address).
            guard.release(session);
            return callback(null, { user: username });
          }
          logger.warn({ session: session.id, remote: address }, 'SMTP authentication failed');
          if (guard.authFailed(address, username)) return callback(new SmtpReply(421, `4.7.0 ${say('authBlocked')}`));
          callback(new SmtpReply(535, `5.7.8 ${say('authFailed')}`));
        },
        (err: unknown) => callback(err as Error),
      );
    },

    onRcptTo(address, session, callback) {
      const refusal = recipients(address.address, session);
      callback(refusal ? new SmtpReply(refusal.code, refusal.text) : undefined);
    },

    onData(stream, session, callback) {
      const tx = transaction(session);
      // Steps after the reply must not answer the client a second time when they fail.
      const after = (step: string, work: Promise<void> | void) =>
        void Promise.resolve(work).catch((err: unknown) => logger.error({ err, session: tx.session.id, step }, 'step after the reply failed'));
      void readData(stream)
        .then(async (raw) => {
          if (raw === undefined) return callback(new SmtpReply(451, '4.3.0 connection lost'));
          if (stream.sizeExceeded) return callback(new SmtpReply(552, `5.3.4 ${say('tooLarge', { max: config.maxMessageSize })}`));
          const result = await pipeline(tx, raw);
          if (result.kind === 'refuse') {
            logger.info({ session: tx.session.id, code: result.code }, 'message refused');
            callback(new SmtpReply(result.code, result.text));
            return after('refused', options.onRefused?.(result, tx, raw.length));
          }
          await spool.submit(result);
          // The commit is durable: from here on the message is ours to deliver.
          callback(null, `2.0.0 ${say('queued', { id: result.originId })}`);
          after('accepted', options.onAccepted?.(result, tx, raw.length));
        })
        .catch((err: unknown) => {
          if (err instanceof CheckTimeout) {
            logger.warn({ session: tx.session.id }, 'message check timed out');
            return callback(new SmtpReply(451, `4.3.0 ${say('checkTimeout', { seconds: err.seconds })}`));
          }
          logger.error({ err, session: tx.session.id }, 'message could not be stored');
          callback(new SmtpReply(451, `4.3.0 ${say('tryLater')}`));
        });
    },
  });
  server.on('error', (err) => logger.error({ err }, 'SMTP server error'));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  return {
    name: listen.name,
    address: `smtp://${listen.host}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
