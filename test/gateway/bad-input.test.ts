/**
 * Hostile and broken SMTP clients against a real `postvakt serve`: every case gets a
 * protocol-correct answer, the process stays up, and nothing half-received reaches the queue.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.ts';
import { Queue } from '../../src/queue/queue.ts';
import { realClock } from '../../src/clock/clock.ts';
import { setup, startServe, startSink, swaks, waitFor, type Served, type Setup, type Sink } from './harness.ts';

const MAX_RECIPIENTS = 100;
let sink: Sink;
let s: Setup;
let served: Served;
let store: Store;
let queue: Queue;

beforeAll(async () => {
  sink = await startSink();
  s = await setup({ sinkPort: sink.port, gateway: { maxRecipients: MAX_RECIPIENTS, maxMessageSize: 64 * 1024 } });
  served = await startServe(s);
  store = await openStore(s.storeUrl);
  queue = new Queue(store.db, realClock, { leaseMs: 60_000, retrySchedule: [1000] });
}, 60_000);

afterAll(async () => {
  await store?.close();
  await served?.stop();
  await sink?.close();
  await s?.cleanup();
});

/** A raw SMTP conversation: write anything, read whole replies (multi-line ones joined). */
class Talk {
  readonly socket: Socket;
  #buffer = '';
  #replies: string[] = [];
  #waiting: Array<() => void> = [];
  closed = false;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk) => {
      this.#buffer += chunk.toString('latin1');
      let current: string[] = [];
      const lines = this.#buffer.split('\r\n');
      this.#buffer = lines.pop()!;
      for (const line of lines) {
        current.push(line);
        if (/^\d{3} /.test(line) || !/^\d{3}-/.test(line)) {
          this.#replies.push(current.join('\n'));
          current = [];
        }
      }
      if (current.length) this.#buffer = `${current.join('\r\n')}\r\n${this.#buffer}`;
      this.#waiting.splice(0).forEach((w) => w());
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.#waiting.splice(0).forEach((w) => w());
    });
    this.socket.on('error', () => undefined);
  }

  send(text: string): void {
    this.socket.write(Buffer.from(text, 'latin1'));
  }

  /** The next `n` replies (fewer if the server hangs up). */
  async replies(n: number, timeoutMs = 60_000): Promise<string[]> {
    const end = Date.now() + timeoutMs;
    while (this.#replies.length < n && !this.closed && Date.now() < end) {
      await new Promise<void>((r) => {
        this.#waiting.push(r);
        setTimeout(r, 200);
      });
    }
    return this.#replies.splice(0, n);
  }

  async reply(): Promise<string> {
    return (await this.replies(1))[0] ?? '(closed)';
  }

  end(): void {
    this.socket.end();
  }
}

async function opened(): Promise<Talk> {
  const talk = new Talk(s.smtpPort);
  expect(await talk.reply()).toMatch(/^220 /);
  return talk;
}

async function queuedWith(text: string): Promise<number> {
  const items = await Promise.all((await queue.list({ limit: 10_000 })).map((i) => queue.require(i.id)));
  return items.filter((i) => i.raw.includes(text)).length;
}

const code = (reply: string) => reply.slice(0, 3);

describe('bad SMTP input', () => {
  it('refuses a message with bare LF line ends, and stores nothing of it', async () => {
    const t = await opened();
    t.send('EHLO client.example.dk\r\n');
    expect(await t.reply()).toMatch(/^250-/);
    t.send('MAIL FROM:<sagsbehandler@eksempel-kommune.dk>\r\nRCPT TO:<borger@example.dk>\r\nDATA\r\n');
    expect((await t.replies(3)).map(code)).toEqual(['250', '250', '354']);
    t.send('Subject: bare-lf-case\nX-Smuggle: yes\r\n\r\nline one\n.\nMAIL FROM:<x@example.dk>\nline two\r\n.\r\n');
    expect(await t.reply()).toMatch(/^550 5\.6\.0 /);
    t.send('QUIT\r\n');
    expect(await t.reply()).toMatch(/^221 /);
    expect(await queuedWith('bare-lf-case')).toBe(0);
  });

  it('answers 1,000-character command lines and carries a 1,000-character body line through intact', async () => {
    const t = await opened();
    t.send('EHLO client.example.dk\r\n');
    await t.reply();
    t.send(`MAIL FROM:<${'a'.repeat(990)}@eksempel-kommune.dk>\r\n`);
    expect(await t.reply()).toMatch(/^(250|5\d\d) /);
    t.send('RSET\r\n');
    expect(await t.reply()).toMatch(/^250 /);
    t.send(`NOOP ${'x'.repeat(1000)}\r\n`);
    expect(await t.reply()).toMatch(/^(250|5\d\d) /);
    const long = 'y'.repeat(1000);
    t.send('MAIL FROM:<sagsbehandler@eksempel-kommune.dk>\r\nRCPT TO:<borger@example.dk>\r\nDATA\r\n');
    expect((await t.replies(3)).map(code)).toEqual(['250', '250', '354']);
    t.send(`Subject: long-line-case\r\n\r\n${long}\r\n.\r\n`);
    expect(await t.reply()).toMatch(/^250 /);
    t.send('QUIT\r\n');
    await t.reply();
    const got = await waitFor(() => sink.messages.find((m) => m.raw.includes('long-line-case')));
    expect(got.raw).toContain(`\r\n${long}\r\n`);
  });

  it('takes the first recipients up to the limit, answers 452 to the rest of 10,000, and delivers to the accepted ones', async () => {
    const t = await opened();
    t.send('EHLO client.example.dk\r\nMAIL FROM:<sagsbehandler@eksempel-kommune.dk>\r\n');
    await t.replies(2);
    t.send(Array.from({ length: 10_000 }, (_, i) => `RCPT TO:<borger${i}@example.dk>\r\n`).join(''));
    const answers = await t.replies(10_000, 60_000);
    expect(answers).toHaveLength(10_000);
    expect(answers.slice(0, MAX_RECIPIENTS).every((a) => a.startsWith('250'))).toBe(true);
    expect(answers.slice(MAX_RECIPIENTS).every((a) => a.startsWith('452'))).toBe(true);
    t.send('DATA\r\n');
    expect(await t.reply()).toMatch(/^354 /);
    t.send('Subject: many-recipients-case\r\n\r\nTil alle.\r\n.\r\nQUIT\r\n');
    expect(await t.reply()).toMatch(/^250 /);
    const got = await waitFor(() => sink.messages.find((m) => m.raw.includes('many-recipients-case')), 30_000);
    expect(got.to).toHaveLength(MAX_RECIPIENTS);
  }, 90_000);

  it('drops a client that talks before the greeting, keeping nothing', async () => {
    const t = new Talk(s.smtpPort);
    t.send('EHLO client.example.dk\r\nMAIL FROM:<sagsbehandler@eksempel-kommune.dk>\r\nRCPT TO:<borger@example.dk>\r\nDATA\r\nSubject: early-talker-case\r\n\r\nHej\r\n.\r\n');
    const answers = await t.replies(7, 3000);
    expect(answers.map(code)).toEqual(['421']);
    expect(t.closed).toBe(true);
    expect(await queuedWith('early-talker-case')).toBe(0);
  });

  it('answers a whole transaction written in one go (past the DATA sync point) in order', async () => {
    const t = await opened();
    t.send(
      'EHLO client.example.dk\r\nMAIL FROM:<sagsbehandler@eksempel-kommune.dk>\r\nRCPT TO:<borger@example.dk>\r\nDATA\r\n' +
        'Subject: pipelined-case\r\n\r\nAlt paa en gang.\r\n.\r\nNOOP\r\nQUIT\r\n',
    );
    expect((await t.replies(7)).map(code)).toEqual(['250', '250', '250', '354', '250', '250', '221']);
    await waitFor(() => sink.messages.find((m) => m.raw.includes('pipelined-case')));
  });

  it('keeps nothing of a message whose client disconnects in the middle of DATA', async () => {
    const t = await opened();
    t.send('EHLO client.example.dk\r\nMAIL FROM:<sagsbehandler@eksempel-kommune.dk>\r\nRCPT TO:<borger@example.dk>\r\nDATA\r\n');
    expect((await t.replies(4)).map(code)).toEqual(['250', '250', '250', '354']);
    t.send('Subject: early-disconnect-case\r\n\r\nHalvdelen af en besk');
    await new Promise((r) => setTimeout(r, 200));
    t.socket.destroy();
    await new Promise((r) => setTimeout(r, 500));
    expect(await queuedWith('early-disconnect-case')).toBe(0);
  });

  it('refuses an oversized message with 552 and keeps nothing of it', async () => {
    const t = await opened();
    t.send('EHLO client.example.dk\r\nMAIL FROM:<sagsbehandler@eksempel-kommune.dk>\r\nRCPT TO:<borger@example.dk>\r\nDATA\r\n');
    expect((await t.replies(4)).map(code)).toEqual(['250', '250', '250', '354']);
    t.send(`Subject: oversized-case\r\n\r\n${'z'.repeat(998)}\r\n`.repeat(70) + '.\r\n');
    expect(await t.reply()).toMatch(/^552 /);
    t.send('QUIT\r\n');
    expect(await queuedWith('oversized-case')).toBe(0);
  });

  it('is still up and relaying after all of it', async () => {
    expect(served.child.exitCode).toBeNull();
    const r = await swaks(s.smtpPort, ['--from', 'sagsbehandler@eksempel-kommune.dk', '--to', 'borger@example.dk', '--header', 'Subject: still-alive-case']);
    expect(r.code, r.output).toBe(0);
    await waitFor(() => sink.messages.find((m) => m.raw.includes('still-alive-case')));
  });
});
