// The server's permission table, shared so the app offers only the actions the viewer's roles allow;
// the server still checks every call.
import { permissions, type Permission } from '../../../src/access/permissions.js';

/** Whether the viewer's roles allow `permission`: takes the signed-in user, or anything with roles. */
export function can(me: { roles: readonly string[] }, permission: Permission): boolean {
  const allowed: readonly string[] = permissions[permission];
  return me.roles.some((role) => allowed.includes(role));
}

/** The first of `screens` the viewer's roles open: a viewer's home when the map is not theirs. */
export function firstAllowed<S extends { permission: Permission }>(
  screens: readonly S[],
  me: { roles: readonly string[] },
): S | undefined {
  return screens.find((s) => can(me, s.permission));
}
