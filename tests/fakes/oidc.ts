// A fake Google OpenID provider on a loopback port, speaking Google's wire format: the authorization
// endpoint (code flow, PKCE), the token endpoint (client_secret_basic or _post), RS256-signed ID
// tokens, plus discovery and JWKS. Nobody is asked anything: /authorize signs in the configured person.
import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The Google account that "signs in" at /authorize. */
export interface FakeGoogleUser {
  sub: string;
  email: string;
  email_verified: boolean;
  /** Omitted from the ID token when undefined (Google leaves it out without the profile scope). */
  name?: string | undefined;
}

export interface FakeOidcOptions {
  clientId: string;
  clientSecret: string;
  /** `iss` of the ID tokens; defaults to the server's own URL. */
  issuer?: string;
}

/** What the token endpoint answered, for assertions. */
export interface TokenRequestRecord {
  status: number;
  /** The OAuth error code sent back, if any. */
  error?: string;
  /** How the client authenticated. */
  clientAuth: 'basic' | 'post' | 'none';
}

export interface FakeOidc {
  url: string;
  issuer: string;
  authUrl: string;
  tokenUrl: string;
  /** Allows a redirect_uri (Google only redirects to registered ones). */
  registerRedirectUri(uri: string): void;
  /** Who signs in at the next /authorize calls. */
  setUser(user: FakeGoogleUser): void;
  /** The person declines consent at the next /authorize: redirect with error=access_denied. */
  denyNext(): void;
  /** Claims merged into the next ID token (e.g. a foreign `aud`, an `exp` in the past). */
  overrideNextIdToken(claims: Record<string, unknown>): void;
  /** The next /token call fails: an OAuth error JSON body for 400/401, an empty body otherwise. */
  failNextToken(failure: { status: number; error?: string; description?: string }): void;
  tokenRequests: TokenRequestRecord[];
  stop(): Promise<void>;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  nonce: string | undefined;
  user: FakeGoogleUser;
  expiresAt: number;
  used: boolean;
}

const CODE_TTL_MS = 10 * 60 * 1000;
const ID_TOKEN_TTL_S = 3600;

/** Starts the fake provider on 127.0.0.1 and a free port. */
export async function startFakeOidc(opts: FakeOidcOptions): Promise<FakeOidc> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(20).toString('hex');
  const codes = new Map<string, IssuedCode>();
  const redirectUris = new Set<string>();
  const tokenRequests: TokenRequestRecord[] = [];
  let user: FakeGoogleUser = { sub: '100000000000000000001', email: 'someone@gmail.test', email_verified: true, name: 'Some One' };
  let deny = false;
  let claimOverrides: Record<string, unknown> | null = null;
  let tokenFailure: { status: number; error?: string; description?: string } | null = null;
  let base = '';
  let issuer = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: String(err) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    if (req.method === 'GET' && url.pathname === '/authorize') return authorize(url, res);
    if (url.pathname === '/token') {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request', error_description: 'POST only' });
      return token(req, res);
    }
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return sendJson(res, 200, {
        issuer,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        jwks_uri: `${base}/oauth2/v3/certs`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid', 'email', 'profile'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        code_challenge_methods_supported: ['plain', 'S256'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/oauth2/v3/certs') {
      return sendJson(res, 200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
    }
    sendJson(res, 404, { error: 'not_found' });
  }

  // RFC 6749 §4.1.2.1: a bad client_id or redirect_uri is shown to the person, never redirected.
  function authorize(url: URL, res: ServerResponse): void {
    const p = url.searchParams;
    const clientId = p.get('client_id');
    const redirectUri = p.get('redirect_uri') ?? '';
    if (clientId !== opts.clientId) return sendText(res, 401, 'Error 401: invalid_client\nThe OAuth client was not found.');
    if (!redirectUris.has(redirectUri)) return sendText(res, 400, `Error 400: redirect_uri_mismatch\n${redirectUri}`);
    const state = p.get('state');
    const back = (params: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      if (state !== null) target.searchParams.set('state', state);
      res.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' }).end();
    };
    const invalid = (description: string) => back({ error: 'invalid_request', error_description: description });
    if (p.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', error_description: 'Only code is supported' });
    const scope = p.get('scope');
    if (!scope) return invalid('Missing required parameter: scope');
    if (!scope.split(' ').includes('openid')) return invalid('Missing scope: openid');
    const challenge = p.get('code_challenge');
    if (!challenge) return invalid('Missing required parameter: code_challenge');
    if (p.get('code_challenge_method') !== 'S256') return invalid('Invalid code_challenge_method');
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return invalid('Invalid code_challenge');
    if (deny) {
      deny = false;
      return back({ error: 'access_denied' });
    }
    const code = `4/0${randomBytes(32).toString('base64url')}`;
    codes.set(code, {
      clientId,
      redirectUri,
      codeChallenge: challenge,
      scope,
      nonce: p.get('nonce') ?? undefined,
      user: { ...user },
      expiresAt: Date.now() + CODE_TTL_MS,
      used: false,
    });
    // Google puts the granted scopes and the account index on the redirect as well.
    back({ code, scope: grantedScopes(scope), authuser: '0', prompt: 'none' });
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const contentType = req.headers['content-type'] ?? '';
    const body = new URLSearchParams(await readBody(req));
    const clientAuth = readClientAuth(req, body);
    const answer = (status: number, payload: object | null, error?: string) => {
      const record: TokenRequestRecord = { status, clientAuth: clientAuth.method };
      if (error) record.error = error;
      tokenRequests.push(record);
      if (payload === null) return void res.writeHead(status, { 'content-length': '0' }).end();
      sendJson(res, status, payload);
    };
    const refuse = (status: number, error: string, description: string) => answer(status, { error, error_description: description }, error);

    if (tokenFailure) {
      const failure = tokenFailure;
      tokenFailure = null;
      if (failure.status === 400 || failure.status === 401) {
        return refuse(failure.status, failure.error ?? 'invalid_request', failure.description ?? 'Bad Request');
      }
      return answer(failure.status, null, failure.error ?? `http_${failure.status}`);
    }
    if (!contentType.startsWith('application/x-www-form-urlencoded')) return refuse(400, 'invalid_request', 'Invalid content type');
    if (body.get('grant_type') !== 'authorization_code') {
      return refuse(400, 'unsupported_grant_type', `Invalid grant_type: ${body.get('grant_type') ?? ''}`);
    }
    if (clientAuth.method === 'none' || clientAuth.clientId !== opts.clientId) {
      return refuse(401, 'invalid_client', 'The OAuth client was not found.');
    }
    if (clientAuth.clientSecret !== opts.clientSecret) return refuse(401, 'invalid_client', 'Unauthorized');

    const code = body.get('code');
    if (!code) return refuse(400, 'invalid_request', 'Missing required parameter: code');
    const issued = codes.get(code);
    if (!issued || issued.used || issued.expiresAt < Date.now() || issued.clientId !== clientAuth.clientId) {
      return refuse(400, 'invalid_grant', 'Malformed auth code.');
    }
    // A code is good for one redemption attempt, even a failed one (RFC 6749 §4.1.2).
    issued.used = true;
    if (body.get('redirect_uri') !== issued.redirectUri) return refuse(400, 'redirect_uri_mismatch', 'Bad Request');
    const verifier = body.get('code_verifier');
    if (!verifier) return refuse(400, 'invalid_grant', 'Missing code verifier.');
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || s256(verifier) !== issued.codeChallenge) {
      return refuse(400, 'invalid_grant', 'Invalid code verifier.');
    }

    const accessToken = `ya29.${randomBytes(48).toString('base64url')}`;
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      iss: issuer,
      azp: opts.clientId,
      aud: opts.clientId,
      sub: issued.user.sub,
      email: issued.user.email,
      email_verified: issued.user.email_verified,
      at_hash: atHash(accessToken),
      ...(issued.nonce ? { nonce: issued.nonce } : {}),
      ...(issued.user.name !== undefined ? { name: issued.user.name } : {}),
      iat: now,
      exp: now + ID_TOKEN_TTL_S,
      ...claimOverrides,
    };
    claimOverrides = null;
    answer(200, {
      access_token: accessToken,
      expires_in: ID_TOKEN_TTL_S - 1,
      scope: grantedScopes(issued.scope),
      token_type: 'Bearer',
      id_token: signJwt(privateKey, kid, claims),
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = opts.issuer ?? base;

  return {
    url: base,
    issuer,
    authUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    registerRedirectUri: (uri) => void redirectUris.add(uri),
    setUser: (next) => void (user = { ...next }),
    denyNext: () => void (deny = true),
    overrideNextIdToken: (claims) => void (claimOverrides = { ...claims }),
    failNextToken: (failure) => void (tokenFailure = failure),
    tokenRequests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The base64url SHA-256 of a PKCE verifier (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** The claims of a JWT, unverified (for assertions). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

// Google answers with its long scope names for the email and profile shorthands.
function grantedScopes(requested: string): string {
  const long: Record<string, string> = {
    email: 'https://www.googleapis.com/auth/userinfo.email',
    profile: 'https://www.googleapis.com/auth/userinfo.profile',
  };
  return requested
    .split(' ')
    .filter(Boolean)
    .map((s) => long[s] ?? s)
    .join(' ');
}

// OIDC Core §3.1.3.6: the left half of the access token's SHA-256, base64url.
function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}

function signJwt(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

// RFC 6749 §2.3.1: client_secret_basic (form-encoded id and secret) or client_secret_post.
function readClientAuth(
  req: IncomingMessage,
  body: URLSearchParams,
): { method: 'basic' | 'post' | 'none'; clientId?: string; clientSecret?: string } {
  const header = req.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { method: 'none' };
    const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    try {
      return { method: 'basic', clientId: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
    } catch {
      return { method: 'none' };
    }
  }
  const clientId = body.get('client_id');
  const clientSecret = body.get('client_secret');
  if (clientId && clientSecret) return { method: 'post', clientId, clientSecret };
  return { method: 'none' };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
      pragma: 'no-cache',
      'content-length': Buffer.byteLength(body),
    })
    .end(body);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
}
