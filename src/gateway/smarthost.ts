/**
 * The e-mail `Transport`: hands the exact spooled bytes to the smart host through a nodemailer
 * pool, with the explicit envelope (MAIL FROM, RCPT TO) and the DSN parameters the client gave
 * us (RET, ENVID on MAIL; NOTIFY, ORCPT on RCPT), so upstream DSNs still reach the right place.
 * Reply classes: 2xx delivered, 4xx and network trouble transient, 5xx permanent.
 */
import nodemailer from 'nodemailer';
import type { DeliveryItem, DeliveryResult, Transport } from '../queue/transport.ts';
import type { SmarthostConfig } from './config.ts';

/** What the gateway stores as an e-mail queue item's envelope. */
export interface SmtpEnvelope {
  /** The envelope sender; '' is the null sender `<>`. */
  from: string;
  to: string[];
  dsn?: {
    ret?: 'FULL' | 'HDRS';
    envid?: string;
    /** NOTIFY values; one set per delivery (recipients with different ones are split). */
    notify?: string[];
    /** ORCPT, e.g. "rfc822;citizen@example.dk". */
    orcpt?: string;
  };
}

export class SmarthostConfigError extends Error {}

interface SmtpError extends Error {
  responseCode?: number;
  response?: string;
  code?: string;
}

export function classify(err: SmtpError): DeliveryResult {
  const text = (err.response ?? err.message).slice(0, 500);
  if (err.responseCode !== undefined && err.responseCode >= 500) return { kind: 'permanent', error: text };
  return { kind: 'transient', error: text };
}

export function createSmtpTransport(config: SmarthostConfig, name: string, env: NodeJS.ProcessEnv = process.env): Transport {
  let pass: string | undefined;
  if (config.passwordEnv !== undefined) {
    pass = env[config.passwordEnv];
    if (!pass) throw new SmarthostConfigError(`gateway.smarthost.passwordEnv: environment variable ${config.passwordEnv} is not set`);
  }
  const transporter = nodemailer.createTransport({
    pool: true,
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTls,
    name,
    maxConnections: config.maxConnections,
    maxMessages: 1000,
    connectionTimeout: config.timeout,
    greetingTimeout: config.timeout,
    socketTimeout: config.timeout,
    tls: { rejectUnauthorized: config.verifyCertificate },
    ...(config.user !== undefined ? { auth: { user: config.user, pass } } : {}),
  });

  async function deliver(item: DeliveryItem): Promise<DeliveryResult> {
    const envelope = item.envelope as unknown as SmtpEnvelope;
    try {
      const info = await transporter.sendMail({
        envelope: { from: envelope.from, to: envelope.to },
        raw: item.raw,
        ...(envelope.dsn
          ? {
              dsn: {
                ret: envelope.dsn.ret,
                id: envelope.dsn.envid,
                notify: envelope.dsn.notify as ('NEVER' | 'SUCCESS' | 'FAILURE' | 'DELAY')[] | undefined,
                recipient: envelope.dsn.orcpt,
              },
            }
          : {}),
      });
      if (info.rejected.length > 0) {
        // Some recipients refused, others accepted: the accepted ones must never be sent again,
        // so the delivery counts as done; the refused ones get a DSN or a new delivery.
        const errors = (info as { rejectedErrors?: SmtpError[] }).rejectedErrors ?? [];
        const rejected = info.rejected.map(String).map((recipient) => {
          const err = errors.find((e) => (e as { recipient?: string }).recipient === recipient);
          const code = err?.responseCode ?? 550;
          return { recipient, error: (err?.response ?? err?.message ?? `${code} refused`).slice(0, 500), permanent: code >= 500 };
        });
        return { kind: 'delivered', response: info.response, rejected };
      }
      return { kind: 'delivered', response: info.response };
    } catch (err) {
      return classify(err as SmtpError);
    }
  }

  return {
    deliver,
    close: async () => transporter.close(),
  };
}
