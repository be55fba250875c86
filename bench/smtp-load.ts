/**
 * What the SMTP benchmarks share: a 10 KB Danish letter, Postfix's smtp-sink counting deliveries
 * in its own process, and Postfix's smtp-source as the load (16 sessions of many messages each,
 * as an organisation's MTA sends to its smart host).
 */
import { execFile, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { promisify } from 'node:util';
import { freePort } from '../test/gateway/harness.ts';

const run = promisify(execFile);
export const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 600);
export const SESSIONS = 16;

const paragraph =
  'Vi har modtaget din ansøgning om hjælp til medicin og har nu behandlet den. Du får bevilget tilskud fra den 1. januar. ' +
  'Hvis du har spørgsmål til afgørelsen, er du velkommen til at ringe til os mandag til fredag kl. 8-15 på 70 00 00 00. ';

export function tenKilobytes(n: string): string {
  const head = [
    'From: Jobcenter <jobcenter@eksempel-kommune.dk>',
    'To: borger@example.dk',
    `Subject: Afgørelse om tilskud til medicin ${n}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
  ];
  let body = 'Kære borger\n\n';
  while (Buffer.byteLength(body) < 10_000) body += `${paragraph}\n\n`;
  return `${head.join('\n')}\n${body}Venlig hilsen\nen sagsbehandler\nJobcenter Eksempel Kommune\n`;
}

export interface CountingSink {
  port: number;
  /** Deliveries completed so far. */
  count(): number;
  close(): void;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export async function startSmtpSink(): Promise<CountingSink> {
  const port = await freePort();
  // smtp-sink refuses to run as root unless told which user to become after binding.
  const asRoot = process.getuid?.() === 0 ? ['-u', 'nobody'] : [];
  const child = spawn('/usr/sbin/smtp-sink', [...asRoot, '-c', `127.0.0.1:${port}`, '1000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let delivered = 0;
  // -c writes "sess=… quit=… mesg=N" after each transaction.
  child.stdout.on('data', (chunk: Buffer) => {
    for (const m of chunk.toString('latin1').matchAll(/mesg=(\d+)/g)) delivered = Number(m[1]);
  });
  for (let tries = 0; !(await accepts(port)); tries++) {
    if (tries > 100) throw new Error('smtp-sink did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, count: () => delivered, close: () => child.kill() };
}

export interface Envelope {
  from: string;
  to: string;
}

export const OUTBOUND: Envelope = { from: 'jobcenter@eksempel-kommune.dk', to: 'borger@example.dk' };
export const INBOUND: Envelope = { from: 'borger@example.dk', to: 'jobcenter@eksempel-kommune.dk' };

export async function smtpSource(port: number, file: string, envelope: Envelope): Promise<number> {
  const started = performance.now();
  await run('/usr/sbin/smtp-source', ['-d', '-s', String(SESSIONS), '-m', String(MESSAGES), '-F', file, '-f', envelope.from, '-t', envelope.to, `127.0.0.1:${port}`], {
    timeout: 600_000,
  });
  return (performance.now() - started) / 1000;
}

