// The server's permission table, shared so the app offers only the actions the viewer's roles allow;
// the server still checks every call.
import { permissions, type Permission } from '../../../src/access/permissions.js';

/** Whether the viewer's roles allow `permission`: takes the signed-in user, or anything with roles. */
export function can(me: { roles: readonly string[] }, permission: Permission): boolean {
  const allowed: readonly string[] = permissions[permission];
  return me.roles.some((role) => allowed.includes(role));
}
