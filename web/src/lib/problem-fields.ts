import { ApiError } from '../api/client';

/** A refusal's field errors placed on a form: the server's message by field, and what no field took. */
export interface PlacedProblem {
  byField: Record<string, string>;
  unplaced: string[];
}

/**
 * Where the server's field errors (problem+json `errors`) go on a form that has `fields`: a path
 * without its `body.` is a field of its own (`vitals.systolic`) when the form has it, else its first
 * segment is (`attachments.0.mediaType` → `attachments`, `body.issuedOn` → `issuedOn`). The first
 * message of a field wins; the messages of paths the form does not have stay for a general alert.
 * The messages are the server's, already in the interface language.
 */
export function placeProblem(error: unknown, fields: readonly string[]): PlacedProblem {
  const placed: PlacedProblem = { byField: {}, unplaced: [] };
  if (!(error instanceof ApiError)) return placed;
  for (const e of error.problem.errors ?? []) {
    const path = e.path.replace(/^(body|query|params)\.?/, '');
    const first = path.split('.')[0] ?? '';
    const field = fields.includes(path) ? path : fields.includes(first) ? first : null;
    if (field === null) placed.unplaced.push(e.message);
    else placed.byField[field] ??= e.message;
  }
  return placed;
}
