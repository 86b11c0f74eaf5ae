// Profile actions: name, password, API tokens, account deletion.
import { action, query, redirect } from '@solidjs/router';
import { accountDeleteSchema, accountUpdateSchema, apiTokenCreateSchema, passwordChangeSchema } from '../../../core/api/account';
import * as account from '../api/account';
import { formText, parseForm } from '../lib/forms';

/** My live API tokens. */
export const getTokens = query(account.listTokens, 'apiTokens');

/** Saves my display name; answers the updated person. */
export const updateNameAction = action(async (form: FormData) => {
  const { fullName } = parseForm(accountUpdateSchema, formText(form, ['fullName']));
  return account.updateName(fullName);
}, 'updateName');

/** Changes my password; the form clears itself on success. */
export const changePasswordAction = action(async (form: FormData) => {
  const input = parseForm(passwordChangeSchema, formText(form, ['currentPassword', 'newPassword', 'newPasswordConfirm']));
  return account.changePassword(input);
}, 'changePassword');

/** Creates a token; its secret is in the answer, shown once. */
export const createTokenAction = action(async (form: FormData) => {
  const { name } = parseForm(apiTokenCreateSchema, formText(form, ['name']));
  return account.createToken(name);
}, 'createToken');

/** Revokes a token. */
export const revokeTokenAction = action(async (id: string) => {
  await account.revokeToken(id);
}, 'revokeToken');

/** Deletes my account (with my password when I have one) and goes home. */
export const deleteAccountAction = action(async (form: FormData) => {
  const password = form.get('password');
  const input = parseForm(accountDeleteSchema, typeof password === 'string' && password !== '' ? { password } : {});
  await account.deleteAccount(input);
  throw redirect('/?deleted=1');
}, 'deleteAccount');
