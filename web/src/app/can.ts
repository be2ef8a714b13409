// The server's permission table, shared so the app offers only the actions the viewer's roles allow;
// the server still checks every call.
import { permissions, type Permission } from '../../../src/access/permissions.js';
import type { Me } from '../auth/session.js';

export function can(me: Me, permission: Permission): boolean {
  const allowed: readonly string[] = permissions[permission];
  return me.roles.some((role) => allowed.includes(role));
}
