// The public face of the accounts module (tài khoản): users, sessions and API tokens. The HTTP layer
// authenticates through it; the CLI, the first start and the demo create users through it. No other
// module reads its tables. Roles and permissions are owned by core/permissions.ts (re-exported here).
export {
  authenticateSession,
  authenticateToken,
  createApiToken,
  createUser,
  ensureFirstAdmin,
  findUserByUsername,
  listUsers,
  login,
  setPasswordBySystem,
  type Authenticated,
} from './service.js';
export { ROLES, type Role, type UserOut } from './contracts.js';
