// /api/auth: sign-up with an emailed code, sign-in and out, the current user, password reset.
import type { CodeSentDto, LoginInput, PasswordResetInput, SignupInput, SignupVerifyInput, UserDto } from '../../../core/api/auth';
import type { AuthProviders } from '../../../core/api/oauth';
import { isStatus, request } from './client';

/** Starts a sign-up: the API emails a 6-digit code. */
export const signup = (input: SignupInput) => request<CodeSentDto>('/api/auth/signup', { json: input });

/** Finishes a sign-up with the code; the API sets the session cookie. */
export const verifySignup = (input: SignupVerifyInput) => request<{ user: UserDto }>('/api/auth/signup/verify', { json: input });

/** Sends a new sign-up code. */
export const resendSignupCode = (email: string) => request<CodeSentDto>('/api/auth/signup/resend', { json: { email } });

/** Signs in with email and password. */
export const login = (input: LoginInput) => request<{ user: UserDto }>('/api/auth/login', { json: input });

/** Ends this browser's session. */
export const logout = () => request<void>('/api/auth/logout', { method: 'POST' });

/** The signed-in person, or null when nobody is. */
export async function currentUser(): Promise<UserDto | null> {
  try {
    return (await request<{ user: UserDto }>('/api/auth/me')).user;
  } catch (err) {
    if (isStatus(err, 401)) return null;
    throw err;
  }
}

/** Emails a password-reset code (the API answers the same for unknown emails). */
export const forgotPassword = (email: string) => request<CodeSentDto>('/api/auth/password/forgot', { json: { email } });

/** Sets a new password with the emailed code; every session ends. */
export const resetPassword = (input: PasswordResetInput) => request<{ email: string }>('/api/auth/password/reset', { json: input });

/** Which sign-in methods this server offers. */
export const authProviders = () => request<AuthProviders>('/api/auth/providers');

/** Where the Google button sends the browser (a full-page navigation, not a fetch). */
export const googleSignInUrl = (next = '/dashboard') => `/api/auth/google?next=${encodeURIComponent(next)}`;
