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
  | 'unavailable'
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
  unavailable: 503,
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

/** Seconds a client is asked to wait (`Retry-After`) after a 503: the database busy or restarting. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs that say the database could not serve the request now, not that the request is wrong:
 * the transaction was rolled back and the same request may succeed a moment later.
 */
const UNAVAILABLE_CODES: Record<string, string> = {
  '57P01': 'admin_shutdown', // the server (or an administrator) ended the session
  '57P02': 'crash_shutdown',
  '57P03': 'cannot_connect_now', // starting up or shutting down
  '53300': 'too_many_connections',
  '57014': 'query_canceled', // statement_timeout
  '55P03': 'lock_not_available', // lock_timeout
  '40001': 'serialization_failure',
  '40P01': 'deadlock_detected',
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
};

/**
 * What node-postgres says when no connection could be had: the pool's wait for a free client
 * (`connectionTimeoutMillis`, both databases: the embedded one is a pool of one session), a new
 * connection that did not open in time, a connection lost under a query.
 */
const UNAVAILABLE_MESSAGES: [RegExp, string][] = [
  [/^timeout exceeded when trying to connect$/, 'pool_timeout'],
  [/^Connection terminated due to connection timeout$/, 'connect_timeout'],
  [/^Connection terminated unexpectedly$/, 'connection_lost'],
  [/^Client has encountered a connection error and is not queryable$/, 'connection_lost'],
];

/**
 * Whether an error (or one of its causes: Drizzle wraps driver errors) means the database could not
 * serve the request now: the reason (`pool_timeout`, `query_canceled`, …) or undefined. The server
 * answers such errors 503 with Retry-After instead of 500 (docs/adr/0032).
 */
export function databaseUnavailable(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES[code]) return UNAVAILABLE_CODES[code];
    if (typeof message === 'string')
      for (const [pattern, reason] of UNAVAILABLE_MESSAGES) if (pattern.test(message)) return reason;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The 503 for an error `databaseUnavailable` recognised (its reason kept in the problem), in the
 * request's language: what both the JSON API and /fhir answer.
 */
export function unavailableError(reason: string, lang: 'vi' | 'en'): AppError {
  return new AppError(
    'unavailable',
    lang === 'en'
      ? `The database is busy and could not complete the request. Try again in ${RETRY_AFTER_SECONDS} seconds.`
      : `Cơ sở dữ liệu đang bận nên chưa hoàn tất được yêu cầu. Vui lòng thử lại sau ${RETRY_AFTER_SECONDS} giây.`,
    { extra: { reason } },
  );
}
