/**
 * Suggestions on real-shaped mail (issue 18 item 1): a citizen's question, a sick note, a
 * newsletter, an out-of-office reply, an internal lunch note, a Swedish decision going out and a
 * Swedish report of concern. Each gets the status a registrar would expect, with its reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/message/parse.ts';
import { groundsFor, type Country } from '../../src/records/grounds.ts';
import { suggestStatus } from '../../src/records/suggest.ts';
import type { RecordDocument } from '../../src/records/documents.ts';

async function suggestFor(file: string, country: Country, direction: RecordDocument['direction']) {
  const raw = readFileSync(new URL(`../fixtures/records/${file}`, import.meta.url));
  const message = await parseMessage(raw);
  return suggestStatus({ sender: message.from!.address, direction }, message, groundsFor(country, [], 'secret'));
}

describe('record status suggestions', () => {
  it.each([
    ['dk-in-question.eml', 'DK', 'in', { status: 'public', ground: null, reason: 'default-public' }],
    ['dk-in-health.eml', 'DK', 'in', { status: 'secret', ground: 'dk-offl-30-1', reason: 'sensitive-content' }],
    ['dk-in-newsletter.eml', 'DK', 'in', { status: 'little-importance', ground: null, reason: 'newsletter' }],
    ['dk-in-autoreply.eml', 'DK', 'in', { status: 'little-importance', ground: null, reason: 'auto-reply' }],
    ['dk-internal-lunch.eml', 'DK', 'internal', { status: 'not-public', ground: 'bk19-internal-no-facts', reason: 'internal-no-facts' }],
    ['se-out-decision.eml', 'SE', 'out', { status: 'public', ground: null, reason: 'default-public' }],
    ['se-in-social.eml', 'SE', 'in', { status: 'secret', ground: 'se-osl-26-1', reason: 'sensitive-content' }],
  ] as const)('%s (%s, %s)', async (file, country, direction, expected) => {
    expect(await suggestFor(file, country, direction)).toMatchObject(expected);
  });

  it('does not call the same short note internal-no-facts when it goes out to a citizen', async () => {
    expect(await suggestFor('dk-internal-lunch.eml', 'DK', 'out')).toMatchObject({ status: 'public', reason: 'default-public' });
  });

  it('names the category found, never the words', async () => {
    const s = await suggestFor('dk-in-health.eml', 'DK', 'in');
    expect(s.details).toEqual({ categories: ['health'] });
    expect(JSON.stringify(s)).not.toMatch(/depression|diagnose/i);
  });
});
