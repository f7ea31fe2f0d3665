import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../core/actor.js';
import { actorFor, inScope, requirePermission } from '../../core/actor.js';
import { AppError, conflict, invalid, notFound } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Page, Paging } from '../../core/paging.js';
import type { Executor, Orm } from '../../db/connection.js';
import { rows } from '../../db/connection.js';
import { findUnit } from '../network/index.js';
import { audit, countRecentEvents } from '../audit/index.js';
import type { MeOut, Role, UserInput, UserOut } from './contracts.js';
import { ROLE_PERMISSIONS, ROLES, ROLES_GRANTABLE_BY } from './contracts.js';
import { passwordProblems } from './password-policy.js';
import { hashPassword, newSecret, secretHash, verifyPassword } from './passwords.js';
import { apiTokens, sessions, users } from './schema.js';

export const SESSION_TTL_HOURS = 12;
/** Failed sign-ins in a row that lock an account, and for how long (docs/adr/0005, 0036). */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;
/**
 * Failed sign-ins from one client address, over any accounts, within the window, after which the
 * address is refused (429) until the window has moved on: guessing across many accounts, which the
 * per-account lock does not see. Counted from the audit log, so every process sees the same count.
 */
export const ADDRESS_FAILURE_LIMIT = Number(process.env.YTCS_LOGIN_ADDRESS_FAILURES ?? 20);
export const ADDRESS_WINDOW_MINUTES = 15;

/** A new password checked against the policy (password-policy.ts); refused field by field. */
function checkNewPassword(password: string, about: { username: string; displayName?: string }): void {
  const problems = passwordProblems(password, about);
  if (problems.length) throw invalid(problems, 'The new password does not meet the password policy');
}

type UserRow = typeof users.$inferSelect;

async function toUserOut(db: Executor, u: UserRow): Promise<UserOut> {
  const unit = await findUnit(db, { id: u.unitId });
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitCode: unit?.code ?? '',
    unitName: unit?.fullName ?? '',
    scopePath: u.scopePath,
    disabled: u.disabled,
    lockedUntil: u.lockedUntil ? u.lockedUntil.toISOString() : null,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
  };
}

async function resolveScopeUnit(db: Executor, unitCode: string) {
  const unit = await findUnit(db, { code: unitCode, map: 'post2025' });
  if (!unit)
    throw invalid([
      { path: 'unitCode', code: 'unknown_unit', message: `no unit with code ${unitCode} on the current map` },
    ]);
  return unit;
}

/** Creates a user. `actor` null = the system (CLI, bootstrap), which may create any role. */
export async function createUser(db: Orm, actor: Actor | null, input: UserInput): Promise<UserOut> {
  checkNewPassword(input.password, { username: input.username, displayName: input.displayName });
  if (!ROLES.includes(input.role))
    throw invalid([
      { path: 'role', code: 'invalid_enum', message: `role must be one of ${ROLES.join(', ')}` },
    ]);
  const unit = await resolveScopeUnit(db, input.unitCode);
  if (actor) {
    requirePermission(actor, 'users.manage');
    if (!inScope(actor, unit.path)) throw notFound('Unit');
    const grantable = actor.role === 'system' ? ROLES : ROLES_GRANTABLE_BY[actor.role];
    if (!grantable.includes(input.role))
      throw new AppError('forbidden', `Your role may not create ${input.role} accounts`);
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const existing = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    if (existing.length)
      throw conflict('This username is taken', [
        { path: 'username', code: 'taken', message: 'username already exists' },
      ]);
    const [row] = await tx
      .insert(users)
      .values({
        id: newId(),
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        unitId: unit.id,
        scopePath: unit.path,
        passwordHash,
      })
      .returning();
    await audit(tx, actor, {
      action: 'create',
      entityType: 'user',
      entityId: row!.id,
      unitPath: unit.path,
      details: { username: input.username, role: input.role },
    });
    return toUserOut(tx, row!);
  });
}

async function getUserInScope(db: Executor, actor: Actor, id: string): Promise<UserRow> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), sql`${users.scopePath} <@ ${actor.scopePath}::ltree`));
  if (!row) throw notFound('User');
  return row;
}

export async function updateUser(
  db: Orm,
  actor: Actor,
  id: string,
  patch: {
    displayName?: string | undefined;
    role?: Role | undefined;
    disabled?: boolean | undefined;
    password?: string | undefined;
    unlock?: boolean | undefined;
  },
): Promise<UserOut> {
  requirePermission(actor, 'users.manage');
  if (patch.password) {
    const target = await getUserInScope(db, actor, id);
    checkNewPassword(patch.password, {
      username: target.username,
      displayName: patch.displayName ?? target.displayName,
    });
  }
  const passwordHash = patch.password ? await hashPassword(patch.password) : undefined;
  const updated = await db.transaction(async (tx) => {
    const current = await getUserInScope(tx, actor, id);
    const grantable = actor.role === 'system' ? ROLES : ROLES_GRANTABLE_BY[actor.role];
    if (!grantable.includes(current.role) || (patch.role && !grantable.includes(patch.role)))
      throw new AppError('forbidden', 'Your role may not change this account');
    const [row] = await tx
      .update(users)
      .set({
        ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        ...(passwordHash ? { passwordHash, failedLogins: 0, lockedUntil: null } : {}),
        ...(patch.unlock ? { failedLogins: 0, lockedUntil: null } : {}),
      })
      .where(eq(users.id, id))
      .returning();
    if (patch.disabled || passwordHash) {
      await tx
        .update(sessions)
        .set({ revokedAt: new Date() })
        .where(and(eq(sessions.userId, id), sql`${sessions.revokedAt} IS NULL`));
    }
    await audit(tx, actor, {
      action: 'update',
      entityType: 'user',
      entityId: id,
      unitPath: current.scopePath,
      details: {
        fields: Object.keys(patch).filter((k) => k !== 'password'),
        passwordChanged: Boolean(passwordHash),
      },
    });
    return toUserOut(tx, row!);
  });
  forgetAuthentications();
  return updated;
}

export async function listUsers(
  db: Executor,
  actor: Actor,
  filter: { q?: string | undefined; role?: Role | undefined },
  paging: Paging,
): Promise<Page<UserOut>> {
  requirePermission(actor, 'users.manage');
  const conditions = [sql`${users.scopePath} <@ ${actor.scopePath}::ltree`];
  if (filter.q)
    conditions.push(
      sql`(ytcs_search_key(${users.username}::text) LIKE '%' || ytcs_search_key(${filter.q}) || '%' OR ytcs_search_key(${users.displayName}) LIKE '%' || ytcs_search_key(${filter.q}) || '%')`,
    );
  if (filter.role) conditions.push(eq(users.role, filter.role));
  const where = and(...conditions);
  const list = await db
    .select()
    .from(users)
    .where(where)
    .orderBy(users.username)
    .limit(paging.limit)
    .offset(paging.offset);
  const [{ total }] = (await rows<{ total: number }>(
    db,
    sql`SELECT count(*)::int AS total FROM users WHERE ${where}`,
  )) as [{ total: number }];
  return {
    items: await Promise.all(list.map((u) => toUserOut(db, u))),
    total,
    limit: paging.limit,
    offset: paging.offset,
  };
}

/** For the CLI: the system sees every user. */
export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row;
}

export async function setPasswordBySystem(db: Orm, username: string, newPassword: string): Promise<void> {
  const user = await findUserByUsername(db, username);
  if (!user) throw notFound(`User ${username}`);
  checkNewPassword(newPassword, { username: user.username, displayName: user.displayName });
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, failedLogins: 0, lockedUntil: null })
      .where(eq(users.id, user.id));
    await tx
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.userId, user.id), sql`${sessions.revokedAt} IS NULL`));
    await audit(tx, null, {
      action: 'update',
      entityType: 'user',
      entityId: user.id,
      unitPath: user.scopePath,
      details: { passwordChanged: true, by: 'cli' },
    });
  });
  forgetAuthentications();
}

export interface Origin {
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
}

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  me: MeOut;
}

/**
 * Password sign-in with lock-out: after LOCKOUT_THRESHOLD failures in a row the account is locked for
 * LOCKOUT_MINUTES (an administrator may unlock it sooner); after ADDRESS_FAILURE_LIMIT failures from
 * one client address within ADDRESS_WINDOW_MINUTES, that address is refused until the window moves
 * on. The same answer is given for an unknown user and a wrong password. Every sign-in makes a new
 * session (a new random token); the session the browser came with, if any, is ended (a session id
 * planted before sign-in is worth nothing after it). Every refusal is audited.
 */
export async function login(
  db: Orm,
  username: string,
  password: string,
  origin: Origin,
  previousSessionToken?: string,
): Promise<LoginResult> {
  const user = await findUserByUsername(db, username);
  const anonymous = {
    userId: null,
    username,
    role: 'system' as const,
    scopePath: '',
    permissions: new Set<never>(),
    ...origin,
  };
  const who = user ? { ...anonymous, userId: user.id, role: user.role } : anonymous;
  if (origin.ip) {
    const since = new Date(Date.now() - ADDRESS_WINDOW_MINUTES * 60_000);
    const failures = await countRecentEvents(db, { action: 'login_failed', ip: origin.ip, since });
    if (failures >= ADDRESS_FAILURE_LIMIT) {
      await audit(db, who, {
        action: 'login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        unitPath: user?.scopePath ?? null,
        outcome: 'denied',
        details: { reason: 'address_throttled', failures, windowMinutes: ADDRESS_WINDOW_MINUTES },
      });
      throw new AppError(
        'rate-limited',
        `Too many failed sign-ins from this address; try again in ${ADDRESS_WINDOW_MINUTES} minutes`,
        {
          extra: { retryAfterSeconds: ADDRESS_WINDOW_MINUTES * 60 },
          errors: [
            {
              path: 'username',
              code: 'address_throttled',
              message: 'too many failed sign-ins from this address',
              text: {
                vi: `Quá nhiều lần đăng nhập sai từ địa chỉ này; hãy thử lại sau ${ADDRESS_WINDOW_MINUTES} phút`,
                en: `Too many failed sign-ins from this address; try again in ${ADDRESS_WINDOW_MINUTES} minutes`,
              },
            },
          ],
        },
      );
    }
  }
  if (user?.lockedUntil && user.lockedUntil > new Date()) {
    await audit(db, who, {
      action: 'login_failed',
      entityType: 'user',
      entityId: user.id,
      unitPath: user.scopePath,
      outcome: 'denied',
      details: { reason: 'locked', lockedUntil: user.lockedUntil.toISOString() },
    });
    const until = user.lockedUntil.toISOString();
    throw new AppError(
      'locked',
      `This account is locked after too many failed sign-ins; try again after ${until} or ask an administrator to unlock it`,
      {
        extra: { lockedUntil: until },
        errors: [
          {
            path: 'username',
            code: 'locked',
            message: 'account locked',
            text: {
              vi: `Tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau ${LOCKOUT_MINUTES} phút hoặc nhờ quản trị viên mở khóa`,
              en: `The account is locked after too many failed sign-ins; try again in ${LOCKOUT_MINUTES} minutes or ask an administrator to unlock it`,
            },
          },
        ],
      },
    );
  }
  const ok = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !ok || user.disabled) {
    let details: Record<string, unknown> = {
      reason: !user ? 'unknown_user' : user.disabled ? 'disabled' : 'wrong_password',
    };
    if (user && !user.disabled) {
      // One statement, so that concurrent failures all count.
      const [row] = await db
        .update(users)
        .set({
          failedLogins: sql`${users.failedLogins} + 1`,
          lockedUntil: sql`CASE WHEN ${users.failedLogins} + 1 >= ${LOCKOUT_THRESHOLD}
            THEN now() + make_interval(mins => ${LOCKOUT_MINUTES}) END`,
        })
        .where(eq(users.id, user.id))
        .returning({ failedLogins: users.failedLogins, lockedUntil: users.lockedUntil });
      details = { ...details, failedInARow: row!.failedLogins };
      if (row!.lockedUntil) details = { ...details, lockedUntil: row!.lockedUntil.toISOString() };
    }
    await audit(db, who, {
      action: 'login_failed',
      entityType: 'user',
      entityId: user?.id ?? null,
      unitPath: user?.scopePath ?? null,
      outcome: 'failed',
      details,
    });
    throw new AppError('unauthenticated', 'Wrong username or password', {
      errors: [{ path: 'password', code: 'invalid_credentials', message: 'wrong username or password' }],
    });
  }
  const sessionToken = newSecret();
  const csrfToken = newSecret(24);
  const expiresAt = new Date(Date.now() + SESSION_TTL_HOURS * 3600_000);
  await db.transaction(async (tx) => {
    if (previousSessionToken) {
      const ended = await tx
        .update(sessions)
        .set({ revokedAt: new Date() })
        .where(
          and(eq(sessions.tokenHash, secretHash(previousSessionToken)), sql`${sessions.revokedAt} IS NULL`),
        )
        .returning({ id: sessions.id });
      if (ended.length) forgetAuthentications();
    }
    await tx.insert(sessions).values({
      id: newId(),
      tokenHash: secretHash(sessionToken),
      userId: user.id,
      csrfToken,
      expiresAt,
      ip: origin.ip ?? null,
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
    });
    await tx
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() })
      .where(eq(users.id, user.id));
    await audit(tx, actorFor(user, origin), {
      action: 'login',
      entityType: 'user',
      entityId: user.id,
      unitPath: user.scopePath,
    });
  });
  return {
    sessionToken,
    csrfToken,
    expiresAt,
    me: { ...(await toUserOut(db, user)), permissions: [...ROLE_PERMISSIONS[user.role]], csrfToken },
  };
}

export interface Authenticated {
  actor: Actor;
  user: UserRow;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
}

/**
 * The two lookups every request makes (session cookie, bearer token), as prepared statements: parsed
 * and planned once per connection. Still one query a request, so a revoked session or token, or a
 * disabled user, is refused at once.
 */
const prepared = new WeakMap<Orm, ReturnType<typeof prepareLookups>>();

function prepareLookups(db: Orm) {
  const hash = sql.placeholder('hash');
  return {
    session: db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.tokenHash, hash),
          sql`${sessions.revokedAt} IS NULL`,
          sql`${sessions.expiresAt} > now()`,
        ),
      )
      .prepare('ytcs_auth_session'),
    token: db
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(
        and(
          eq(apiTokens.tokenHash, hash),
          sql`${apiTokens.revokedAt} IS NULL`,
          sql`(${apiTokens.expiresAt} IS NULL OR ${apiTokens.expiresAt} > now())`,
        ),
      )
      .prepare('ytcs_auth_token'),
  };
}

function lookups(db: Orm) {
  let found = prepared.get(db);
  if (!found) prepared.set(db, (found = prepareLookups(db)));
  return found;
}

/**
 * Callers resolved in the last few seconds, by the hash of their secret (never the secret): a burst
 * of requests costs one lookup. Anything that ends a session or changes a user in this process
 * empties it (`forgetAuthentications`); a revocation made by another process takes effect within
 * AUTH_CACHE_MS. See docs/adr/0016-audit-chained-after-commit.md (request cost).
 */
export const AUTH_CACHE_MS = 5_000;
const AUTH_CACHE_MAX = 10_000;

interface CachedAuth {
  until: number;
  expiresAt: Date | null;
  user: UserRow;
  sessionId?: string;
  csrfToken?: string;
}

const authCache = new Map<string, CachedAuth>();

/** Empties the authentication cache: after a logout, a disabled user, a new password, a new role. */
export function forgetAuthentications(): void {
  authCache.clear();
}

function cachedAuth(key: string): CachedAuth | undefined {
  const hit = authCache.get(key);
  if (!hit) return undefined;
  const now = Date.now();
  if (hit.until > now && (!hit.expiresAt || hit.expiresAt.getTime() > now)) return hit;
  authCache.delete(key);
  return undefined;
}

function rememberAuth(key: string, entry: Omit<CachedAuth, 'until'>): void {
  if (authCache.size >= AUTH_CACHE_MAX) authCache.delete(authCache.keys().next().value!);
  authCache.set(key, { ...entry, until: Date.now() + AUTH_CACHE_MS });
}

/** Resolves a session cookie. Sliding expiry: each use within the TTL extends it. */
export async function authenticateSession(
  db: Orm,
  token: string,
  origin: Origin,
): Promise<Authenticated | null> {
  const hash = secretHash(token);
  const key = `s:${hash}`;
  let entry = cachedAuth(key);
  if (!entry) {
    const [hit] = await lookups(db).session.execute({ hash });
    if (!hit || hit.user.disabled) return null;
    // Touch at most once a minute, to keep reads cheap.
    let expiresAt = hit.session.expiresAt;
    if (Date.now() - hit.session.lastSeenAt.getTime() > 60_000) {
      expiresAt = new Date(Date.now() + SESSION_TTL_HOURS * 3600_000);
      await db
        .update(sessions)
        .set({ lastSeenAt: new Date(), expiresAt })
        .where(eq(sessions.id, hit.session.id));
    }
    entry = {
      until: 0,
      expiresAt,
      user: hit.user,
      sessionId: hit.session.id,
      csrfToken: hit.session.csrfToken,
    };
    rememberAuth(key, entry);
  }
  return {
    actor: actorFor(entry.user, origin),
    user: entry.user,
    via: 'session',
    sessionId: entry.sessionId!,
    csrfToken: entry.csrfToken!,
  };
}

export async function logout(db: Orm, auth: Authenticated): Promise<void> {
  if (!auth.sessionId) return;
  await db.transaction(async (tx) => {
    await tx.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, auth.sessionId!));
    await audit(tx, auth.actor, {
      action: 'logout',
      entityType: 'user',
      entityId: auth.user.id,
      unitPath: auth.user.scopePath,
    });
  });
  forgetAuthentications();
}

export async function authenticateToken(
  db: Orm,
  token: string,
  origin: Origin,
): Promise<Authenticated | null> {
  const hash = secretHash(token);
  const key = `t:${hash}`;
  let entry = cachedAuth(key);
  if (!entry) {
    const [hit] = await lookups(db).token.execute({ hash });
    if (!hit || hit.user.disabled) return null;
    if (!hit.token.lastUsedAt || Date.now() - hit.token.lastUsedAt.getTime() > 60_000) {
      await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, hit.token.id));
    }
    entry = { until: 0, expiresAt: hit.token.expiresAt, user: hit.user };
    rememberAuth(key, entry);
  }
  return { actor: actorFor(entry.user, origin), user: entry.user, via: 'token' };
}

/** Makes a bearer token for a user (`ytcs token create`). The token is shown once; only its hash is kept. */
export async function createApiToken(
  db: Orm,
  username: string,
  name: string,
  expiresInDays?: number,
): Promise<{ token: string; id: string; expiresAt: Date | null }> {
  const user = await findUserByUsername(db, username);
  if (!user) throw notFound(`User ${username}`);
  const token = `ytcs_${newSecret(32)}`;
  const id = newId();
  const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86400_000) : null;
  await db.transaction(async (tx) => {
    await tx.insert(apiTokens).values({
      id,
      userId: user.id,
      name,
      tokenHash: secretHash(token),
      prefix: token.slice(0, 12),
      expiresAt,
    });
    await audit(tx, null, {
      action: 'token_created',
      entityType: 'user',
      entityId: user.id,
      unitPath: user.scopePath,
      details: { tokenId: id, name },
    });
  });
  return { token, id, expiresAt };
}

export async function meOf(db: Executor, auth: Authenticated): Promise<MeOut> {
  return {
    ...(await toUserOut(db, auth.user)),
    permissions: [...ROLE_PERMISSIONS[auth.user.role]],
    ...(auth.csrfToken ? { csrfToken: auth.csrfToken } : {}),
  };
}

/**
 * The first administrator (username `admin`, whole country). Its password comes from
 * YTCS_ADMIN_PASSWORD; there is no built-in default outside demo mode.
 */
export async function ensureFirstAdmin(
  db: Orm,
  passwordFromEnv: string | undefined,
): Promise<'created' | 'exists' | 'no-password'> {
  if (await findUserByUsername(db, 'admin')) return 'exists';
  if (!passwordFromEnv) return 'no-password';
  await createUser(db, null, {
    username: 'admin',
    displayName: 'Quản trị hệ thống',
    role: 'system_admin',
    unitCode: 'VN',
    password: passwordFromEnv,
  });
  return 'created';
}
