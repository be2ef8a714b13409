import { z } from 'zod';
import { pageQuery } from '../platform/paging.js';
import { includeInactive, ownedRecordRoutes } from './record.routes.js';
import { siteSchema } from './registry.presenter.js';
import { siteInput, siteKinds } from './registry.js';
import type { SiteService } from './site.service.js';
import type { RegistryAccess } from './visibility.js';

/** Sites: project sites, camps, residences, offices, bases. */
export const siteRoutes = ownedRecordRoutes({
  entity: 'site',
  path: '/api/v1/sites',
  schema: siteSchema,
  listQuery: pageQuery.extend({ kind: z.enum(siteKinds).optional(), includeInactive }),
  input: siteInput,
  patch: siteInput.partial(),
  summaries: { list: 'Sites you may see, by name', create: 'Register a site of your party' },
  service: (options: { sites: SiteService; visibility: RegistryAccess }) => options.sites,
});
