/**
 * Roles, permissions and the account shapes shared by the server and the web app.
 * Must not import database or server code.
 */
import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../../core/permissions.js';

// Roles and permissions are owned once, in core (the actor carries them); re-exported for the web.
export {
  PERMISSIONS,
  ROLES,
  ROLE_PERMISSIONS,
  ROLES_GRANTABLE_BY,
  type Permission,
  type Role,
} from '../../core/permissions.js';
export const username = z
  .string()
  .trim()
  .min(3, 'at least 3 characters')
  .max(40)
  .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, dash or underscore only');
/** NIST SP 800-63B: length, no composition rules; the blocklist is checked by the server (docs/adr/0036). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
export const password = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

export const loginInput = z.object({
  username: z.string().trim().min(1, 'required').max(40),
  password: z.string().min(1, 'required').max(200),
});

export const userOut = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  unitCode: z.string(),
  unitName: z.string(),
  scopePath: z.string(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
});
export type UserOut = z.infer<typeof userOut>;

export const meOut = userOut.extend({
  permissions: z.array(z.enum(PERMISSIONS)),
  csrfToken: z.string().optional(),
});
export type MeOut = z.infer<typeof meOut>;

export const userInput = z.object({
  username,
  displayName: z.string().trim().min(2).max(120),
  role: z.enum(ROLES),
  unitCode: z.string().trim().min(2).max(12),
  password,
});
export type UserInput = z.infer<typeof userInput>;
export const userPatch = z.object({
  displayName: z.string().trim().min(2).max(120).optional(),
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
  password: password.optional(),
  unlock: z.boolean().optional(),
});
