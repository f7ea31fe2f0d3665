import { ROLE_PERMISSIONS, type Permission, type Role } from './permissions.js';
import { AppError } from './errors.js';

/**
 * Who is acting, and over what part of the country. Every service function takes an actor; every
 * query it runs is filtered by `scopePath` (an ltree path: the actor sees its subtree only).
 */
export interface Actor {
  userId: string | null;
  username: string;
  role: Role | 'system';
  scopePath: string;
  permissions: ReadonlySet<Permission>;
  /** Where the request came from, for the audit log. */
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
}

/** Each role's permissions, made once (an actor is made on every request). */
const rolePermissions = new Map<Role, ReadonlySet<Permission>>();
const permissionsOf = (role: Role): ReadonlySet<Permission> => {
  let set = rolePermissions.get(role);
  if (!set) rolePermissions.set(role, (set = new Set(ROLE_PERMISSIONS[role])));
  return set;
};

export function actorFor(
  user: { id: string; username: string; role: Role; scopePath: string },
  origin: Partial<Pick<Actor, 'ip' | 'userAgent' | 'requestId'>> = {},
): Actor {
  return {
    userId: user.id,
    username: user.username,
    role: user.role,
    scopePath: user.scopePath,
    permissions: permissionsOf(user.role),
    ...origin,
  };
}

/** The system itself (migrations, the demo generator, CLI administration): whole country. */
export function systemActor(label = 'system'): Actor {
  return {
    userId: null,
    username: label,
    role: 'system',
    scopePath: 'post2025',
    permissions: new Set(ROLE_PERMISSIONS.system_admin),
  };
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission))
    throw new AppError('forbidden', `Your role (${actor.role}) may not do this (needs ${permission})`, {
      extra: { permission },
      // A forbidden action is audited like a record out of scope (docs/adr/0005, 0036): the HTTP
      // layer appends the denial after the rollback.
      denial: { entityType: 'permission', entityId: permission, details: { permission } },
    });
}

/** True when `path` lies in the actor's subtree (the same test as SQL's `path <@ scope_path`). */
export function inScope(actor: Actor, path: string): boolean {
  return path === actor.scopePath || path.startsWith(actor.scopePath + '.');
}

/** Actors scoped to the whole country (system admins, national auditors). */
export function isNational(actor: Actor): boolean {
  return actor.scopePath === 'post2025';
}
