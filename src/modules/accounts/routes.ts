import { z } from 'zod';
import { pageOf, pagingQuery } from '../../core/paging.js';
import { SESSION_COOKIE } from '../../http/auth.js';
import { idParams, problemResponses, type ModuleRoutes } from '../../http/types.js';
import { loginInput, meOut, ROLES, userInput, userOut, userPatch } from './contracts.js';
import { createUser, listUsers, login, logout, meOf, SESSION_TTL_HOURS, updateUser } from './service.js';

const LOGIN_ATTEMPTS_PER_MINUTE = Number(process.env.YTCS_LOGIN_RATE_LIMIT ?? 10);

export const accountRoutes: ModuleRoutes = async (app, { db }) => {
  const orm = db.orm;

  app.post('/auth/login', {
    config: {
      public: true,
      // Per client address: 10 attempts a minute (YTCS_LOGIN_RATE_LIMIT; the browser tests, all from
      // one address, raise it); the account lock-out handles slow guessing.
      rateLimit: { max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: '1 minute' },
    },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with username and password; sets the session cookie and returns the CSRF token',
      body: loginInput,
      response: { 200: meOut, ...problemResponses, 423: problemResponses[401], 429: problemResponses[401] },
    },
    handler: async (req, reply) => {
      // The session the browser came with (if any) is ended: each sign-in makes a new one.
      const result = await login(
        orm,
        req.body.username,
        req.body.password,
        { ip: req.ip, userAgent: req.headers['user-agent'], requestId: req.id },
        req.cookies[SESSION_COOKIE],
      );
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: req.protocol === 'https',
        maxAge: SESSION_TTL_HOURS * 3600,
      });
      return result.me;
    },
  });

  app.post('/auth/logout', {
    config: { public: true },
    schema: { tags: ['auth'], response: { 204: z.null(), ...problemResponses } },
    handler: async (req, reply) => {
      if (req.auth) await logout(orm, req.auth);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  app.get('/auth/me', {
    schema: {
      tags: ['auth'],
      summary: 'The signed-in user, role, scope and permissions',
      response: { 200: meOut, ...problemResponses },
    },
    handler: async (req) => {
      req.actor();
      return meOf(orm, req.auth!);
    },
  });

  app.get('/users', {
    schema: {
      tags: ['accounts'],
      querystring: pagingQuery.extend({
        q: z.string().trim().max(60).optional(),
        role: z.enum(ROLES).optional(),
      }),
      response: { 200: pageOf(userOut), ...problemResponses },
    },
    handler: async (req) => {
      const { limit, offset, ...filter } = req.query;
      return listUsers(orm, req.actor(), filter, { limit, offset });
    },
  });

  app.post('/users', {
    schema: { tags: ['accounts'], body: userInput, response: { 201: userOut, ...problemResponses } },
    handler: async (req, reply) => reply.status(201).send(await createUser(orm, req.actor(), req.body)),
  });

  app.patch('/users/:id', {
    schema: {
      tags: ['accounts'],
      params: idParams,
      body: userPatch,
      response: { 200: userOut, ...problemResponses },
    },
    handler: async (req) => updateUser(orm, req.actor(), req.params.id, req.body),
  });
};
