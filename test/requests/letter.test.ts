/**
 * The decision letter goes out through the gateway like any other mail (issue 19 item 4): a real
 * `postvakt serve` whose smart host is Postfix's smtp-sink; `postvakt requests decide --send`
 * submits the letter to the relay, which checks, logs and delivers it. The letter is in Danish
 * from the sample template, names the provision applied and the appeal, and carries the masked
 * PDF; the scheduler's deadline warning reaches the assignee the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PostalMime from 'postal-mime';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openStore } from '../../src/store/db.ts';
import { readMailLog } from '../../src/maillog/log.ts';
import { cli, setup, startServe, waitFor, type Served, type Setup } from '../gateway/harness.ts';
import { startPostfixSink, type PostfixSink } from '../inbound/support.ts';
import { DK_LETTER, storeMessage } from './support.ts';
import type { TestStore } from '../support/stores.ts';

const run = promisify(execFile);
// Friday 4 December 2026, 10:00 in Copenhagen.
const NOW = { POSTVAKT_NOW: '2026-12-04T10:00:00+01:00' };

let sink: PostfixSink;
let s: Setup;
let served: Served;

beforeAll(async () => {
  sink = await startPostfixSink();
  // A request received 2 December with its deadline (7 working days) on 11 December: a warning
  // 24 hours before is not yet due, one with 8 days' warning is.
  s = await setup({ sinkPort: sink.port, sections: { requests: { warnBefore: '8d' } } });
  const store = await openStore(s.storeUrl);
  try {
    await storeMessage(store as unknown as TestStore, 'q-dk-1', DK_LETTER);
  } finally {
    await store.close();
  }
  const added = await cli(s, ['requests', 'add', '--item', 'q-dk-1', '--unit', 'borgerservice', '--received-at', '2026-12-02T10:00:00+01:00', '--requester', 'Journalist', '--reply-to', 'journalist@example.dk', '--lang', 'da', '--assign', 'leder.borgerservice@eksempel-kommune.dk'], NOW);
  expect(added.code, added.stderr).toBe(0);
  served = await startServe(s, NOW);
}, 240_000);

afterAll(async () => {
  await served?.stop();
  await sink?.close();
  await s?.cleanup();
});

describe('decision letter through the gateway', () => {
  it('the scheduler warns the assignee before the deadline, once', { timeout: 120_000 }, async () => {
    const warning = await waitFor(() => sink.messages().find((m) => m.raw.includes('R-2026-0001') && m.to.includes('leder.borgerservice@eksempel-kommune.dk')), 30_000);
    const mail = await PostalMime.parse(warning.raw);
    expect(mail.subject).toBe('Anmodning om aktindsigt R-2026-0001 har frist 2026-12-11T10:00:00+01:00');
    const shown = JSON.parse((await cli(s, ['requests', 'show', 'R-2026-0001', '--json'], NOW)).stdout) as { events: Array<{ kind: string }> };
    expect(shown.events.filter((e) => e.kind === 'warned')).toHaveLength(1);
  });

  it('a partial release: the Danish letter with the provision, the appeal and the masked PDF reaches smtp-sink', { timeout: 240_000 }, async () => {
    const masked = await cli(s, ['requests', 'mask', 'R-2026-0001', '--document', 'q-dk-1', '--part', 'body', '--start', '0', '--end', '16', '--ground', 'dk-offl-30-1'], NOW);
    expect(masked.code, masked.stderr).toBe(0);
    const decided = await cli(s, ['requests', 'decide', 'R-2026-0001', '--outcome', 'partial', '--send', '--json'], NOW);
    expect(decided.code, decided.stderr).toBe(0);
    expect(JSON.parse(decided.stdout)).toMatchObject({ id: 'R-2026-0001', outcome: 'partial', appealUntil: '2027-01-01T10:00:00+01:00', letter: { to: 'journalist@example.dk' } });

    const arrived = await waitFor(() => sink.messages().find((m) => m.to.includes('journalist@example.dk')), 30_000);
    expect(arrived.from).toBe('journal@eksempel-kommune.dk');
    const mail = await PostalMime.parse(arrived.raw, { attachmentEncoding: 'arraybuffer' });
    expect(mail.subject).toBe('Afgørelse om aktindsigt (R-2026-0001)');
    expect(arrived.raw).toMatch(/by postvakt\.example\.dk \(Postvakt\)/);
    const text = mail.text!.replace(/\s+/g, ' ');
    expect(text).toContain('Du får delvis aktindsigt.');
    expect(text).toMatch(/Offentlighedsloven § 30, nr\. 1|offentlighedsloven § 30/i);
    expect(text).toContain('Ankestyrelsen');
    expect(text).toContain('1. januar 2027');
    const pdf = mail.attachments.find((a) => a.mimeType === 'application/pdf')!;
    expect(pdf.filename).toBe('R-2026-0001.pdf');
    const file = join(s.dir, 'attached.pdf');
    writeFileSync(file, Buffer.from(pdf.content as ArrayBuffer));
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(stdout).not.toContain('Jens Hansen,');
    expect(stdout).toContain('lægeerklæring');

    // Logged like any other mail, and in the request's audit trail.
    const store = await openStore(s.storeUrl, { migrate: false });
    try {
      const log = await readMailLog(store.db, { mailbox: 'journalist@example.dk' });
      expect(log.map((r) => r.event)).toContain('delivered');
    } finally {
      await store.close();
    }
    const shown = JSON.parse((await cli(s, ['requests', 'show', 'R-2026-0001', '--json'], NOW)).stdout) as { state: string; events: Array<{ kind: string }> };
    expect(shown.events.map((e) => e.kind)).toEqual(['received', 'warned', 'masked', 'decided', 'letter-sent']);
  });
});

describe('the Danish delay notice (offentlighedsloven § 36)', () => {
  it('past the 7 working days: the reasoned notice with the expected date reaches the requester', { timeout: 240_000 }, async () => {
    const added = await cli(s, ['requests', 'add', '--item', 'q-dk-1', '--unit', 'borgerservice', '--received-at', '2026-11-20T10:00:00+01:00', '--reply-to', 'borger@example.dk', '--lang', 'da', '--description', 'Alle breve i min sag', '--json'], NOW);
    expect(added.code, added.stderr).toBe(0);
    const { id } = JSON.parse(added.stdout) as { id: string };
    const sent = await cli(s, ['requests', 'delay', id, '--expected', '2026-12-18T12:00:00+01:00', '--reason', 'Sagen omfatter mange dokumenter, som skal gennemgås', '--send'], NOW);
    expect(sent.code, sent.stderr).toBe(0);
    const arrived = await waitFor(() => sink.messages().find((m) => m.to.includes('borger@example.dk')), 30_000);
    const mail = await PostalMime.parse(arrived.raw);
    expect(mail.subject).toBe(`Din anmodning om aktindsigt (${id}) tager længere tid`);
    const text = mail.text!.replace(/\s+/g, ' ');
    expect(text).toContain('af 20. november 2026: Alle breve i min sag');
    expect(text).toContain('Det skyldes: Sagen omfatter mange dokumenter, som skal gennemgås');
    expect(text).toContain('senest 18. december 2026 (offentlighedsloven § 36, stk. 2)');
    const list = JSON.parse((await cli(s, ['requests', 'list', '--json'], NOW)).stdout) as Array<{ id: string; dueAt: string }>;
    expect(list.find((r) => r.id === id)!.dueAt).toBe('2026-12-18T12:00:00+01:00');
  });
});
