// What the API sends back for a stored form (contact message, survey response): never the content.
import type { SubmissionDto, WaitlistDto } from '../../core/api/public';

/** The id and time of a stored submission. */
export function presentSubmission(row: { id: string; createdAt: Date }): SubmissionDto {
  return { id: row.id, createdAt: row.createdAt.toISOString() };
}

/** The waitlist answer, identical for a new and an existing email so it reveals neither. */
export function presentWaitlist(email: string): WaitlistDto {
  return { email, joined: true };
}
