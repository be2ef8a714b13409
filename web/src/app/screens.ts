import { lazy, type ComponentType } from 'react';
import type { Permission } from '../../../src/access/permissions.js';
import { can, firstAllowed } from './can.js';

/** A screen's module, loaded when first shown: the sign-in form does not wait for the map's code. */
const screen = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

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
  {
    path: '/',
    label: 'nav.map',
    permission: 'risk.read',
    component: screen(() => import('../map/OperationsMap.js'), 'OperationsMap'),
  },
  {
    // A protected person's own screen: their home, as the map at `/` is staff's.
    path: '/phone',
    label: 'phone.nav',
    permission: 'position.own',
    component: screen(() => import('../phone/PhoneScreen.js'), 'PhoneScreen'),
  },
  {
    path: '/incidents',
    label: 'incidents.nav',
    permission: 'incident.read',
    component: screen(() => import('../incidents/IncidentsScreen.js'), 'IncidentsScreen'),
  },
  {
    path: '/movements',
    label: 'movements.nav',
    permission: 'movement.read',
    component: screen(() => import('../movements/MovementsScreen.js'), 'MovementsScreen'),
  },
  {
    path: '/rollcalls',
    label: 'rollcalls.nav',
    permission: 'rollcall.read',
    component: screen(() => import('../alerts/RollcallsScreen.js'), 'RollcallsScreen'),
  },
  {
    path: '/registry',
    label: 'registry.nav',
    permission: 'person.read',
    component: screen(() => import('../registry/RegistryScreen.js'), 'RegistryScreen'),
  },
  {
    path: '/reports',
    label: 'reports.nav',
    permission: 'report.read',
    component: screen(() => import('../reports/ReportScreen.js'), 'ReportScreen'),
  },
  {
    path: '/risk',
    label: 'riskScreen.nav',
    permission: 'risk.read',
    component: screen(() => import('../risk/RiskScreen.js'), 'RiskScreen'),
  },
  {
    path: '/agreement',
    label: 'agreements.nav',
    permission: 'agreement.read',
    component: screen(() => import('../agreement/AgreementScreen.js'), 'AgreementScreen'),
  },
  {
    path: '/audit',
    label: 'auditLog.nav',
    permission: 'audit.read',
    component: screen(() => import('../audit/AuditScreen.js'), 'AuditScreen'),
  },
  {
    path: '/admin/users',
    label: 'admin.users.nav',
    permission: 'user.read',
    component: screen(() => import('../admin/UsersScreen.js'), 'UsersScreen'),
  },
  {
    path: '/admin/tokens',
    label: 'admin.tokens.nav',
    permission: 'token.manage',
    component: screen(() => import('../admin/TokensScreen.js'), 'TokensScreen'),
  },
  {
    path: '/admin/devices',
    label: 'admin.devices.nav',
    permission: 'device.read',
    component: screen(() => import('../admin/DevicesScreen.js'), 'DevicesScreen'),
  },
];

/** The screen for a path: the longest screen path that is the path or a folder above it. */
export function screenFor(path: string): Screen | undefined {
  const answers = (s: Screen) => path === s.path || (s.path !== '/' && path.startsWith(s.path + '/'));
  return screens.filter(answers).sort((a, b) => b.path.length - a.path.length)[0];
}

/**
 * The screen a viewer sees at a path: at `/`, when the map is not theirs to see, the first screen
 * their roles open instead (a protected person lands on their phone view, not a refusal).
 */
export function screenForViewer(path: string, me: { roles: readonly string[] }): Screen | undefined {
  const found = screenFor(path);
  if (path !== '/' || !found || can(me, found.permission)) return found;
  return firstAllowed(screens, me) ?? found;
}
