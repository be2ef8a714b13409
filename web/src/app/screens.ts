import type { ComponentType } from 'react';
import type { Permission } from '../../../src/access/permissions.js';
import { DevicesScreen } from '../admin/DevicesScreen.js';
import { TokensScreen } from '../admin/TokensScreen.js';
import { UsersScreen } from '../admin/UsersScreen.js';
import { AuditScreen } from '../audit/AuditScreen.js';
import { OperationsMap } from '../map/OperationsMap.js';

/**
 * The app's screens, in navigation order: the path (a screen also answers the paths below it,
 * `/incidents/abc`), the navigation label's key, the permission that shows it, and its component.
 * A new screen is one line here and its own folder.
 */
export interface Screen {
  path: string;
  label: string;
  permission: Permission;
  component: ComponentType;
}

export const screens: Screen[] = [
  { path: '/', label: 'nav.map', permission: 'risk.read', component: OperationsMap },
  { path: '/audit', label: 'auditLog.nav', permission: 'audit.read', component: AuditScreen },
  { path: '/admin/users', label: 'admin.users.nav', permission: 'user.read', component: UsersScreen },
  { path: '/admin/tokens', label: 'admin.tokens.nav', permission: 'token.manage', component: TokensScreen },
  { path: '/admin/devices', label: 'admin.devices.nav', permission: 'device.read', component: DevicesScreen },
];

/** The screen for a path: the longest screen path that is the path or a folder above it. */
export function screenFor(path: string): Screen | undefined {
  const answers = (s: Screen) => path === s.path || (s.path !== '/' && path.startsWith(s.path + '/'));
  return screens.filter(answers).sort((a, b) => b.path.length - a.path.length)[0];
}
