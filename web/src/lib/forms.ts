// Reading a submitted form and checking it with the API's own zod schema before sending, so a person
// sees the same words the API would answer, next to the same field, without a round trip.
import type { z } from 'zod';
import { ApiError } from '../api/client';

/** The form's text fields as a plain object (files and repeated names are not read here). */
export function formText(form: FormData, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = form.get(name);
    out[name] = typeof value === 'string' ? value : '';
  }
  return out;
}

/** Parses `values` with `schema`, or throws an ApiError naming the first bad field, as the API does. */
export function parseForm<S extends z.ZodType>(schema: S, values: unknown): z.output<S> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? issue.path.map(String).join('.') : '';
  const message = !issue ? 'Invalid input' : issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : issue.message;
  throw new ApiError(400, 'validation_error', field ? `${field}: ${message}` : message, field || undefined);
}

// The after-sign-in path check is shared with the worker.
export { safeNextPath } from '../../../core/api/next-path';
