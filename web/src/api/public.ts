// The public site's forms: contact and waitlist.
import type { ContactInput, SubmissionDto, WaitlistDto, WaitlistInput } from '../../../core/api/public';
import { request } from './client';

/** Sends a message to the team. */
export const sendContact = (input: ContactInput) => request<SubmissionDto>('/api/contact', { json: input });

/** Joins the waitlist (joining twice answers the same). */
export const joinWaitlist = (input: WaitlistInput) => request<WaitlistDto>('/api/waitlist', { json: input });
