/**
 * The role matrix (least privilege, FX-4): for each page and its JSON API, which roles may open it
 * and how much of it they see. Route guards, the menu, the queue's and the register's scoping all
 * read this one table; README's "Roles" section shows it, and test/web/roles.test.ts tries every cell.
 *
 * - `unit`: only what belongs to the viewer's own unit: the unit's flags with reason and notes, and
 *   held letters to citizens the unit flagged (or that the viewer sent);
 * - `all`: everything on the page, never a flag's reason, notes or who is flagged;
 * - `overview`: the register's units and dates (review due, expiry, owner), never reason or citizen;
 * - `own`: only the viewer's own records (their absences, notice times, duty marks).
 *   on the "Awaiting answer" page every unit's items with the correspondent masked, and no answering.
 */
import type { WebRole } from './config.ts';
import type { WebUser } from './auth/users.ts';

export type Scope = 'unit' | 'all' | 'overview' | 'own';

export const ROLE_MATRIX = {
  held: { caseworker: 'unit', admin: 'all' },
  register: { caseworker: 'unit', manager: 'overview' },
  check: { caseworker: 'all', registrar: 'all', manager: 'all', admin: 'all' },
  calendar: { caseworker: 'all', registrar: 'all', manager: 'all', admin: 'all' },
  log: { registrar: 'all' },
  /** BK-10, BK-16, BK-21: everyone their own; a manager also their unit's absences. */
  away: { caseworker: 'own', registrar: 'own', manager: 'unit', admin: 'own' },
  // BK-14, BK-15: a case worker answers their unit's mail; managers and administrators see every unit, correspondents masked.
  answers: { caseworker: 'unit', manager: 'overview', admin: 'overview' },
  // BK-20: the registrar registers; the page shows mail content, so no other role opens it.
  records: { registrar: 'all' },
  // Requests for documents (BK-23, BK-25): the holder (a case worker of the unit) masks its own
  // unit's; the registrar, who judges in doubt, every request.
  requests: { caseworker: 'unit', registrar: 'all' },
} as const satisfies Record<string, Partial<Record<WebRole, Scope>>>;

export type PageName = keyof typeof ROLE_MATRIX;

/** How much of `page` the viewer sees, or null when their role may not open it. */
export function scopeOf(viewer: WebUser | null, page: PageName): Scope | null {
  if (!viewer) return null;
  return (ROLE_MATRIX[page] as Partial<Record<WebRole, Scope>>)[viewer.role] ?? null;
}

export function mayOpen(viewer: WebUser | null, page: PageName): boolean {
  return scopeOf(viewer, page) !== null;
}

/** A flag's reason and notes are read only by case workers of the flag's unit; every read is audited. */
export function mayReadReason(viewer: WebUser, flagUnit: string): boolean {
  return scopeOf(viewer, 'register') === 'unit' && viewer.unit === flagUnit;
}
