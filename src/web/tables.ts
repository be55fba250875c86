/**
 * The web app's tables. Session and link tokens are stored only as SHA-256 hashes, so a copy of
 * the database does not let anyone sign in or follow a notice link.
 */
import type { Generated } from 'kysely';

export interface WebTables {
  web_users: {
    id: Generated<number>;
    username: string;
    /** scrypt hash (see passwords.ts); null for accounts that sign in through OIDC. */
    password_hash: string | null;
    role: string;
    unit: string;
    source: string;
    created_at: number;
    disabled: number;
  };
  web_sessions: {
    token_hash: string;
    user_id: number;
    created_at: number;
    expires_at: number;
  };
  web_links: {
    token_hash: string;
    queue_id: string;
    created_at: number;
    expires_at: number;
    used_at: number | null;
  };
}
