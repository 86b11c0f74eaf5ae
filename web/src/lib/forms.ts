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

/**
 * A path of this app to go to after signing in, or undefined: never another site (no open
 * redirect). Refuses `//host` and `/\host` (browsers read both as another host), absolute URLs and
 * `javascript:`, and control characters (browsers drop them, so `/<tab>/host` would become
 * `//host`); the worker's check of Google sign-in's `next` has the same rules.
 */
export function safeNextPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 1000) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || /[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  const base = 'https://app.invalid';
  try {
    if (new URL(value, base).origin !== base) return undefined;
  } catch {
    return undefined;
  }
  return value;
}
