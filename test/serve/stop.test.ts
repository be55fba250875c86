/**
 * Issue 14 item 6: SIGTERM to whichever process the user started — `node bin/postvakt.js serve`
 * or `npx postvakt serve` (npm → sh → node, where npm's death used to leave node listening) —
 * stops Postvakt gracefully: an SMTP transaction open at the signal is finished with 250, every
 * port is free within seconds, the process is gone, and what was accepted is delivered after a
 * restart.
 */
import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, setup, startServe, startSink, swaks, waitFor, type Served, type Setup, type Sink } from '../gateway/harness.ts';

const SENDER = 'sagsbehandler@eksempel-kommune.dk';
const CITIZEN = 'borger@example.dk';

/** A plain SMTP client that can stop half-way through DATA. */
async function smtpSession(port: number) {
  const socket: Socket = createConnection(port, '127.0.0.1');
  socket.setEncoding('utf8');
  let buffer = '';
  socket.on('data', (chunk: string) => (buffer += chunk));
  /** Wait for the next complete reply (its last line is "NNN text"). */
  const reply = async (): Promise<string> => {
    const line = await waitFor(() => /^\d{3} .*\r\n/m.exec(buffer)?.[0], 20_000);
    const text = buffer.slice(0, buffer.indexOf(line) + line.length);
    buffer = buffer.slice(text.length);
    return text;
  };
  const command = async (line: string) => {
    socket.write(`${line}\r\n`);
    return reply();
  };
  await reply();
  return { socket, reply, command, write: (text: string) => socket.write(text) };
}

async function portIsFree(port: number): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

let sink: Sink | undefined;
let s: Setup | undefined;
let served: Served | undefined;

afterEach(async () => {
  await served?.stop('SIGKILL');
  await sink?.close();
  await s?.cleanup();
});

describe.each(['node', 'npx'] as const)('postvakt serve started with %s', (via) => {
  it('stops on SIGTERM to that process: the open transaction is finished, ports are freed, nothing accepted is lost', async () => {
    sink = await startSink();
    // The smart host is down, so everything accepted is still in the queue when Postvakt stops.
    await sink.down();
    const webPort = await freePort();
    s = await setup({ sinkPort: sink.port, sections: { web: { host: '127.0.0.1', port: webPort } } });
    served = await startServe(s, {}, via);
    const stdoutClosed = once(served.child.stdout!, 'close');

    const before = await swaks(s.smtpPort, ['--from', SENDER, '--to', CITIZEN, '--header', 'Subject: Accepteret før stop']);
    expect(before.output).toMatch(/<- {2}250 /);

    const open = await smtpSession(s.smtpPort);
    await open.command('EHLO client.example.dk');
    expect(await open.command(`MAIL FROM:<${SENDER}>`)).toMatch(/^250/);
    expect(await open.command(`RCPT TO:<${CITIZEN}>`)).toMatch(/^250/);
    expect(await open.command('DATA')).toMatch(/^354/);
    open.write(`From: ${SENDER}\r\nTo: ${CITIZEN}\r\nSubject: Midt i stop\r\n\r\nHej.\r\n`);

    const exit = served.stop('SIGTERM');
    await waitFor(() => served!.log.some((line) => line.includes('stopping')), 20_000);
    open.write('.\r\n');
    expect(await open.reply()).toMatch(/^250 /);
    await open.command('QUIT');

    // Stopped: no new connections, every port free, and the node process gone (its stdout closed).
    const code = await exit;
    // npm itself dies of the signal; node, signalled directly, ends cleanly.
    if (via === 'node') expect(code).toBe(0);
    await stdoutClosed;
    expect(await portIsFree(s.smtpPort)).toBe(true);
    expect(await portIsFree(webPort)).toBe(true);
    expect(served.log.join('\n')).toContain('"msg":"stopped"');

    await sink.up();
    served = await startServe(s);
    await waitFor(() => sink!.messages.length >= 2, 30_000);
    expect(sink.messages.map((m) => /^Subject: (.*)$/m.exec(m.raw)?.[1]?.trim()).sort()).toEqual(['Accepteret før stop', 'Midt i stop']);
    // Two starts of serve and a drain: under a loaded CI machine this runs near the 30 s default.
  }, 120_000);
});
