// GET /api/auth/google and its callback: sign in with Google (OIDC code flow with PKCE). The flow's
// secrets ride in short-lived cookies scoped to these two paths; the end is a redirect into the app.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { googleCallbackQuery, googleStartQuery, type GoogleSignInError } from '../../core/api/oauth';
import googleAccountLinker from '../commands/googleAccountLinker';
import { signupCredits } from '../commands/userCreator';
import type { AppEnv } from '../env';
import { apiError } from '../errors';
import { timingSafeEqualString } from '../lib/bytes';
import { exchangeGoogleCode, googleAuthorization, googleConfig, googleRedirectUri, safeNextPath } from '../lib/google';
import { log } from '../lib/log';
import { primaryAppOrigin } from '../lib/origins';
import { clientIp } from '../lib/rate-limit';
import { createSession, setSessionCookie } from '../lib/sessions';
import { validate } from '../middleware/validate';

const STATE_COOKIE = 'seydam_google_state';
const VERIFIER_COOKIE = 'seydam_google_verifier';
const NEXT_COOKIE = 'seydam_google_next';
const FLOW_COOKIE_PATH = '/api/auth/google';
// Long enough to pick an account and consent, short enough that a stale flow cannot be finished later.
const FLOW_TTL_SECONDS = 10 * 60;

export const google = new Hono<AppEnv>()
  .get('/', validate('query', googleStartQuery), (c) => {
    const config = googleConfig(c.env);
    if (!config) throw googleDisabled();
    const { url, state, codeVerifier } = googleAuthorization(config, googleRedirectUri(c.req.url));
    setFlowCookie(c, STATE_COOKIE, state);
    setFlowCookie(c, VERIFIER_COOKIE, codeVerifier);
    const next = safeNextPath(c.req.valid('query').next);
    // An earlier, abandoned attempt may have left its own destination behind.
    if (next) setFlowCookie(c, NEXT_COOKIE, next);
    else deleteCookie(c, NEXT_COOKIE, flowCookieBase(c));
    return c.redirect(url.toString(), 302);
  })

  .get('/callback', validate('query', googleCallbackQuery), async (c) => {
    const config = googleConfig(c.env);
    if (!config) throw googleDisabled();
    const query = c.req.valid('query');
    const expectedState = getCookie(c, STATE_COOKIE);
    // A callback this browser did not start (login CSRF, or the cookies expired) goes no further, and
    // leaves the browser's own flow cookies alone.
    if (!expectedState || !query.state || !timingSafeEqualString(query.state, expectedState)) {
      throw apiError(400, 'invalid_oauth_state', 'This sign-in attempt expired or was not started here. Try signing in with Google again.');
    }
    const codeVerifier = getCookie(c, VERIFIER_COOKIE);
    const next = safeNextPath(getCookie(c, NEXT_COOKIE)) ?? '/dashboard';
    // One callback per flow, whatever its outcome.
    for (const name of [STATE_COOKIE, VERIFIER_COOKIE, NEXT_COOKIE]) deleteCookie(c, name, flowCookieBase(c));

    if (query.error) {
      log('info', 'google sign-in not granted', { requestId: c.get('requestId'), error: query.error });
      return toLogin(c, query.error === 'access_denied' ? 'google_cancelled' : 'google_failed');
    }
    if (!query.code || !codeVerifier) {
      log('warn', 'google sign-in callback without code or verifier', { requestId: c.get('requestId') });
      return toLogin(c, 'google_failed');
    }

    const exchange = await exchangeGoogleCode(config, googleRedirectUri(c.req.url), query.code, codeVerifier);
    switch (exchange.kind) {
      case 'token_error':
      case 'invalid_id_token':
        log('warn', 'google sign-in refused', { requestId: c.get('requestId'), reason: exchange.kind, detail: exchange.detail });
        return toLogin(c, 'google_failed');
      case 'email_unverified':
        return toLogin(c, 'google_email_unverified');
      case 'ok':
        break;
      default:
        return exchange satisfies never;
    }

    const db = c.get('db');
    const { user, kind } = await googleAccountLinker(db, { profile: exchange.profile, signupCredits: signupCredits(c.env) });
    if (!user.isActive) return toLogin(c, 'account_disabled');
    const session = await createSession(db, user.id, { userAgent: c.req.header('user-agent'), ip: clientIp(c) });
    setSessionCookie(c, session.secret, session.expiresAt);
    log('info', 'google sign-in', { requestId: c.get('requestId'), userId: user.id, account: kind });
    return c.redirect(`${primaryAppOrigin(c.env.APP_ORIGIN)}${next}`, 302);
  });

function googleDisabled() {
  return apiError(404, 'google_disabled', 'Sign-in with Google is not enabled here.');
}

function flowCookieBase(c: Context) {
  const host = new URL(c.req.url).hostname;
  const secure = !(host === 'localhost' || host === '127.0.0.1' || host === '[::1]');
  return { path: FLOW_COOKIE_PATH, secure, httpOnly: true, sameSite: 'Lax' as const };
}

// SameSite=Lax still sends these on Google's top-level redirect back to the callback.
function setFlowCookie(c: Context, name: string, value: string): void {
  setCookie(c, name, value, { ...flowCookieBase(c), maxAge: FLOW_TTL_SECONDS });
}

function toLogin(c: Context<AppEnv>, error: GoogleSignInError): Response {
  return c.redirect(`${primaryAppOrigin(c.env.APP_ORIGIN)}/login?error=${error}`, 302);
}
