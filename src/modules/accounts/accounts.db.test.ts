import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/connection.js';
import { testApp, TEST_PASSWORD, userSession, type TestApp } from '../../test-support/server.js';
import { createApiToken, createUser, LOCKOUT_THRESHOLD, updateUser } from './service.js';
import { systemActor } from '../../core/actor.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

describe('sign-in, sessions and tokens', () => {
  it('signs in with the right password and shows role, scope and permissions', async () => {
    const s = await userSession(t, 'head.tienyen', 'station_head', '22');
    const me = await s.request('GET', '/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      username: 'head.tienyen',
      role: 'station_head',
      unitCode: '22',
      scopePath: 'post2025.p22',
    });
    expect(me.json().permissions).toContain('staff.write');
    expect(me.json().permissions).not.toContain('audit.read');
  });

  it('sets an HttpOnly, SameSite=Strict session cookie', async () => {
    await createUser(t.db.orm, null, {
      username: 'cookie.check',
      displayName: 'x',
      role: 'clinician',
      unitCode: '22',
      password: TEST_PASSWORD,
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'cookie.check', password: TEST_PASSWORD },
    });
    const cookie = res.cookies.find((c) => c.name === 'ytcs_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
  });

  it('rejects a wrong password with the same answer as an unknown user', async () => {
    await createUser(t.db.orm, null, {
      username: 'wrong.pw',
      displayName: 'x',
      role: 'clinician',
      unitCode: '22',
      password: TEST_PASSWORD,
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'wrong.pw', password: 'nope-nope-nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'nobody.here', password: 'nope-nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
  });

  it(`locks the account after ${LOCKOUT_THRESHOLD} failed sign-ins, even for the right password`, async () => {
    await createUser(t.db.orm, null, {
      username: 'lock.me',
      displayName: 'x',
      role: 'clinician',
      unitCode: '22',
      password: TEST_PASSWORD,
    });
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'lock.me', password: 'bad-password-x' },
        remoteAddress: `10.0.0.${i}`,
      });
      expect(r.statusCode).toBe(401);
    }
    const locked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'lock.me', password: TEST_PASSWORD },
      remoteAddress: '10.0.1.1',
    });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().lockedUntil).toBeTruthy();
  });

  it('rate-limits sign-in attempts from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'nobody', password: 'x' },
        remoteAddress: '10.9.9.9',
      });
      statuses.push(r.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('refuses a cookie-authenticated write without the CSRF header', async () => {
    const s = await userSession(t, 'csrf.user', 'station_head', '22');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/07030/hamlets',
      cookies: { ytcs_session: s.cookie },
      payload: { name: 'Thôn CSRF' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toContain('csrf');
  });

  it('accepts bearer tokens on API routes without CSRF, and rejects unknown tokens', async () => {
    await createUser(t.db.orm, null, {
      username: 'robot',
      displayName: 'Integration',
      role: 'province_manager',
      unitCode: '22',
      password: TEST_PASSWORD,
    });
    const { token } = await createApiToken(t.db.orm, 'robot', 'test');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe('robot');
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/units/07030/hamlets',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Thôn Robot' },
    });
    expect(write.statusCode).toBe(201);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: 'Bearer ytcs_not-a-token' },
    });
    expect(bad.statusCode).toBe(401);
  });

  it('ends the session on sign-out', async () => {
    const s = await userSession(t, 'bye.user', 'clinician', '22');
    expect((await s.request('POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    const after = await s.request('GET', '/api/v1/auth/me');
    expect(after.statusCode).toBe(401);
  });

  it('refuses a disabled user at once, though their session and token were just used', async () => {
    // A sign-in resolved moments ago is kept for a few seconds (AUTH_CACHE_MS); disabling the user
    // must not wait for that.
    const s = await userSession(t, 'soon.off', 'clinician', '22');
    const { token } = await createApiToken(t.db.orm, 'soon.off', 'test');
    const byToken = () =>
      t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect((await s.request('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await byToken()).statusCode).toBe(200);
    const [user] = await rows<{ id: string }>(
      t.db.orm,
      sql`SELECT id FROM users WHERE username = 'soon.off'`,
    );
    await updateUser(t.db.orm, systemActor(), user!.id, { disabled: true });
    expect((await s.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await byToken()).statusCode).toBe(401);
  });

  it('answers 401 with problem+json when not signed in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/units' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 401, errors: [] });
  });

  it('does not let a station head create a province manager', async () => {
    const s = await userSession(t, 'head.grant', 'station_head', '07030');
    const res = await s.request('POST', '/api/v1/users', {
      username: 'sneaky.boss',
      displayName: 'Boss',
      role: 'province_manager',
      unitCode: '07030',
      password: TEST_PASSWORD,
    });
    expect(res.statusCode).toBe(403);
  });
});
