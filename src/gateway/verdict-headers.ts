/**
 * Postvakt's own headers on a delivery, written when it leaves (FX-4). Every `X-Postvakt-*` field
 * is removed from every delivery: a verdict, a finding or a sender's deadline hint tells a citizen
 * or their mail provider something about the register. Only a delivery whose every recipient is
 * in the organisation's own domains gets the verdict back, as it stands at delivery ("released"
 * for a held message, never a stale "hold"), and the findings grouped, one field per rule.
 */
import type { DeliveryItem } from '../queue/transport.ts';
import { editHeaders, headerValue, splitMessage } from './headers.ts';
import type { SmtpEnvelope } from './smarthost.ts';

export interface VerdictHeaderOptions {
  enabled: boolean;
  /** Whether an address is of the organisation's own domains (`municipality.domains`). */
  isOwn(address: string): boolean;
}

const PREFIX = 'x-postvakt-';

/** Every recipient is of the own domains (false for no recipients). */
export function allInternal(recipients: string[], isOwn: (address: string) => boolean): boolean {
  return recipients.length > 0 && recipients.every(isOwn);
}

interface StoredFinding {
  ruleId: string;
  clause: string;
  level: string;
}

/** One field value per rule, in first-seen order, with how often it was found. */
export function groupedFindings(findings: StoredFinding[]): string[] {
  const byRule = new Map<string, { finding: StoredFinding; count: number }>();
  for (const f of findings) {
    const seen = byRule.get(f.ruleId);
    if (seen) seen.count++;
    else byRule.set(f.ruleId, { finding: f, count: 1 });
  }
  return [...byRule.values()].map(({ finding, count }) => `${finding.clause} ${finding.ruleId} (${finding.level})${count > 1 ? `; count=${count}` : ''}`);
}

/** The names of the header fields starting with `X-Postvakt-`, as written. */
function postvaktFields(raw: Buffer): string[] {
  const head = splitMessage(raw).head.toString('latin1');
  const names = new Set<string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !/^[ \t]/.test(line) && line.slice(0, colon).trim().toLowerCase().startsWith(PREFIX)) names.add(line.slice(0, colon).trim());
  }
  return [...names];
}

/** The bytes to hand the smart host for one delivery. */
export function outgoingRaw(item: DeliveryItem, options: VerdictHeaderOptions): Buffer {
  const remove = postvaktFields(item.raw);
  const envelope = item.envelope as unknown as SmtpEnvelope;
  const verdict = item.decision?.verdict;
  const prepend: string[] = [];
  if (options.enabled && typeof verdict === 'string' && allInternal(envelope.to ?? [], options.isOwn)) {
    prepend.push(headerValue(`X-Postvakt-Verdict: ${verdict === 'hold' ? 'released' : verdict}`));
    const findings = Array.isArray(item.decision?.findings) ? (item.decision.findings as StoredFinding[]) : [];
    for (const line of groupedFindings(findings)) prepend.push(headerValue(`X-Postvakt-Findings: ${line}`));
  }
  if (remove.length === 0 && prepend.length === 0) return item.raw;
  return editHeaders(item.raw, { remove, prepend });
}
