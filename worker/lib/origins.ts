// The web origins allowed to call the API with credentials.

/** APP_ORIGIN split on commas (e.g. "http://localhost:5173,http://127.0.0.1:5173"). */
export function allowedOrigins(appOrigin: string | undefined): string[] {
  return (appOrigin ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The origin links in emails and redirects point to: the first allowed one. */
export function primaryAppOrigin(appOrigin: string | undefined): string {
  return allowedOrigins(appOrigin)[0] ?? 'http://localhost:5173';
}
