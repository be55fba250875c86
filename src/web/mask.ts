/**
 * Recipients are shown masked in lists (data minimisation, GDPR art. 5(1)(c)): enough for the
 * sender to recognise their own letter, not enough to learn who is flagged from a screen glance.
 */
export function maskRecipient(recipient: string): string {
  const at = recipient.lastIndexOf('@');
  if (at > 0) {
    const local = recipient.slice(0, at);
    return `${local.slice(0, 1)}${'•'.repeat(Math.min(Math.max(local.length - 1, 3), 8))}${recipient.slice(at)}`;
  }
  // CPR (DDMMYY-NNNN) and personnummer (YYYYMMDD-NNNN): the birth date stays, the rest goes.
  const digits = recipient.replace(/\D/g, '');
  if (digits.length >= 10) return `${digits.slice(0, digits.length - 4)}-••••`;
  return '•'.repeat(Math.max(recipient.length, 4));
}
