// zod validation for bodies, queries and params, answering our 400 shape naming the first bad field.
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { validationError } from '../errors';

type Target = keyof Pick<ValidationTargets, 'json' | 'query' | 'param' | 'form'>;

/** `validate('json', schema)`: a route middleware whose failures say `"<field>: <message>"`. */
export function validate<T extends ZodType, K extends Target>(target: K, schema: T) {
  return zValidator(target, schema, (result) => {
    if (result.success) return;
    const issue = result.error.issues[0];
    const field = issue ? issue.path.map(String).join('.') : '';
    const message = issue ? describeIssue(issue) : 'Invalid input';
    throw validationError(field, message);
  });
}

function describeIssue(issue: { code: string; message: string; input?: unknown }): string {
  // zod 4 words a missing field as "expected string, received undefined"; say it plainly.
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'Required';
  return issue.message;
}
