/**
 * Sign-in through the organisation's IdP (Entra ID, Keycloak, …) with openid-client: the
 * authorization code flow with PKCE, state and nonce. The role and unit come from ID-token
 * claims, so access follows the IdP's groups and is withdrawn there.
 */
import * as client from 'openid-client';
import { WEB_ROLES, type OidcConfig, type WebRole } from '../config.ts';
import { isRole } from './users.ts';

export interface OidcPending {
  verifier: string;
  state: string;
  nonce: string;
  next: string;
}

export interface OidcIdentity {
  username: string;
  role: WebRole | null;
  unit: string;
}

export class OidcError extends Error {}

export interface OidcSignIn {
  start(next: string): Promise<{ url: string; pending: OidcPending }>;
  finish(callbackUrl: URL, pending: OidcPending): Promise<OidcIdentity>;
}

/** Privilege order: when the IdP grants several roles, the broadest wins. */
const ORDER: readonly WebRole[] = [...WEB_ROLES].reverse();

export function roleFromClaim(value: unknown, roleMap: Record<string, WebRole>): WebRole | null {
  const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  const roles = values.map((v) => roleMap[v] ?? (isRole(v) ? v : null)).filter((r): r is WebRole => r !== null);
  return ORDER.find((r) => roles.includes(r)) ?? null;
}

/**
 * `discovery` passes options to openid-client's discovery; production passes none (HTTPS only).
 * Tests pass `execute: [allowInsecureRequests]` to talk to a local IdP over plain HTTP.
 */
export function oidcSignIn(
  config: OidcConfig,
  redirectUri: string,
  env: NodeJS.ProcessEnv = process.env,
  discovery?: client.DiscoveryRequestOptions,
): OidcSignIn {
  const secret = config.clientSecret ?? env.POSTVAKT_OIDC_CLIENT_SECRET;
  let discovered: Promise<client.Configuration> | undefined;
  // Discovery is lazy and retried after a failure, so an IdP outage at start does not stop Postvakt.
  const configuration = () => {
    discovered ??= client.discovery(new URL(config.issuer), config.clientId, secret, undefined, discovery).catch((err: unknown) => {
      discovered = undefined;
      throw new OidcError(`OIDC discovery at ${config.issuer} failed: ${(err as Error).message}`);
    });
    return discovered;
  };
  return {
    async start(next) {
      const pending: OidcPending = {
        verifier: client.randomPKCECodeVerifier(),
        state: client.randomState(),
        nonce: client.randomNonce(),
        next,
      };
      const url = client.buildAuthorizationUrl(await configuration(), {
        redirect_uri: redirectUri,
        scope: config.scope,
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.toString(), pending };
    },
    async finish(callbackUrl, pending) {
      const tokens = await client.authorizationCodeGrant(await configuration(), callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new OidcError('the IdP returned no ID token');
      const username = claims[config.usernameClaim] ?? claims.email ?? claims.sub;
      const unit = claims[config.unitClaim];
      return {
        username: String(username),
        role: roleFromClaim(claims[config.roleClaim], config.roleMap),
        unit: typeof unit === 'string' && unit.length > 0 ? unit : '-',
      };
    },
  };
}
