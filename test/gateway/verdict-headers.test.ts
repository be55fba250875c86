/**
 * Postvakt's headers as a delivery leaves (FX-4): none for anyone outside the internal domains,
 * whatever the configuration; for colleagues the verdict as it stands then and the findings
 * grouped one field per rule.
 */
import { describe, expect, it } from 'vitest';
import { groupedFindings, outgoingRaw } from '../../src/gateway/verdict-headers.ts';
import type { DeliveryItem } from '../../src/queue/transport.ts';
import { isInternal } from '../../src/rules/support.ts';

const INTERNAL = ['eksempel-kommune.dk'];
const own = (domains: string[]) => (address: string) => isInternal(address, domains);
const SIGNATURE = { ruleId: 'common-signature', clause: 'BK-13', level: 'suggestion' };
const DATE = { ruleId: 'reply-by-date-iso', clause: 'BK-4', level: 'warning' };

function item(to: string[], decision: Record<string, unknown>): DeliveryItem {
  const raw = Buffer.from(
    'Received: from mta by postvakt\r\nX-Postvakt-Verdict: forged\r\nX-Postvakt-Deadline: 2026-12-18\r\nx-postvakt-urgent: no\r\nSubject: Hej\r\n\r\nX-Postvakt-Verdict: in the body stays\r\n',
  );
  return { id: 'i', channel: 'email', raw, envelope: { from: 'cw@eksempel-kommune.dk', to }, decision };
}

const headOf = (raw: Buffer) => raw.toString('latin1').split('\r\n\r\n')[0]!;

describe('verdict headers at delivery', () => {
  const findings = [...Array.from({ length: 11 }, () => SIGNATURE), DATE, DATE];

  it.each([true, false])('strip every X-Postvakt- field for a citizen, verdictHeaders %s', (enabled) => {
    const out = outgoingRaw(item(['borger@example.dk'], { verdict: 'hold', findings }), { enabled, isOwn: own(INTERNAL) });
    expect(headOf(out)).not.toMatch(/x-postvakt-/i);
    expect(headOf(out)).toContain('Subject: Hej');
    expect(out.toString('latin1')).toContain('X-Postvakt-Verdict: in the body stays');
  });

  it('strip them when one recipient of the delivery is outside, or no internal domain is configured', () => {
    const mixed = outgoingRaw(item(['kollega@eksempel-kommune.dk', 'borger@example.dk'], { verdict: 'deliver', findings }), { enabled: true, isOwn: own(INTERNAL) });
    expect(headOf(mixed)).not.toMatch(/x-postvakt-/i);
    const none = outgoingRaw(item(['kollega@eksempel-kommune.dk'], { verdict: 'deliver', findings }), { enabled: true, isOwn: own([]) });
    expect(headOf(none)).not.toMatch(/x-postvakt-/i);
  });

  it('give a colleague the verdict, "released" once a hold is over, and one field per rule', () => {
    const out = headOf(outgoingRaw(item(['kollega@afdeling.eksempel-kommune.dk'], { verdict: 'hold', findings }), { enabled: true, isOwn: own(INTERNAL) }));
    expect(out).not.toMatch(/forged|hold|Deadline|urgent/i);
    expect(out.match(/^X-Postvakt-Verdict: .*$/gm)).toEqual(['X-Postvakt-Verdict: released']);
    expect(out.match(/^X-Postvakt-Findings: .*$/gm)).toEqual([
      'X-Postvakt-Findings: BK-13 common-signature (suggestion); count=11',
      'X-Postvakt-Findings: BK-4 reply-by-date-iso (warning); count=2',
    ]);
  });

  it('give nothing to a notice or a DSN, which carry no verdict', () => {
    const out = headOf(outgoingRaw(item(['cw@eksempel-kommune.dk'], { notice: 'held', for: 'x' }), { enabled: true, isOwn: own(INTERNAL) }));
    expect(out).not.toMatch(/x-postvakt-/i);
  });

  it('group findings in the order first seen', () => {
    expect(groupedFindings([DATE, SIGNATURE, DATE])).toEqual(['BK-4 reply-by-date-iso (warning); count=2', 'BK-13 common-signature (suggestion)']);
  });
});
