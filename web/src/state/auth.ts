// The account forms' actions: sign-up and its code, login, forgot and reset password. Each checks
// its form with the API's schema first; each ends by revalidating the cached queries (the header and
// the guards follow the new session).
import { action, redirect } from '@solidjs/router';
import { emailOnlySchema, loginSchema, passwordResetSchema, signupSchema, signupVerifySchema } from '../../../core/api/auth';
import * as auth from '../api/auth';
import { landingAfterSignIn, withNext } from '../lib/after-sign-in';
import { formText, parseForm } from '../lib/forms';

const withEmail = (path: string, email: string) => `${path}?email=${encodeURIComponent(email)}`;

/** Sign-up form → the API emails a code → the code page (carrying where to go after it). */
export const signupAction = action(async (form: FormData) => {
  const input = parseForm(signupSchema, formText(form, ['fullName', 'email', 'password', 'passwordConfirm']));
  await auth.signup(input);
  throw redirect(withNext(withEmail('/signup/verify', input.email), form.get('next')));
}, 'signup');

/** The emailed code → signed in → the page the person wanted, a share link they opened, or the dashboard. */
export const verifySignupAction = action(async (form: FormData) => {
  const input = parseForm(signupVerifySchema, formText(form, ['email', 'code']));
  await auth.verifySignup(input);
  throw redirect(landingAfterSignIn(form.get('next')));
}, 'verifySignup');

/** Sends another sign-up code; the page says where it went. */
export const resendCodeAction = action(async (email: string) => {
  const { email: to } = parseForm(emailOnlySchema, { email });
  return auth.resendSignupCode(to);
}, 'resendSignupCode');

/** Log-in form → the page the person wanted, a share link they opened, or the dashboard. */
export const loginAction = action(async (form: FormData) => {
  const input = parseForm(loginSchema, formText(form, ['email', 'password']));
  await auth.login(input);
  throw redirect(landingAfterSignIn(form.get('next')));
}, 'login');

/** Forgot-password form → a code is emailed → the reset page. */
export const forgotAction = action(async (form: FormData) => {
  const { email } = parseForm(emailOnlySchema, formText(form, ['email']));
  await auth.forgotPassword(email);
  throw redirect(withEmail('/reset', email));
}, 'forgotPassword');

/** Code + new password → the login page, which says the password changed. */
export const resetAction = action(async (form: FormData) => {
  const input = parseForm(passwordResetSchema, formText(form, ['email', 'code', 'password', 'passwordConfirm']));
  await auth.resetPassword(input);
  throw redirect(`${withEmail('/login', input.email)}&reset=1`);
}, 'resetPassword');
