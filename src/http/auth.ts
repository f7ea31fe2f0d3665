import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../core/actor.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/connection.js';
import { authenticateSession, authenticateToken, type Authenticated } from '../modules/accounts/index.js';

export const SESSION_COOKIE = 'ytcs_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | null;
    /** The signed-in actor; throws 401 when the route is reached without one. */
    actor(): Actor;
  }
  interface FastifyContextConfig {
    /** Routes that need no sign-in (health, login, docs). */
    public?: boolean;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the caller once per request: a bearer token (machine clients; no CSRF, no cookies) or the
 * session cookie (browsers; unsafe methods must echo the session's CSRF token in X-CSRF-Token).
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Database }) => {
  app.decorateRequest('auth', null);
  app.decorateRequest('actor', function (this: FastifyRequest): Actor {
    if (!this.auth) throw new AppError('unauthenticated', 'Sign in first');
    return this.auth.actor;
  });
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const origin = { ip: request.ip, userAgent: request.headers['user-agent'], requestId: request.id };
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      request.auth = await authenticateToken(opts.db.orm, header.slice(7).trim(), origin);
      if (!request.auth)
        throw new AppError('unauthenticated', 'The bearer token is unknown, revoked or expired');
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) {
      request.auth = await authenticateSession(opts.db.orm, cookie, origin);
      if (
        request.auth &&
        !SAFE.has(request.method) &&
        request.headers[CSRF_HEADER] !== request.auth.csrfToken
      )
        throw new AppError('csrf', 'This request must carry the X-CSRF-Token header given at sign-in');
    }
    const isPublic = request.routeOptions.config?.public || request.url.startsWith('/api/docs');
    if (!request.auth && !isPublic && request.url.startsWith('/api/'))
      throw new AppError(
        'unauthenticated',
        cookie ? 'Your session has expired; sign in again' : 'Sign in first',
      );
  });
});
