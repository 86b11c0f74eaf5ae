// Where a person lands after logging in or signing up, and the share link that waits for it. A
// share link opened while signed out keeps its token in this tab's sessionStorage, never in an
// address (addresses reach the server and its logs; the token travels in the fragment for that
// reason), so the visitor gets to the report however they then sign in: the login form, sign-up
// and its code, or Google.
import { safeNextPath } from './forms';

const KEY = 'seydam.shareToken';
/** The token too, for a browser that refuses storage. */
let memory: string | null = null;

/** Keeps a share link's token until it is accepted (storage off: it lives as long as the page). */
export function keepShareToken(token: string): void {
  memory = token;
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // Private modes may refuse storage; the in-memory copy still serves this page.
  }
}

/** The token of a share link opened in this tab and not accepted yet, or null. */
export function pendingShareToken(): string | null {
  try {
    return sessionStorage.getItem(KEY) ?? memory;
  } catch {
    return memory;
  }
}

/** Forgets the waiting token (accepted, or refused by the API). */
export function forgetShareToken(): void {
  memory = null;
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}

/** The page to land on after signing in: `next` when it is a path of this app, else a waiting share link, else the dashboard. */
export function landingAfterSignIn(next: unknown): string {
  return safeNextPath(next) ?? (pendingShareToken() ? '/share' : '/dashboard');
}

/** `path` with `?next=` (or `&next=`) when `next` is a path of this app, to carry it through the sign-in pages. */
export function withNext(path: string, next: unknown): string {
  const safe = safeNextPath(next);
  if (!safe) return path;
  return `${path}${path.includes('?') ? '&' : '?'}next=${encodeURIComponent(safe)}`;
}
