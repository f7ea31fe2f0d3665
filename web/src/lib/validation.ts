import type { TFunction } from 'i18next';
import type { ZodType } from 'zod';
import { ApiError } from '../api/client';

/**
 * A field error in the interface language: `errors.field.<field>.<code>`, then the field's general
 * message, then a generic one. The same keys serve the client's zod issues and the server's field
 * errors, which carry the same codes.
 */
function fieldMessage(t: TFunction, field: string, code: string): string {
  return t([`errors.field.${field}.${code}`, `errors.field.${field}.any`, 'errors.invalid']);
}

/** Runs the server's own zod schema on the payload; returns the first error of each field. */
export function validate<T>(
  schema: ZodType<T>,
  payload: unknown,
  t: TFunction,
): { data?: T; errors: Record<string, string> } {
  const result = schema.safeParse(payload);
  if (result.success) return { data: result.data, errors: {} };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (field && !errors[field]) errors[field] = fieldMessage(t, field, issue.code);
  }
  return { errors };
}

/** The server's field errors (`body.fullName` → `fullName`) for the fields the form has; the rest stays general. */
export function serverFieldErrors(
  error: unknown,
  fields: readonly string[],
  t: TFunction,
): { errors: Record<string, string>; unplaced: string[] } {
  if (!(error instanceof ApiError)) return { errors: {}, unplaced: [] };
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const [field, e] of Object.entries(error.fieldErrors())) {
    if (fields.includes(field)) errors[field] = fieldMessage(t, field, e.code);
    else unplaced.push(e.message);
  }
  return { errors, unplaced };
}
