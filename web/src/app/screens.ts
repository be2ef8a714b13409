import type { Permission } from '../../../src/access/permissions.js';

/** The app's screens: path, the navigation label's key, and the permission that shows it. */
export interface Screen {
  path: string;
  label: string;
  permission: Permission;
}

export const screens: Screen[] = [{ path: '/', label: 'nav.map', permission: 'risk.read' }];
