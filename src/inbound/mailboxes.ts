/**
 * Which mailbox an address is, and which addresses are the municipality's own. A configured
 * mailbox answers for itself; any other address of the own domains is a personal mailbox of the
 * person it names, in no unit, with the default answer time (issue 17, item 3).
 */
import type { Config } from '../config/schema.ts';
import { DEFAULT_ANSWER_DAYS, type MailboxConfig } from './config.ts';

export interface Mailbox extends MailboxConfig {
  /** False for an address of the own domains that is not in `mailboxes`. */
  configured: boolean;
}

export interface Mailboxes {
  /** The own domains (subdomains included). */
  isOwn(address: string): boolean;
  /** The mailbox of an own address; undefined for an address outside the own domains. */
  lookup(address: string): Mailbox | undefined;
  /** Whether `person` may answer for `mailbox`: the mailbox itself, an owner or a member. */
  answersFor(mailbox: Mailbox, person: string): boolean;
}


export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

export function createMailboxes(config: Pick<Config, 'municipality' | 'mailboxes'>): Mailboxes {
  const domains = config.municipality.domains;
  const byAddress = new Map(config.mailboxes.map((m) => [m.address, m]));
  const isOwn = (address: string) => {
    if (!address.includes('@')) return false;
    const d = domainOf(address);
    return domains.some((own) => d === own || d.endsWith(`.${own}`));
  };
  return {
    isOwn,
    lookup(address) {
      const key = address.toLowerCase();
      const box = byAddress.get(key);
      if (box) return { ...box, configured: true };
      if (!isOwn(key)) return undefined;
      return { address: key, kind: 'personal', unit: '', owners: [key], members: [], answerDays: DEFAULT_ANSWER_DAYS, configured: false };
    },
    answersFor(mailbox, person) {
      const p = person.toLowerCase();
      return p === mailbox.address || mailbox.owners.includes(p) || mailbox.members.includes(p);
    },
  };
}
