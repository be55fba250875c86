/**
 * The `inbound` and `mailboxes` sections (issue 17, item 3): both samples load them, bad entries
 * are refused naming the key, and an address of the own domains that is not listed is a personal
 * mailbox with the default answer time.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, samplePath } from '../../src/config/load.ts';
import { createMailboxes } from '../../src/inbound/mailboxes.ts';

const sample = (c: 'dk' | 'se') => readFileSync(samplePath(c), 'utf8');

function errorOf(text: string): string {
  try {
    parseConfig(text, 'postvakt.yaml', {});
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('mailboxes and inbound config', () => {
  it.each(['dk', 'se'] as const)('the %s sample has an official and a function mailbox and the inbound door on 2526', (c) => {
    const config = parseConfig(sample(c), `${c}.yaml`, {});
    expect(config.inbound.port).toBe(2526);
    expect(config.inbound.enabled).toBe(false);
    expect(config.mailboxes.map((m) => m.kind).sort()).toEqual(['function', 'official']);
    expect(config.mailboxes.every((m) => m.answerDays === 2)).toBe(true);
    const boxes = createMailboxes(config);
    const fn = config.mailboxes.find((m) => m.kind === 'function')!;
    expect(boxes.lookup(fn.address.toUpperCase())).toMatchObject({ kind: 'function', configured: true, unit: fn.unit });
    expect(boxes.answersFor(boxes.lookup(fn.address)!, fn.members[0]!)).toBe(true);
    const domain = fn.address.split('@')[1]!;
    expect(boxes.lookup(`someone.else@${domain}`)).toMatchObject({ kind: 'personal', configured: false, answerDays: 2, unit: '' });
    expect(boxes.lookup('someone@example.org')).toBeUndefined();
    expect(boxes.isOwn(`x@sub.${domain}`)).toBe(true);
    expect(boxes.isOwn(`x@not${domain}`)).toBe(false);
  });

  it('refuses an unknown kind, a mailbox listed twice and a shared mailbox nobody answers', () => {
    const dk = sample('dk');
    expect(errorOf(dk.replace('kind: function', 'kind: shared'))).toMatch(/mailboxes\.1\.kind: "shared" is not allowed; expected one of personal, function, official/);
    expect(errorOf(dk.replace('address: jobcenter@', 'address: post@'))).toMatch(/mailboxes\.1\.address: .*listed twice/);
    expect(errorOf(dk.replace(', members: [borgerservice-vagt@eksempel-kommune.dk]', ''))).toMatch(/mailboxes\.0\.owners: .*needs owners or members/);
    expect(errorOf(dk.replace('unit: jobcenter,', 'unit: jobcenter, answerDays: 0,'))).toMatch(/mailboxes\.1\.answerDays/);
    expect(errorOf(dk.replace('port: 2526', 'port: 70000'))).toMatch(/inbound\.port: 70000/);
  });
});
