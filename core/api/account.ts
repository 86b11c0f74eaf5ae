// The signed-in person's own account and API tokens: request shapes and answers, shared with the web client.
import { z } from 'zod';
import { fullNameField, newPasswordField, passwordField } from './auth';

/** PATCH /api/account */
export const accountUpdateSchema = z.object({ fullName: fullNameField });
export type AccountUpdateInput = z.input<typeof accountUpdateSchema>;

/** POST /api/account/password */
export const passwordChangeSchema = z
  .object({ currentPassword: passwordField, newPassword: newPasswordField, newPasswordConfirm: z.string() })
  .refine((v) => v.newPassword === v.newPasswordConfirm, { message: 'Passwords do not match.', path: ['newPasswordConfirm'] });
export type PasswordChangeInput = z.input<typeof passwordChangeSchema>;

/** DELETE /api/account: the password is required when the account has one. */
export const accountDeleteSchema = z.object({ password: passwordField.optional() });
export type AccountDeleteInput = z.input<typeof accountDeleteSchema>;

/** POST /api/account/tokens */
export const apiTokenCreateSchema = z.object({ name: z.string().trim().min(1, 'Required').max(100, 'Too long') });
export type ApiTokenCreateInput = z.input<typeof apiTokenCreateSchema>;

/** `:id` in token routes. */
export const apiTokenIdParam = z.object({ id: z.uuid('Not a token id.') });

/** An API token in lists: never its secret. */
export interface ApiTokenDto {
  id: string;
  name: string;
  /** The first characters of the secret, to tell tokens apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** The answer to creating a token: the only time its secret is shown. */
export interface ApiTokenCreatedDto {
  id: string;
  name: string;
  prefix: string;
  token: string;
  createdAt: string;
}
