import type { ComponentType } from 'react';
import type { Permission } from '../../../src/access/permissions.js';
import { IncidentsScreen } from '../incidents/IncidentsScreen.js';
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
  { path: '/incidents', label: 'incidents.nav', permission: 'incident.read', component: IncidentsScreen },
];

/** The screen for a path: the longest screen path that is the path or a folder above it. */
export function screenFor(path: string): Screen | undefined {
  const answers = (s: Screen) => path === s.path || (s.path !== '/' && path.startsWith(s.path + '/'));
  return screens.filter(answers).sort((a, b) => b.path.length - a.path.length)[0];
}
