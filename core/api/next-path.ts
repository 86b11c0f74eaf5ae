// Where to go after signing in: the one check of a `next` path, used by the worker (Google sign-in)
// and the web client (login, sign-up, share links), so the two cannot drift apart.

/**
 * `value` if it is a path of this app, else null: never another site (no open redirect). Refuses
 * `//host` and `/\host` (browsers read both as another host), absolute URLs and `javascript:`, and
 * control characters (browsers drop them, so `/<tab>/host` would become `//host`).
 */
export function safeNextPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 1000) return null;
  if (!value.startsWith('/') || value.startsWith('//') || /[\u0000-\u001f\u007f\\]/.test(value)) return null;
  const base = 'https://app.invalid';
  try {
    if (new URL(value, base).origin !== base) return null;
  } catch {
    return null;
  }
  return value;
}
