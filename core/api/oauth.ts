// Sign-in providers and the Google (OIDC) redirect flow: the query shapes the worker accepts and
// what GET /api/auth/providers answers, shared with the web client.
import { z } from 'zod';

/** GET /api/auth/google: where to land in the app afterwards (ignored unless a same-site path). */
export const googleStartQuery = z.object({
  next: z.string().optional(),
});

/** GET /api/auth/google/callback: Google's redirect back (RFC 6749 §4.1.2: code + state, or error + state). */
export const googleCallbackQuery = z.object({
  code: z.string().min(1).max(2048).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
});

/** The sign-in methods this deployment offers. */
export const authProvidersSchema = z.object({
  google: z.boolean(),
  password: z.literal(true),
});
export type AuthProviders = z.infer<typeof authProvidersSchema>;

/** The `error` the login page receives when Google sign-in fails, so it can say why. */
export const googleSignInErrors = ['google_failed', 'google_cancelled', 'google_email_unverified', 'account_disabled'] as const;
export type GoogleSignInError = (typeof googleSignInErrors)[number];
