// /api/account: my profile, password, API tokens and account deletion.
import type { AccountDeleteInput, ApiTokenCreatedDto, ApiTokenDto, PasswordChangeInput } from '../../../core/api/account';
import type { UserDto } from '../../../core/api/auth';
import { request } from './client';

/** Changes my display name. */
export const updateName = (fullName: string) => request<UserDto>('/api/account', { method: 'PATCH', json: { fullName } });

/** Changes my password (my other sessions end). */
export const changePassword = (input: PasswordChangeInput) => request<UserDto>('/api/account/password', { json: input });

/** Deletes my account and everything in it. */
export const deleteAccount = (input: AccountDeleteInput) => request<void>('/api/account', { method: 'DELETE', json: input });

/** My live API tokens (never their secrets). */
export const listTokens = () => request<ApiTokenDto[]>('/api/account/tokens');

/** Creates a token; the answer is the only time its secret is shown. */
export const createToken = (name: string) => request<ApiTokenCreatedDto>('/api/account/tokens', { json: { name } });

/** Revokes one of my tokens. */
export const revokeToken = (id: string) => request<void>(`/api/account/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
