// The forms of the public site (contact, waitlist) and the signed-in survey: request shapes and
// answers, shared with the web client.
import { z } from 'zod';

const email = z.string().trim().max(254).pipe(z.email('Enter a valid email address'));

/** POST /api/contact. */
export const contactSchema = z.object({
  name: z.string().trim().min(1, 'Required').max(200),
  email,
  subject: z.string().trim().max(200).default(''),
  message: z.string().trim().min(1, 'Required').max(5000),
});
export type ContactInput = z.input<typeof contactSchema>;

/** POST /api/waitlist. */
export const waitlistSchema = z.object({
  email,
  /** Where the visitor signed up (a page or campaign). */
  source: z.string().trim().min(1).max(50).default('landing'),
});
export type WaitlistInput = z.input<typeof waitlistSchema>;

/** POST /api/surveys. */
export const surveySchema = z.object({
  reportId: z.uuid().nullish(),
  satisfaction: z.number().int().min(1).max(5),
  wouldRecommend: z.boolean(),
  processEasy: z.boolean(),
  metExpectations: z.boolean(),
  mostValuableFeature: z.string().trim().max(200).default(''),
  feedback: z.string().trim().max(5000).default(''),
});
export type SurveyInput = z.input<typeof surveySchema>;

/** What a stored submission answers: its id and when it was received. */
export interface SubmissionDto {
  id: string;
  createdAt: string;
}

/** POST /api/waitlist answers the same whether the email was new or already there. */
export interface WaitlistDto {
  email: string;
  joined: true;
}
