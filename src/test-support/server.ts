import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { actorFor, type Actor } from '../core/actor.js';
import { buildServer } from '../server.js';
import { createUser, type Role } from '../modules/accounts/index.js';
import { testDatabase, type TestDatabase } from './db.js';

export const TEST_PASSWORD = 'correct-horse-battery';

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
}

/** A server on a fresh test database (see db.ts), for one test file. */
export async function testApp(): Promise<TestApp> {
  const t = await testDatabase();
  // No background sealer: tests seal when they verify, and step through seals themselves.
  const app = await buildServer({ db: t.db, webRoot: '/nonexistent', auditSealIntervalMs: 0 });
  await app.ready();
  return {
    ...t,
    app,
    async close() {
      await app.close();
      await t.close();
    },
  };
}

/** Another server on a test database (a restart: stop one, start the next on the same data). */
export async function serverOn(t: TestDatabase): Promise<FastifyInstance> {
  const app = await buildServer({ db: t.db, webRoot: '/nonexistent', auditSealIntervalMs: 0 });
  await app.ready();
  return app;
}

export interface Session {
  username: string;
  cookie: string;
  csrf: string;
  /** Sends a request as this user (cookie + CSRF header), JSON body. */
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
}

/** Creates a user directly (as the system) and returns it as the actor a service is called with. */
export async function userActor(
  t: TestDatabase,
  username: string,
  role: Role,
  unitCode: string,
): Promise<Actor> {
  return actorFor(
    await createUser(t.db.orm, null, {
      username,
      displayName: username,
      role,
      unitCode,
      password: TEST_PASSWORD,
    }),
  );
}

/** Creates a user directly (as the system) and signs in over HTTP. */
export async function userSession(
  t: TestApp,
  username: string,
  role: Role,
  unitCode: string,
): Promise<Session> {
  await createUser(t.db.orm, null, {
    username,
    displayName: username,
    role,
    unitCode,
    password: TEST_PASSWORD,
  });
  return signIn(t.app, username, TEST_PASSWORD);
}

export async function signIn(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'ytcs_session');
  if (!cookie) throw new Error('no session cookie');
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return {
    username,
    cookie: cookie.value,
    csrf,
    request: (method, url, body) =>
      app.inject({
        method,
        url,
        cookies: { ytcs_session: cookie.value },
        headers: { 'x-csrf-token': csrf },
        ...(body !== undefined ? { payload: body as object } : {}),
      }),
  };
}
