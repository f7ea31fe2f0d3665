import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, fromDatabaseError, type FieldError, type ProblemKind } from '../core/errors.js';
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
  internal: { vi: 'Lỗi hệ thống', en: 'Internal error' },
};

export function language(request: FastifyRequest): 'vi' | 'en' {
  const header = String(request.headers['accept-language'] ?? '');
  return /^\s*en\b/i.test(header) ? 'en' : 'vi';
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const body = {
    type: `https://ytcs.vn/problems/${error.kind}`,
    title: TITLES[error.kind][language(request)],
    status: error.status,
    detail: error.message,
    instance: request.url.split('?')[0],
    errors: error.errors,
    ...error.extra,
  };
  return reply.status(error.status).type('application/problem+json').send(body);
}

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
    const errors: FieldError[] = error.validation.map((v) => {
      const path = [part, ...v.instancePath.split('/').filter(Boolean)].join('.');
      const params = v.params as { issue?: { code?: string } } | undefined;
      return { path, code: params?.issue?.code ?? v.keyword, message: v.message ?? 'invalid' };
    });
    return sendProblem(
      request,
      reply,
      new AppError('validation', `The request has ${errors.length} invalid field(s)`, {
        errors,
        status: 400,
      }),
    );
  }
  const db = fromDatabaseError(error);
  if (db) return sendProblem(request, reply, db);
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
