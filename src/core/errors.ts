/**
 * One error type for the whole system, rendered once as RFC 9457 problem+json by the server.
 * Services throw it; routes never build error bodies themselves.
 */
import type { Text } from './messages.js';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `body.password` or `query.unit`. */
  path: string;
  /** Machine-readable code, e.g. `too_small`, `invalid_format`, `not_found`. */
  code: string;
  message: string;
  /**
   * The message in both languages, when the module wrote it so (messages made from data, such as the
   * plausibility rules'); the problem renderer then uses it instead of translating `message`.
   */
  text?: Text;
}

export type ProblemKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'locked'
  | 'rate-limited'
  | 'csrf'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'internal';

const STATUS: Record<ProblemKind, number> = {
  validation: 422,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  locked: 423,
  'rate-limited': 429,
  csrf: 403,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  internal: 500,
};

export class AppError extends Error {
  readonly kind: ProblemKind;
  readonly status: number;
  readonly errors: FieldError[];
  readonly extra: Record<string, unknown>;
  /**
   * Set when the error refuses access to a record: whoever renders the error (the HTTP layer) appends
   * it to the audit log after the transaction rolled back, so the refusal is never lost with it.
   */
  readonly denial: Denial | undefined;

  constructor(
    kind: ProblemKind,
    detail: string,
    options: {
      errors?: FieldError[];
      status?: number;
      extra?: Record<string, unknown>;
      denial?: Denial;
    } = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.kind = kind;
    this.status = options.status ?? STATUS[kind];
    this.errors = options.errors ?? [];
    this.extra = options.extra ?? {};
    this.denial = options.denial;
  }
}

export interface Denial {
  entityType: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

/** A record outside the actor's scope: 404 (existence is not revealed), audited as a denial. */
export const deniedNotFound = (what: string, denial: Denial) =>
  new AppError('not-found', `${what} not found`, { denial });

export const notFound = (what: string) => new AppError('not-found', `${what} not found`);
export const forbidden = (detail: string) => new AppError('forbidden', detail);
export const conflict = (detail: string, errors: FieldError[] = []) =>
  new AppError('conflict', detail, { errors });
export const invalid = (errors: FieldError[], detail = 'The request has invalid fields') =>
  new AppError('validation', detail, { errors });

/** Postgres error codes we map to client errors instead of 500s. */
export function fromDatabaseError(err: unknown): AppError | undefined {
  // Drizzle wraps driver errors ("Failed query: …") and keeps the driver's error as `cause`.
  const cause = (err as { cause?: unknown } | null)?.cause;
  if (cause && typeof (cause as { code?: unknown }).code === 'string') return fromDatabaseError(cause);
  const e = err as { code?: string; constraint?: string; detail?: string; column?: string };
  if (!e || typeof e.code !== 'string') return undefined;
  switch (e.code) {
    case '23505':
      return conflict('A record with the same unique value already exists', [
        { path: e.constraint ?? 'unique', code: 'duplicate', message: e.detail ?? 'duplicate value' },
      ]);
    case '23503':
      return invalid([
        {
          path: e.constraint ?? 'reference',
          code: 'invalid_reference',
          message: e.detail ?? 'unknown reference',
        },
      ]);
    case '23514':
    case '23502':
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
    case '22021': // a character the database's text cannot hold (a NUL in a filter)
      return invalid([
        {
          path: e.column ?? e.constraint ?? 'value',
          code: 'invalid_value',
          message: e.detail ?? String((err as Error).message),
        },
      ]);
    default:
      return undefined;
  }
}
