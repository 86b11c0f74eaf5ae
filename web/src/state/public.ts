// The public forms' actions.
import { action } from '@solidjs/router';
import { contactSchema, waitlistSchema } from '../../../core/api/public';
import * as api from '../api/public';
import { formText, parseForm } from '../lib/forms';

/** Sends the contact form. */
export const contactAction = action(async (form: FormData) => {
  const input = parseForm(contactSchema, formText(form, ['name', 'email', 'subject', 'message']));
  return api.sendContact(input);
}, 'contact');

/** Joins the waitlist. */
export const waitlistAction = action(async (form: FormData) => {
  const input = parseForm(waitlistSchema, { ...formText(form, ['email']), source: 'waitlist-page' });
  return api.joinWaitlist(input);
}, 'waitlist');
