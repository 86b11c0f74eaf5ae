// Google sign-in (OpenID Connect, authorization code + PKCE) through arctic's generic OAuth2 client.
// The endpoints come from env so the tests can point them at a fake provider.
import { CodeChallengeMethod, decodeIdToken, generateCodeVerifier, generateState, OAuth2Client } from 'arctic';
import type { Bindings } from '../env';

const DEFAULT_AUTH_URL = 'https://accounts.google.com/o/oauth2/v2/auth';
const DEFAULT_TOKEN_URL = 'https://oauth2.googleapis.com/token';
// Google documents both spellings of its issuer (OIDC discovery says the https one).
const DEFAULT_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];
const SCOPES = ['openid', 'email', 'profile'];

export interface GoogleConfig {
  clientId: string;
  clientSecret: string;
  authUrl: string;
  tokenUrl: string;
  /** Accepted `iss` values of the ID token. */
  issuers: string[];
}

/** What we take from a verified ID token. */
export interface GoogleProfile {
  /** Google's stable account id (`sub`): emails can change, this cannot. */
  sub: string;
  email: string;
  /** The display name, or null when the token carries none. */
  name: string | null;
}

/** The outcome of redeeming an authorization code. */
export type GoogleExchange =
  | { kind: 'ok'; profile: GoogleProfile }
  /** The token endpoint refused the code (bad verifier, reused code, ...) or could not be reached. */
  | { kind: 'token_error'; detail: string }
  /** The ID token is missing, malformed, or not for us (issuer, audience, expiry). */
  | { kind: 'invalid_id_token'; detail: string }
  | { kind: 'email_unverified' };

/** Google's settings, or null when sign-in with Google is not configured. */
export function googleConfig(env: Bindings): GoogleConfig | null {
  const clientId = env.GOOGLE_CLIENT_ID?.trim();
  const clientSecret = env.GOOGLE_CLIENT_SECRET?.trim();
  if (!clientId || !clientSecret) return null;
  const issuer = env.GOOGLE_ISSUER?.trim();
  return {
    clientId,
    clientSecret,
    authUrl: env.GOOGLE_AUTH_URL?.trim() || DEFAULT_AUTH_URL,
    tokenUrl: env.GOOGLE_TOKEN_URL?.trim() || DEFAULT_TOKEN_URL,
    issuers: issuer ? [issuer] : DEFAULT_ISSUERS,
  };
}

/** The callback URL registered with Google, on the origin the API was called on. */
export function googleRedirectUri(requestUrl: string): string {
  return `${new URL(requestUrl).origin}/api/auth/google/callback`;
}

/** A fresh authorization request: the URL to send the browser to, and the secrets to keep until it returns. */
export function googleAuthorization(config: GoogleConfig, redirectUri: string): { url: URL; state: string; codeVerifier: string } {
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const client = new OAuth2Client(config.clientId, config.clientSecret, redirectUri);
  const url = client.createAuthorizationURLWithPKCE(config.authUrl, state, CodeChallengeMethod.S256, codeVerifier, SCOPES);
  return { url, state, codeVerifier };
}

/** Redeems the code at the token endpoint (PKCE) and checks the ID token that comes back. */
export async function exchangeGoogleCode(
  config: GoogleConfig,
  redirectUri: string,
  code: string,
  codeVerifier: string,
): Promise<GoogleExchange> {
  const client = new OAuth2Client(config.clientId, config.clientSecret, redirectUri);
  let idToken: string;
  try {
    const tokens = await client.validateAuthorizationCode(config.tokenUrl, code, codeVerifier);
    idToken = tokens.idToken();
  } catch (err) {
    return { kind: 'token_error', detail: describeError(err) };
  }
  return checkIdToken(idToken, config, Date.now());
}

/**
 * Checks an ID token received straight from the token endpoint over TLS. OIDC Core §3.1.3.7 lets a
 * client skip the signature for such a token; issuer, audience, expiry and email_verified still count.
 */
export function checkIdToken(idToken: string, config: GoogleConfig, nowMs: number): GoogleExchange {
  let claims: Record<string, unknown>;
  try {
    claims = decodeIdToken(idToken) as Record<string, unknown>;
  } catch {
    return { kind: 'invalid_id_token', detail: 'malformed' };
  }
  if (typeof claims.iss !== 'string' || !config.issuers.includes(claims.iss)) {
    return { kind: 'invalid_id_token', detail: `issuer ${String(claims.iss)}` };
  }
  if (!audienceIsUs(claims, config.clientId)) return { kind: 'invalid_id_token', detail: 'audience' };
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return { kind: 'invalid_id_token', detail: 'expired' };
  const sub = claims.sub;
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  if (typeof sub !== 'string' || sub === '' || sub.length > 255) return { kind: 'invalid_id_token', detail: 'sub' };
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320) return { kind: 'invalid_id_token', detail: 'email' };
  // Only an address Google has verified may open, or be linked to, an account with that address.
  if (claims.email_verified !== true) return { kind: 'email_unverified' };
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : null;
  return { kind: 'ok', profile: { sub, email, name } };
}

// OIDC Core §3.1.3.7 items 3–5: aud must contain our client id, and with several audiences azp must be us.
function audienceIsUs(claims: Record<string, unknown>, clientId: string): boolean {
  const aud = claims.aud;
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(clientId)) return false;
  if (claims.azp !== undefined && claims.azp !== clientId) return false;
  return audiences.length === 1 || claims.azp === clientId;
}

export { safeNextPath } from '../../core/api/next-path';

function describeError(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return `oauth error ${err.code}`;
  if (err && typeof err === 'object' && 'status' in err) return `unexpected response ${String(err.status)}`;
  if (err instanceof Error) return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
  return String(err);
}
