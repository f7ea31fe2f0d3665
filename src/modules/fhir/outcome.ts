/**
 * OperationOutcome: how every FHIR answer that is not a resource says what went wrong (or what ytcs
 * could not keep). ytcs's own errors (AppError: 404 outside the area, 422 from a service's rules) are
 * translated here, each field error with the FHIRPath of the element it came from.
 */
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { AppError, databaseUnavailable, unavailableError, type ProblemKind } from '../../core/errors.js';
import { translate, type Language } from '../../core/messages.js';

export type IssueType = OperationOutcomeIssue['code'];

/** A FHIR error: an HTTP status with the issues of its OperationOutcome. */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly issues: OperationOutcomeIssue[],
  ) {
    super(issues.map((i) => i.details?.text ?? i.diagnostics ?? i.code).join('; '));
    this.name = 'FhirError';
  }
}

export function issue(
  severity: OperationOutcomeIssue['severity'],
  code: IssueType,
  text: string,
  expression?: string,
): OperationOutcomeIssue {
  return { severity, code, details: { text }, ...(expression ? { expression: [expression] } : {}) };
}

export const fhirError = (status: number, code: IssueType, text: string, expression?: string) =>
  new FhirError(status, [issue('error', code, text, expression)]);

export const notFoundError = (type: string, id: string) =>
  fhirError(404, 'not-found', `${type}/${id} not found`);

export const notSupported = (text: string) => fhirError(400, 'not-supported', text);

export function outcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

const ISSUE_OF_KIND: Record<ProblemKind, IssueType> = {
  validation: 'invalid',
  unauthenticated: 'login',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  conflict: 'conflict',
  locked: 'lock-error',
  'rate-limited': 'throttled',
  csrf: 'security',
  'payload-too-large': 'too-long',
  'unsupported-media-type': 'not-supported',
  unavailable: 'transient',
  internal: 'exception',
};

/**
 * Where a ytcs field lands in a resource (`birthDate` → `Patient.birthDate`): each translator gives
 * its map; a field it does not name is reported on the resource itself, with the field in diagnostics.
 */
export type FieldPaths = Record<string, string>;

export function pathOf(resourceType: string, field: string, paths: FieldPaths): string {
  const bare = field.replace(/^body\./, '');
  for (let key = bare; key; key = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '')
    if (paths[key]) return paths[key]!;
  return resourceType;
}

/** A ytcs error as a FHIR error: its status, and each field error on its element's FHIRPath. */
export function fromAppError(
  err: AppError,
  lang: Language,
  resourceType?: string,
  paths: FieldPaths = {},
): FhirError {
  const code = ISSUE_OF_KIND[err.kind];
  const issues: OperationOutcomeIssue[] = err.errors.length
    ? err.errors.map((e) => ({
        severity: 'error' as const,
        code,
        details: { text: e.text ? e.text[lang] : translate(e.message, lang) },
        diagnostics: `${e.path}: ${e.code}`,
        ...(resourceType ? { expression: [pathOf(resourceType, e.path, paths)] } : {}),
      }))
    : [{ severity: 'error', code, details: { text: translate(err.message, lang) } }];
  return new FhirError(err.status, issues);
}

/** A zod contract's issues (the ytcs input a resource was translated to) on the resource's elements. */
export function fromContractIssues(
  resourceType: string,
  zodIssues: readonly { path: readonly PropertyKey[]; message: string; code: string }[],
  paths: FieldPaths,
  lang: Language,
): FhirError {
  return new FhirError(
    422,
    zodIssues.map((i) => ({
      severity: 'error',
      code: 'invalid',
      details: { text: translate(i.message, lang) },
      diagnostics: `${i.path.join('.')}: ${i.code}`,
      expression: [pathOf(resourceType, i.path.join('.'), paths)],
    })),
  );
}

/** Anything thrown while answering, as a FHIR error (an AppError keeps its status and field paths). */
export function asFhirError(err: unknown, lang: Language, resourceType?: string, paths?: FieldPaths) {
  if (err instanceof FhirError) return err;
  if (err instanceof AppError) return fromAppError(err, lang, resourceType, paths);
  // The database could not serve it now (no free connection in time, a statement timeout…): 503,
  // as the JSON API answers (docs/adr/0032), never a 500.
  const unavailable = databaseUnavailable(err);
  if (unavailable) return fromAppError(unavailableError(unavailable, lang), lang, resourceType, paths);
  return undefined;
}
