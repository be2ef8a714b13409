import type { ComponentType } from 'react';
import type { Permission } from '../../../src/access/permissions.js';
import { OperationsMap } from '../map/OperationsMap.js';
import { ReportScreen } from '../reports/ReportScreen.js';
import { RiskScreen } from '../risk/RiskScreen.js';

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
  { path: '/reports', label: 'reports.nav', permission: 'report.read', component: ReportScreen },
  { path: '/risk', label: 'riskScreen.nav', permission: 'risk.read', component: RiskScreen },
];

/** The screen for a path: the longest screen path that is the path or a folder above it. */
export function screenFor(path: string): Screen | undefined {
  const answers = (s: Screen) => path === s.path || (s.path !== '/' && path.startsWith(s.path + '/'));
  return screens.filter(answers).sort((a, b) => b.path.length - a.path.length)[0];
}
