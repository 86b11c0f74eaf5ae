// Sign-up, sign-in and password reset by email: request shapes and answers, shared with the web client.
import { z } from 'zod';

/** How long an emailed code stays valid, and how many tries it allows. */
export const CODE_TTL_MINUTES = 10;
export const CODE_MAX_ATTEMPTS = 5;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

/** An email address as typed (trimmed); uniqueness and look-ups ignore its case. */
export const emailField = z.string().trim().max(254, 'Too long').pipe(z.email('Enter a valid email address.'));

/** A new password: 8 to 200 characters (the upper bound keeps PBKDF2 input sane). */
export const newPasswordField = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

/** A password being checked, not set: only bounded, so old passwords keep working whatever the rules. */
export const passwordField = z.string().min(1, 'Required').max(PASSWORD_MAX_LENGTH, 'Too long');

/** A person's display name. */
export const fullNameField = z.string().trim().min(1, 'Required').max(200, 'Too long');

/** The 6 digits from the email. */
export const codeField = z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code from the email.');

const confirmed = (v: { password: string; passwordConfirm: string }) => v.password === v.passwordConfirm;
const mismatch = { message: 'Passwords do not match.', path: ['passwordConfirm'] };

/** POST /api/auth/signup: emails a code; the account is created once the code is verified. */
export const signupSchema = z
  .object({ fullName: fullNameField, email: emailField, password: newPasswordField, passwordConfirm: z.string() })
  .refine(confirmed, mismatch);
export type SignupInput = z.input<typeof signupSchema>;

/** POST /api/auth/signup/verify */
export const signupVerifySchema = z.object({ email: emailField, code: codeField });
export type SignupVerifyInput = z.input<typeof signupVerifySchema>;

/** POST /api/auth/signup/resend and POST /api/auth/password/forgot */
export const emailOnlySchema = z.object({ email: emailField });
export type EmailOnlyInput = z.input<typeof emailOnlySchema>;

/** POST /api/auth/login */
export const loginSchema = z.object({ email: emailField, password: passwordField });
export type LoginInput = z.input<typeof loginSchema>;

/** POST /api/auth/password/reset */
export const passwordResetSchema = z
  .object({ email: emailField, code: codeField, password: newPasswordField, passwordConfirm: z.string() })
  .refine(confirmed, mismatch);
export type PasswordResetInput = z.input<typeof passwordResetSchema>;

/** The answer to signup, resend and forgot: where the code went and until when it works. */
export interface CodeSentDto {
  email: string;
  expiresAt: string;
}

/** The signed-in person as the API shows them (never a password hash). */
export interface UserDto {
  id: string;
  email: string;
  fullName: string;
  isStaff: boolean;
  emailVerifiedAt: string | null;
  createdAt: string;
  lastLoginAt: string | null;
  /** False for accounts that only sign in with Google. */
  hasPassword: boolean;
}

/** Error codes of the code-checking endpoints, so the client can word them. */
export type CodeErrorCode = 'invalid_code' | 'code_expired' | 'code_exhausted';
