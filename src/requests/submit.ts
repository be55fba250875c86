/**
 * Decision letters enter the gateway's SMTP relay like any other mail (issue 19 item 4), so the
 * rules, the consideration register (a flagged requester's letter is held, FX-3) and the mail log
 * apply to them. On this host the relay takes mail from the local network without AUTH; the
 * connection never leaves the host, so it does not wait for STARTTLS.
 */
import nodemailer from 'nodemailer';

export interface SubmitTarget {
  host: string;
  port: number;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export async function submitToGateway(target: SubmitTarget, envelope: { from: string; to: string[] }, raw: Buffer): Promise<string> {
  const local = LOOPBACK.test(target.host);
  const transport = nodemailer.createTransport({ host: target.host, port: target.port, secure: false, ignoreTLS: local, requireTLS: !local });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return info.response;
  } finally {
    transport.close();
  }
}
