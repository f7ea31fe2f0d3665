import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../db/connection.js';
import { testApp, TEST_PASSWORD, userSession, type TestApp } from '../../test-support/server.js';
import { AppError } from '../../core/errors.js';
import { listAuditEvents } from '../audit/index.js';
import {
  ADDRESS_FAILURE_LIMIT,
  createApiToken,
  createUser,
  login,
  LOCKOUT_THRESHOLD,
  setPasswordBySystem,
  updateUser,
} from './service.js';
import { systemActor } from '../../core/actor.js';
import type { Role } from './contracts.js';

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

const loginAs = (username: string, password: string, extra: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, ...extra });
const cookieOf = (res: Awaited<ReturnType<typeof loginAs>>) =>
  res.cookies.find((c) => c.name === 'ytcs_session')!.value;
const me = (cookie: string) =>
  t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { ytcs_session: cookie } });
/** A user made directly, signed in from an address of its own (the per-address limit is 10 a minute). */
let nextAddress = 0;
async function makeUser(username: string, role: Role, unitCode: string) {
  await createUser(t.db.orm, null, {
    username,
    displayName: username,
    role,
    unitCode,
    password: TEST_PASSWORD,
  });
  const res = await loginAs(username, TEST_PASSWORD, { remoteAddress: `10.50.${nextAddress++}.1` });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = cookieOf(res);
  const csrf = res.json().csrfToken as string;
  return {
    cookie,
    csrf,
    request: (method: 'GET' | 'PATCH', url: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        cookies: { ytcs_session: cookie },
        headers: { 'x-csrf-token': csrf },
        ...(payload ? { payload } : {}),
      }),
  };
}
const idOf = async (username: string) =>
  (await rows<{ id: string }>(t.db.orm, sql`SELECT id FROM users WHERE username = ${username}`))[0]!.id;
const eventsOf = async (filter: { entityId?: string; action?: string; actorUsername?: string }) =>
  (await listAuditEvents(t.db.orm, systemActor(), filter, { limit: 100, offset: 0 })).items;

describe('sessions rotated (docs/adr/0036)', () => {
  it('gives a new session at every sign-in and ends the one the browser came with', async () => {
    await makeUser('rotate.me', 'clinician', '22');
    const first = await loginAs('rotate.me', TEST_PASSWORD, { remoteAddress: '10.1.0.1' });
    const a = cookieOf(first);
    // Signing in again from the same browser (its cookie and CSRF token sent along).
    const second = await loginAs('rotate.me', TEST_PASSWORD, {
      remoteAddress: '10.1.0.1',
      cookies: { ytcs_session: a },
      headers: { 'x-csrf-token': first.json().csrfToken },
    });
    expect(second.statusCode).toBe(200);
    const b = cookieOf(second);
    expect(b).not.toBe(a);
    expect(second.json().csrfToken).not.toBe(first.json().csrfToken);
    expect((await me(a)).statusCode).toBe(401);
    expect((await me(b)).statusCode).toBe(200);
  });

  it('ends a stale or planted session id on sign-in, and leaves the user’s other sessions alone', async () => {
    await makeUser('rotate.two', 'clinician', '22');
    const phone = cookieOf(await loginAs('rotate.two', TEST_PASSWORD, { remoteAddress: '10.1.0.2' }));
    // A cookie that is no session (planted, or long expired) is not adopted: a new one is made.
    const fresh = await loginAs('rotate.two', TEST_PASSWORD, {
      remoteAddress: '10.1.0.3',
      cookies: { ytcs_session: 'planted-by-someone-else' },
    });
    expect(cookieOf(fresh)).not.toBe('planted-by-someone-else');
    expect((await me(cookieOf(fresh))).statusCode).toBe(200);
    expect((await me(phone)).statusCode).toBe(200); // another device's session is not ended
  });

  it('ends every session of a user whose password is changed, by an administrator or the CLI', async () => {
    await makeUser('new.pass', 'clinician', '22');
    const laptop = cookieOf(await loginAs('new.pass', TEST_PASSWORD, { remoteAddress: '10.1.0.4' }));
    const phone = cookieOf(await loginAs('new.pass', TEST_PASSWORD, { remoteAddress: '10.1.0.5' }));
    await updateUser(t.db.orm, systemActor(), await idOf('new.pass'), { password: 'một mật khẩu mới dài' });
    expect((await me(laptop)).statusCode).toBe(401);
    expect((await me(phone)).statusCode).toBe(401);
    expect((await loginAs('new.pass', TEST_PASSWORD, { remoteAddress: '10.1.0.6' })).statusCode).toBe(401);
    const again = await loginAs('new.pass', 'một mật khẩu mới dài', { remoteAddress: '10.1.0.6' });
    expect(again.statusCode).toBe(200);
    await setPasswordBySystem(t.db.orm, 'new.pass', 'mật khẩu thứ ba khá dài');
    expect((await me(cookieOf(again))).statusCode).toBe(401);
  });
});

describe('the password policy on every new password (docs/adr/0036)', () => {
  it('refuses a short, common, sequential or own-name password field by field, in Vietnamese or English', async () => {
    const admin = await makeUser('policy.admin', 'system_admin', 'VN');
    const attempt = (password: string, lang?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        cookies: { ytcs_session: admin.cookie },
        headers: { 'x-csrf-token': admin.csrf, ...(lang ? { 'accept-language': lang } : {}) },
        payload: {
          username: 'nguyenthihoa',
          displayName: 'Nguyễn Thị Hoa',
          role: 'clinician',
          unitCode: '22',
          password,
        },
      });
    const short = await attempt('ngắn quá');
    expect(short.statusCode).toBe(400); // the shared schema: 12 characters at least
    expect(short.json().errors).toEqual([
      { path: 'body.password', code: 'too_small', message: 'phải có ít nhất 12 ký tự' },
    ]);
    const common = await attempt('Matkhau@2025!');
    expect(common.statusCode).toBe(422);
    expect(common.json().errors).toEqual([
      {
        path: 'password',
        code: 'common',
        message: 'Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn một cụm từ khác',
      },
    ]);
    const sequence = await attempt('123456789012', 'en');
    expect(sequence.json().errors).toEqual([
      {
        path: 'password',
        code: 'repetitive',
        message: 'The password is only repeated characters or a sequence (like 123456…, abcd…, qwerty…)',
      },
    ]);
    const ownName = await attempt('nguyenthihoa@1990');
    expect(ownName.json().errors[0].code).toBe('contains_name');
    expect((await attempt('hoa ở trạm y tế tiên yên')).statusCode).toBe(201);
  });

  it('applies to a password set by an administrator and by the CLI', async () => {
    await makeUser('policy.target', 'clinician', '22');
    const id = await idOf('policy.target');
    await expect(updateUser(t.db.orm, systemActor(), id, { password: 'password1234' })).rejects.toMatchObject(
      {
        status: 422,
        errors: [{ path: 'password', code: 'common' }],
      },
    );
    await expect(setPasswordBySystem(t.db.orm, 'policy.target', 'aaaaaaaaaaaaaa')).rejects.toMatchObject({
      errors: [{ code: 'repetitive' }],
    });
  });
});

describe('lock-out and throttling (docs/adr/0036)', () => {
  it('audits each failure and the lock, and an administrator unlocks the account', async () => {
    await makeUser('lock.audit', 'clinician', '22');
    const id = await idOf('lock.audit');
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++)
      await loginAs('lock.audit', 'not-the-password', { remoteAddress: `10.2.0.${i}` });
    const locked = await loginAs('lock.audit', TEST_PASSWORD, { remoteAddress: '10.2.1.1' });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().errors[0]).toMatchObject({ path: 'username', code: 'locked' });
    expect(locked.json().errors[0].message).toContain('Tài khoản tạm khóa do đăng nhập sai nhiều lần');
    const failures = (await eventsOf({ entityId: id, action: 'login_failed' })).reverse();
    expect(failures.map((e) => [e.outcome, e.details.reason, e.details.failedInARow])).toEqual([
      ['failed', 'wrong_password', 1],
      ['failed', 'wrong_password', 2],
      ['failed', 'wrong_password', 3],
      ['failed', 'wrong_password', 4],
      ['failed', 'wrong_password', 5],
      ['denied', 'locked', undefined],
    ]);
    expect(failures[4]!.details.lockedUntil).toBeTruthy(); // the fifth failure locked it
    expect(failures[3]!.details.lockedUntil).toBeUndefined();
    expect(failures.map((e) => e.ip)).toEqual([
      '10.2.0.0',
      '10.2.0.1',
      '10.2.0.2',
      '10.2.0.3',
      '10.2.0.4',
      '10.2.1.1',
    ]);

    const admin = await makeUser('unlock.admin', 'province_manager', '22');
    const unlock = await admin.request('PATCH', `/api/v1/users/${id}`, { unlock: true });
    expect(unlock.json()).toMatchObject({ lockedUntil: null });
    const [change] = await eventsOf({ entityId: id, action: 'update' });
    expect(change).toMatchObject({ actorUsername: 'unlock.admin', details: { fields: ['unlock'] } });
    expect((await loginAs('lock.audit', TEST_PASSWORD, { remoteAddress: '10.2.1.2' })).statusCode).toBe(200);
  });

  it(`refuses an address after ${ADDRESS_FAILURE_LIMIT} failed sign-ins across accounts in 15 minutes, audited`, async () => {
    await makeUser('spray.target', 'clinician', '22');
    const from = { ip: '10.3.3.3', userAgent: 'test' };
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => (e instanceof AppError ? `${e.status} ${e.kind}` : String(e)),
      );
    // Password spraying: one guess at each of many accounts, never locking one.
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++)
      expect(await refusal(login(t.db.orm, `spray.${i % 7}`, 'sommar-2025-guess', from))).toBe(
        '401 unauthenticated',
      );
    // Now even the right password is refused from that address, and the refusal is audited.
    expect(await refusal(login(t.db.orm, 'spray.target', TEST_PASSWORD, from))).toBe('429 rate-limited');
    const [last] = await eventsOf({ action: 'login_failed', actorUsername: 'spray.target' });
    expect(last).toMatchObject({
      ip: '10.3.3.3',
      outcome: 'denied',
      details: { reason: 'address_throttled', failures: ADDRESS_FAILURE_LIMIT, windowMinutes: 15 },
    });
    // Another address is not held back.
    expect(await refusal(login(t.db.orm, 'spray.target', TEST_PASSWORD, { ip: '10.3.3.4' }))).toBeUndefined();
  });
});

describe('the security headers of every answer (docs/adr/0036)', () => {
  it('send a content security policy for the web app: own scripts and workers only, no upgrade on plain HTTP', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(res.headers['content-security-policy']).split(';');
    expect(csp).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "script-src-attr 'none'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'self'",
        "base-uri 'self'",
        "form-action 'self'",
      ]),
    );
    expect(csp).not.toContain('upgrade-insecure-requests'); // a station's LAN is plain HTTP
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});
