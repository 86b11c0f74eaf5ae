// Who is signed in, and signing out. Kept free of the form schemas (zod) so the layout that every
// page loads, the landing page's included, stays small; the sign-in forms' actions are in auth.ts.
import { action, query, redirect } from '@solidjs/router';
import * as auth from '../api/auth';

/** The signed-in person, or null. */
export const getMe = query(auth.currentUser, 'me');

/** The sign-in methods this server offers. */
export const getProviders = query(auth.authProviders, 'authProviders');

/** Ends the session and goes home (every cached query revalidates as the action ends). */
export const logoutAction = action(async () => {
  await auth.logout();
  throw redirect('/');
}, 'logout');
