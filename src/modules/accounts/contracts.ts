/**
 * Roles, permissions and the account shapes shared by the server and the web app.
 * Must not import database or server code.
 */
import { z } from 'zod';

export const ROLES = [
  'system_admin', // quản trị hệ thống
  'province_manager', // quản lý Sở Y tế
  'station_head', // trưởng trạm y tế
  'clinician', // y, bác sĩ tại trạm
  'village_health_worker', // nhân viên y tế thôn bản
  'auditor', // thanh tra / kiểm tra
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'network.read',
  'network.write', // facilities
  'hamlets.write',
  'staff.write',
  'users.manage',
  'audit.read',
  'person.read',
  'person.write',
  'claims.export', // insurance claim XML and the station registers (A1)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  system_admin: PERMISSIONS,
  province_manager: [
    'network.read',
    'network.write',
    'hamlets.write',
    'staff.write',
    'users.manage',
    'person.read',
    'claims.export',
  ],
  station_head: [
    'network.read',
    'hamlets.write',
    'staff.write',
    'users.manage',
    'person.read',
    'person.write',
    'claims.export',
  ],
  clinician: ['network.read', 'person.read', 'person.write', 'claims.export'],
  village_health_worker: ['network.read', 'person.read', 'person.write'],
  auditor: ['network.read', 'audit.read', 'person.read', 'claims.export'],
};

/** Which roles a user manager may hand out: never a role above their own. */
export const ROLES_GRANTABLE_BY: Record<Role, readonly Role[]> = {
  system_admin: ROLES,
  province_manager: ['province_manager', 'station_head', 'clinician', 'village_health_worker', 'auditor'],
  station_head: ['clinician', 'village_health_worker'],
  clinician: [],
  village_health_worker: [],
  auditor: [],
};

export const username = z
  .string()
  .trim()
  .min(3, 'at least 3 characters')
  .max(40)
  .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, dash or underscore only');
export const password = z.string().min(10, 'at least 10 characters').max(200);

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

export const auditEventOut = z.object({
  seq: z.number(),
  occurredAt: z.string(),
  actorUsername: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  unitPath: z.string().nullable(),
  outcome: z.string(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
