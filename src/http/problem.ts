import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import {
  AppError,
  databaseUnavailable,
  unavailableError,
  fromDatabaseError,
  RETRY_AFTER_SECONDS,
  type FieldError,
  type ProblemKind,
} from '../core/errors.js';
import { issueText, translate, type IssueLike, type Language, type Text } from '../core/messages.js';
import { DatabaseLockedError } from '../db/lock.js';
import type { Database } from '../db/connection.js';
import { audit } from '../modules/audit/index.js';

/** Problem titles, translated; the language follows Accept-Language (Vietnamese first). */
const TITLES: Record<ProblemKind, { vi: string; en: string }> = {
  validation: { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' },
  unauthenticated: { vi: 'Chưa đăng nhập hoặc phiên đã hết hạn', en: 'Not signed in or session expired' },
  forbidden: { vi: 'Không có quyền thực hiện', en: 'Not allowed' },
  'not-found': { vi: 'Không tìm thấy', en: 'Not found' },
  conflict: { vi: 'Xung đột dữ liệu', en: 'Conflict' },
  locked: { vi: 'Tài khoản tạm khóa', en: 'Account locked' },
  'rate-limited': { vi: 'Quá nhiều yêu cầu', en: 'Too many requests' },
  csrf: { vi: 'Thiếu hoặc sai mã chống giả mạo (CSRF)', en: 'Missing or wrong CSRF token' },
  'payload-too-large': { vi: 'Dữ liệu gửi lên quá lớn', en: 'Payload too large' },
  'unsupported-media-type': { vi: 'Định dạng dữ liệu không được hỗ trợ', en: 'Unsupported media type' },
  unavailable: { vi: 'Hệ thống đang quá tải', en: 'Service temporarily unavailable' },
  internal: { vi: 'Lỗi hệ thống', en: 'Internal error' },
};

export function language(request: FastifyRequest): Language {
  const header = String(request.headers['accept-language'] ?? '');
  return /^\s*en\b/i.test(header) ? 'en' : 'vi';
}

/** A field error whose message is already in both languages (schema issues). */
type BilingualFieldError = Omit<FieldError, 'message'> & { text: Text };

/**
 * Renders an error as problem+json in the request's language. Field messages written in English by the
 * modules are translated through the central table (src/core/messages.ts); the same message for the
 * same field is listed once.
 */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  error: AppError,
  bilingual?: BilingualFieldError[],
) {
  const lang = language(request);
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  const all = bilingual
    ? bilingual.map((e) => ({ path: e.path, code: e.code, message: e.text[lang] }))
    : error.errors.map(({ text, ...e }) => ({
        ...e,
        message: text ? text[lang] : translate(e.message, lang),
      }));
  for (const e of all) {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(e);
  }
  const body = {
    type: `https://ytcs.vn/problems/${error.kind}`,
    title: TITLES[error.kind][lang],
    status: error.status,
    detail: error.message,
    instance: request.url.split('?')[0],
    errors,
    ...error.extra,
  };
  // A 503 is temporary (the database busy or restarting): say when to try again.
  if (error.status === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply.status(error.status).type('application/problem+json').send(body);
}

/** What fastify-type-provider-zod keeps of a zod issue (the issue without path, code and message). */
type IssueParams = Omit<IssueLike, 'code' | 'message'> & { params?: { code?: unknown } };

const where: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/**
 * Every error leaves the server as RFC 9457 problem+json; only a true bug is a 500. A refusal of
 * access (AppError.denial) is appended to the audit log here, after its transaction rolled back.
 */
export function makeErrorHandler(db: Database) {
  return async function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    if (error instanceof AppError && error.denial) {
      const d = error.denial;
      await audit(db.orm, request.auth?.actor ?? null, {
        action: 'denied',
        entityType: d.entityType,
        entityId: d.entityId ?? null,
        // Filed under the actor's own area, where its auditors look.
        unitPath: request.auth?.actor.scopePath ?? null,
        outcome: 'denied',
        details: { ...(d.details ?? {}), method: request.method, route: request.routeOptions.url },
      }).catch((err: unknown) => request.log.error({ err }, 'could not audit a denial'));
    }
    return renderError(error, request, reply);
  };
}

function renderError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendProblem(request, reply, error);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = where[error.validationContext ?? 'body'] ?? 'body';
    const errors: BilingualFieldError[] = error.validation.map((v) => {
      const path = [part, ...v.instancePath.split('/').filter(Boolean)].join('.');
      const params = (v.params ?? {}) as IssueParams;
      // A refinement may name its rule (`params: { code }`); otherwise zod's issue code.
      const code = typeof params.params?.code === 'string' ? params.params.code : v.keyword;
      return { path, code, text: issueText({ ...params, code: v.keyword, message: v.message }) };
    });
    const n = new Set(errors.map((e) => e.path)).size;
    return sendProblem(
      request,
      reply,
      new AppError(
        'validation',
        language(request) === 'en'
          ? `The request has ${n} invalid field(s)`
          : `Yêu cầu có ${n} trường không hợp lệ`,
        { status: 400 },
      ),
      errors,
    );
  }
  const db = fromDatabaseError(error);
  if (db) return sendProblem(request, reply, db);
  // The database could not serve the request now (no free connection in time, a statement timeout,
  // a session ended by the server, too many connections): 503 with Retry-After, never a 500. The
  // request's transaction, if it had begun, was rolled back by the error, so nothing of it is kept.
  const unavailable = databaseUnavailable(error);
  if (unavailable) {
    request.log.warn({ err: error, reason: unavailable }, 'database unavailable: answered 503');
    return sendProblem(request, reply, unavailableError(unavailable, language(request)));
  }
  if (error instanceof DatabaseLockedError) {
    request.log.error(error);
    return sendProblem(request, reply, new AppError('internal', error.message, { status: 503 }));
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    return sendProblem(request, reply, new AppError('internal', 'The server produced an invalid response'));
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const kind: ProblemKind =
      status === 413
        ? 'payload-too-large'
        : status === 415
          ? 'unsupported-media-type'
          : status === 429
            ? 'rate-limited'
            : status === 404
              ? 'not-found'
              : status === 401
                ? 'unauthenticated'
                : status === 403
                  ? 'forbidden'
                  : 'validation';
    const errors: FieldError[] =
      kind === 'validation'
        ? [{ path: 'body', code: error.code ?? 'bad_request', message: error.message }]
        : [];
    return sendProblem(request, reply, new AppError(kind, error.message, { status, errors }));
  }
  request.log.error(error);
  return sendProblem(
    request,
    reply,
    new AppError('internal', 'Something went wrong on the server; it has been logged'),
  );
}
