import { type AppError, forbidden } from '../platform/errors.js';
import type { Actor, Role } from './actor.js';

const everyone: readonly Role[] = ['admin', 'coordinator', 'commander', 'analyst', 'observer', 'person'];
const staff: readonly Role[] = ['admin', 'coordinator', 'commander', 'analyst', 'observer'];

/**
 * The coarse permission of every route: which roles of either party may call it at all. Whether
 * a given record is theirs to see or change is the service's question, asked of the agreement.
 */
export const permissions = {
  'party.read': everyone,
  'me.read': everyone,
  'me.update': everyone,
  'session.end': everyone,
  'token.manage': staff,
  'user.read': ['admin'],
  'user.create': ['admin'],
  'user.disable': ['admin'],
  'user.reset_password': ['admin'],
  'device.read': ['admin', 'coordinator'],
  'device.create': ['admin', 'coordinator'],
  'device.revoke': ['admin', 'coordinator'],
  'audit.read': ['admin', 'coordinator', 'analyst', 'observer'],
  'audit.checkpoint': ['admin'],
  'agreement.read': staff,
  'agreement.manage': ['admin'],
  'person.read': staff,
  'person.write': ['admin', 'coordinator'],
  'site.read': staff,
  'site.write': ['admin', 'coordinator'],
  'unit.read': staff,
  'unit.write': ['admin', 'coordinator'],
  'incident.read': staff,
  'incident.write': ['admin', 'analyst'],
  'report.read': staff,
  'risk.read': staff,
  'risk.zone': ['admin', 'analyst'],
  'risk.zone.approve': ['admin', 'coordinator'],
  'movement.read': everyone,
  'movement.request': ['admin', 'coordinator'],
  'movement.approve': ['coordinator'],
  // Any staff role may ask; the agreement's `emergency` clause names who may break glass.
  'movement.break_glass': staff,
  'movement.assign': ['admin', 'coordinator'],
  'movement.task': ['commander'],
  'movement.execute': ['coordinator', 'commander'],
  'position.read': staff,
  // A protected person sees their own device's last fix, and nobody else's.
  'position.own': ['person'],
  // Issue 13: the stream carries each person their own roll-call questions, and staff the rest.
  'stream.read': everyone,
  'rollcall.read': staff,
  'rollcall.start': ['admin', 'coordinator'],
  // A protected person answers for themself; staff of their party on their behalf, recorded as such.
  'rollcall.answer': ['person'],
  'rollcall.answer_for': ['admin', 'coordinator', 'commander'],
  'alert.read': staff,
  // Named users of either party handle an alert they may see: acknowledge it, resolve it.
  'alert.handle': ['admin', 'coordinator', 'commander'],
  // A protected person raises their own SOS; staff raise one for a person they may see.
  'alert.sos': everyone,
  'checkin.read': staff,
  'checkin.schedule': ['admin', 'coordinator'],
  // A person checks in for themself; staff check in for a person or movement.
  'checkin.record': everyone,
  // Each user their own preferences and deliveries; the service widens the log to a
  // coordinator's or admin's party.
  'notification.preferences': everyone,
  'notification.read': everyone,
  'webhook.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

/**
 * What a route asks of its caller: `public` (anyone), `device` (a device token), or a permission
 * that some role of a signed-in user grants.
 */
export type RouteAccess = 'public' | 'device' | Permission;

/** Permissions an admin may use before enrolling TOTP: just enough to enrol, or to leave. */
export const beforeSecondFactor: ReadonlySet<RouteAccess> = new Set(['me.read', 'me.update', 'session.end']);

/** Whether the actor may call a route of this access level at all. */
export function isAllowed(actor: Actor, access: RouteAccess): boolean {
  if (access === 'public') return true;
  if (access === 'device') return actor.type === 'device';
  if (actor.type !== 'user') return false;
  const allowed: readonly Role[] = permissions[access];
  return actor.roles.some((role) => allowed.includes(role));
}

/** The 403 for a caller the route's access rule does not admit: it names the roles that would be. */
export function accessRefused(access: Exclude<RouteAccess, 'public'>): AppError {
  if (access === 'device') return forbidden('Only a device token may call this', { caller: 'device' });
  const roles: readonly Role[] = permissions[access];
  return forbidden(`This needs the role ${roles.join(' or ')} (${access})`, { roles, permission: access });
}
