/**
 * One message, one direction in the mail log (BK-28, issue 17 item 2): `in` from outside to the
 * municipality, `out` when it leaves (any recipient outside), `internal` between its own
 * addresses. Postvakt's own notices are the municipality's mail too: the null sender counts as own.
 */
export type Direction = 'in' | 'out' | 'internal';

export function messageDirection(from: string, to: string[], isOwn: (address: string) => boolean): Direction {
  const ownSender = from === '' || isOwn(from);
  if (!ownSender) return 'in';
  return to.every(isOwn) ? 'internal' : 'out';
}

/** The direction an item recorded when it was made; items spooled before directions existed went out. */
export function recordedDirection(decision: Record<string, unknown>, fallback: Direction): Direction {
  const d = decision.direction;
  return d === 'in' || d === 'out' || d === 'internal' ? d : fallback;
}
